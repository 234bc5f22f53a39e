"""One "steunen" click is one transaction with one result, told the same way from every entry point,
and the motivation follows one rule: at most 280 characters, a line break counting as one, never cut."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from tests.conftest import PASSWORD
from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import Endorsement, Follow, PendingEndorsement
from wijkstem.services.endorsements import endorsements
from wijkstem.services.endorsements.endorsements import EndorseResult


def _endorsements(pillar) -> int:
    return db.session.scalar(select(func.count()).select_from(Endorsement).where(Endorsement.pillar_id == pillar.id))


def _follows(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Follow).where(Follow.user_id == user.id))


@pytest.fixture
def commits(app):
    """How many transactions the database committed while the test ran (savepoints not counted)."""
    seen: list[int] = []

    def count(_connection) -> None:
        seen.append(1)

    event.listen(db.engine, "commit", count)
    yield seen
    event.remove(db.engine, "commit", count)


def test_endorsing_with_both_follow_boxes_is_one_commit(client, login, make_user, pillar, commits):
    user = make_user()
    login(user)
    commits.clear()
    response = client.post(
        f"/manifest/{SLUG}/steunen", data={"motivation": "Ja", "follow_pillar": "y", "follow_municipality": "y"}
    )
    assert response.headers["Location"] == f"/manifest/{SLUG}/bedankt"
    assert len(commits) == 1
    assert _endorsements(pillar) == 1 and _follows(user) == 2


def test_a_second_click_still_saves_the_follow_boxes(client, login, make_user, pillar):
    user = make_user()
    login(user)
    client.post(f"/manifest/{SLUG}/steunen", data={})
    response = client.post(f"/manifest/{SLUG}/steunen", data={"follow_pillar": "y"}, follow_redirects=True)
    assert response.request.path == f"/manifest/{SLUG}/bedankt"
    assert "Je steunt deze pijler al." in response.get_data(as_text=True)
    assert _endorsements(pillar) == 1 and _follows(user) == 1


def test_280_characters_with_line_breaks_fit(client, login, make_user, pillar):
    login(make_user())
    text = "\r\n".join(["x" * 69] * 4) + "x"  # 277 characters and 3 line breaks the browser sends as CRLF
    assert len(text) == 283
    response = client.post(f"/manifest/{SLUG}/steunen", data={"motivation": text})
    assert response.headers["Location"] == f"/manifest/{SLUG}/bedankt"
    assert db.session.scalar(select(Endorsement.motivation)) == text.replace("\r\n", "\n")


def test_a_visitor_with_a_too_long_motivation_is_told_and_nothing_is_cut(client, make_user, pillar):
    user = make_user(email="lang@example.org")
    response = client.get(
        f"/manifest/{SLUG}/steunen/start", query_string={"motivation": "y" * 281}, follow_redirects=True
    )
    assert response.request.path == f"/manifest/{SLUG}"
    assert "Je toelichting mag hoogstens 280 tekens lang zijn." in response.get_data(as_text=True)
    client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD})
    assert _endorsements(pillar) == 0  # no shortened motivation was kept or counted


def test_logging_in_when_already_endorsing_lands_on_the_thank_you_step(client, make_user, pillar):
    user = make_user(email="al@example.org")
    endorsements.endorse_pillar(user, pillar, "Eerder")
    client.get(f"/manifest/{SLUG}/steunen/start", query_string={"motivation": "Nog eens", "account": "inloggen"})
    response = client.post("/account/inloggen", data={"email": user.email, "password": PASSWORD}, follow_redirects=True)
    assert response.request.path == f"/manifest/{SLUG}/bedankt"
    assert "Je steunt deze pijler al." in response.get_data(as_text=True)
    assert _endorsements(pillar) == 1


def test_the_service_says_what_became_of_each_click(make_user, pillar):
    assert endorsements.endorse(make_user(), pillar, "Goed") is EndorseResult.COUNTED
    person = make_user()
    endorsements.endorse(person, pillar)
    assert endorsements.endorse(person, pillar) is EndorseResult.ALREADY
    newcomer = make_user(email_confirmed_at=None)
    assert endorsements.endorse(newcomer, pillar, "Later", follow_pillar=True) is EndorseResult.PENDING
    assert db.session.scalar(select(PendingEndorsement.motivation)) == "Later" and _follows(newcomer) == 1
    assert endorsements.endorse(make_user(), pillar, "z" * 281) is EndorseResult.TOO_LONG
    assert _endorsements(pillar) == 2
