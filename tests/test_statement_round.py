"""The voting round "Stem over stellingen" without JavaScript: every answer is a POST and a redirect
to the next statement."""

from __future__ import annotations

from sqlalchemy import select

from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import StatementVote
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject

ROUND = f"/manifest/{SLUG}/stellingen"


def _answer(browser, ref: str, keuze: str):
    return browser.post(ROUND, data={"stelling": ref, "keuze": keuze}, follow_redirects=True)


def _shown_ref(html: str) -> str:
    start = html.index('name="stelling" value="') + len('name="stelling" value="')
    return html[start : html.index('"', start)]


def test_a_visitor_sees_the_first_statement_and_is_asked_to_log_in(app, pillar):
    html = app.test_client().get(ROUND).get_data(as_text=True)
    assert "Stem over stellingen" in html and pillar.points[0].text in html
    assert "Log in om te stemmen" in html
    response = app.test_client().post(ROUND, data={"stelling": f"punt-{pillar.points[0].id}", "keuze": "eens"})
    assert response.status_code == 302 and "/account/inloggen" in response.headers["Location"]


def test_each_answer_shows_the_next_until_all_are_answered(make_user, client_for, pillar):
    writer, voter = make_user(), make_user(perspective="politician")
    comments.post_comment(writer, Subject.PILLAR, pillar.id, "Geef bewoners een eigen budget")
    mine = comments.post_comment(voter, Subject.PILLAR, pillar.id, "Mijn eigen stelling")
    db.session.commit()
    browser = client_for(voter)
    html = browser.get(ROUND).get_data(as_text=True)
    total = len(pillar.points) + 1  # the points and the other person's comment, not their own
    assert f"Nog {total} stellingen" in html
    seen = []
    for _ in range(total):
        ref = _shown_ref(html)
        seen.append(ref)
        html = _answer(browser, ref, "eens").get_data(as_text=True)
        assert "Opgeslagen: Eens." in html
    assert "Je hebt alle stellingen van deze pijler beantwoord" in html
    assert len(set(seen)) == total and f"reactie-{mine.id}" not in seen
    assert seen[: len(pillar.points)] == [f"punt-{p.id}" for p in pillar.points]  # new points first, in order
    assert db.session.scalar(select(db.func.count()).select_from(StatementVote)) == total


def test_an_answer_can_be_changed(make_user, client_for, pillar):
    browser = client_for(make_user())
    ref = f"punt-{pillar.points[0].id}"
    html = _answer(browser, ref, "oneens").get_data(as_text=True)
    assert "Je antwoord op de vorige stelling: Oneens." in html and f"stelling={ref}" in html
    html = browser.get(f"{ROUND}?stelling={ref}").get_data(as_text=True)
    assert 'aria-pressed="true">Oneens' in html
    _answer(browser, ref, "weet-niet")
    db.session.expire_all()
    assert db.session.scalars(select(StatementVote.choice)).all() == ["pass"]


def test_bad_input_gets_a_dutch_message_not_an_error(make_user, client_for, pillar):
    browser = client_for(make_user())
    html = _answer(browser, f"punt-{pillar.points[0].id}", "misschien").get_data(as_text=True)
    assert "Kies Eens, Oneens of Weet ik niet." in html
    html = _answer(browser, "punt-999999", "eens").get_data(as_text=True)
    assert "Deze stelling bestaat niet meer." in html
    assert _answer(browser, "iets-anders", "eens").status_code == 200


def test_answers_are_rate_limited(app, make_user, client_for, pillar):
    from wijkstem.extensions import limiter

    browser = client_for(make_user())
    app.config["RATELIMIT_VOTE"] = "2 per minute"
    limiter.enabled = True
    try:
        codes = [
            browser.post(ROUND, data={"stelling": f"punt-{p.id}", "keuze": "eens"}).status_code
            for p in pillar.points[:3]
        ]
    finally:
        limiter.enabled = False
        app.config["RATELIMIT_VOTE"] = "60 per minute; 1000 per hour"
    assert codes == [302, 302, 429]
