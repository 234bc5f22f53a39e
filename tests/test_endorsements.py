from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import outbox_links, path_of
from tests.participation_fixtures import SLUG, counter_totals
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, PendingEndorsement
from wijkstem.services.endorsements import endorsements
from wijkstem.services.endorsements.endorsements import EndorsementCounts


def _count(pillar_id) -> int:
    return db.session.scalar(select(func.count()).select_from(Endorsement).where(Endorsement.pillar_id == pillar_id))


def test_endorse_from_the_pillar_page_and_see_the_counts(client, login, make_user, pillar):
    user = make_user(perspective="professional", perspective_role="gemeente", verified_at=utcnow())
    login(user)
    response = client.post(f"/manifest/{SLUG}/steunen", data={"motivation": "Omdat het werkt."}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == f"/manifest/{SLUG}/bedankt"  # the thank-you step
    assert "Bedankt, je steunt nu" in html and "Omdat het werkt." in html
    assert "1 persoon steunt deze pijler" in html and "waarvan 1 geverifieerde" in html
    assert "Beroepskrachten: 1" in html
    assert endorsements.counts_for_pillar(pillar.id) == EndorsementCounts(total=1, professional=1, verified=1)


def test_endorsing_twice_is_one_endorsement_and_no_error(client, login, make_user, pillar):
    login(make_user())
    client.post(f"/manifest/{SLUG}/steunen", data={})
    response = client.post(f"/manifest/{SLUG}/steunen", data={}, follow_redirects=True)
    assert response.status_code == 200
    assert "Je steunt deze pijler al." in response.get_data(as_text=True)
    assert _count(pillar.id) == 1
    assert endorsements.counts_for_pillar(pillar.id).total == 1


def test_withdraw_in_one_click(client, login, make_user, pillar):
    login(make_user())
    client.post(f"/manifest/{SLUG}/steunen", data={})
    response = client.post(f"/manifest/{SLUG}/steun-intrekken", data={}, follow_redirects=True)
    assert "Je steun is ingetrokken." in response.get_data(as_text=True)
    assert _count(pillar.id) == 0
    assert counter_totals() == {}
    again = client.post(f"/manifest/{SLUG}/steun-intrekken", data={}, follow_redirects=True)
    assert "Je steunde deze pijler niet." in again.get_data(as_text=True)


def test_motivation_longer_than_280_characters_is_refused_and_kept(client, login, make_user, pillar):
    login(make_user())
    text = "x" * 281
    response = client.post(f"/manifest/{SLUG}/steunen", data={"motivation": text})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Gebruik hoogstens 280 tekens." in html and "Controleer wat je hebt ingevuld" in html
    assert text in html
    assert _count(pillar.id) == 0


def test_anonymous_visitor_is_sent_to_log_in(client, pillar):
    response = client.post(f"/manifest/{SLUG}/steunen", data={})
    assert response.status_code == 302
    assert "/account/inloggen" in response.location and SLUG in response.location


def test_unconfirmed_click_is_remembered_and_completed_on_confirmation(client, login, make_user, pillar):
    user = make_user(email_confirmed_at=None)
    login(user)
    response = client.post(f"/manifest/{SLUG}/steunen", data={"motivation": "Ja!"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Bevestig eerst je e-mailadres. We onthouden je steun" in html
    assert "Stuur een nieuwe bevestigingsmail" in html
    assert _count(pillar.id) == 0
    assert db.session.scalar(select(func.count()).select_from(PendingEndorsement)) == 1

    client.post("/account/bevestigen/opnieuw", data={})
    link = path_of(outbox_links(user.email)[-1])
    client.post(link, data={})
    endorsement = db.session.scalar(select(Endorsement))
    assert endorsement.user_id == user.id and endorsement.motivation == "Ja!"
    assert db.session.scalar(select(func.count()).select_from(PendingEndorsement)) == 0
    assert endorsements.counts_for_pillar(pillar.id).total == 1


def test_blocked_user_cannot_endorse(make_user, pillar):
    user = make_user(blocked_at=utcnow())
    with pytest.raises(endorsements.NotAllowed):
        endorsements.endorse_pillar(user, pillar)


def test_endorsers_list_honours_show_name(client, make_user, pillar, utrecht):
    shown = make_user(display_name="Fatima de Vries")
    hidden = make_user(display_name="Geheime Gerrit", show_name=False)
    endorsements.endorse_pillar(shown, pillar, "Mooi plan")
    endorsements.endorse_pillar(hidden, pillar)
    html = client.get(f"/manifest/{SLUG}/steunbetuigingen").get_data(as_text=True)
    assert "Fatima de Vries" in html and "Mooi plan" in html
    assert "Geheime Gerrit" not in html
    assert "een bewoner uit Utrecht" in html


def test_endorsers_list_is_paginated(client, make_user, pillar):
    for _ in range(51):
        endorsements.endorse_pillar(make_user(), pillar)
    first = client.get(f"/manifest/{SLUG}/steunbetuigingen").get_data(as_text=True)
    assert "Pagina 1 van 2" in first and "pagina=2" in first
    second = client.get(f"/manifest/{SLUG}/steunbetuigingen?pagina=2").get_data(as_text=True)
    assert "Pagina 2 van 2" in second


def test_deleting_the_account_removes_endorsements_and_fixes_counts(client, login, make_user, pillar):
    user = make_user()
    other = make_user()
    endorsements.endorse_pillar(user, pillar)
    endorsements.endorse_pillar(other, pillar)
    login(user)
    from tests.conftest import PASSWORD

    client.post("/account/verwijderen", data={"password": PASSWORD, "confirm": "y"})
    assert _count(pillar.id) == 1
    assert endorsements.counts_for_pillar(pillar.id).total == 1


def test_download_my_data_lists_endorsements(client, login, make_user, pillar):
    user = make_user()
    endorsements.endorse_pillar(user, pillar, "Daarom")
    login(user)
    data = client.get("/account/mijn-gegevens").json
    assert data["endorsements"][0]["pillar"] == SLUG and data["endorsements"][0]["motivation"] == "Daarom"


def test_home_shows_live_counts(client, make_user, pillar):
    endorsements.endorse_pillar(make_user(), pillar)
    endorsements.endorse_pillar(make_user(perspective="politician", perspective_role="raadslid"), pillar)
    html = client.get("/").get_data(as_text=True)
    assert "2 steunbetuigingen" in html and "1 bewoner, 0 beroepskrachten, 1 politicus" in html
    assert "Nog geen steunbetuigingen" in html  # the other pillars


def test_contract_functions(make_user, pillar, utrecht):
    verified = make_user(perspective="politician", perspective_role="wethouder", verified_at=utcnow(), display_name="W")
    anonymous = make_user(perspective="professional", verified_at=utcnow(), show_name=False)
    endorsements.endorse_pillar(verified, pillar, via_code="abc123")
    endorsements.endorse_pillar(anonymous, pillar)
    assert endorsements.pillar_counts()[SLUG] == EndorsementCounts(total=2, professional=1, politician=1, verified=2)
    assert endorsements.municipality_pillar_counts(utrecht.id)[SLUG].total == 2
    assert endorsements.municipality_pillar_counts(utrecht.id + 1) == {}
    assert endorsements.municipality_participation() == [(utrecht, 2)]
    (user, pillars), *rest = endorsements.visible_verified_endorsers(utrecht.id)
    assert user.id == verified.id and [p.slug for p in pillars] == [SLUG] and rest == []
    assert db.session.scalar(select(Endorsement.via_code).where(Endorsement.user_id == verified.id)) == "abc123"


def test_rate_limit_gives_the_friendly_page(app, client, login, make_user, pillar):
    from wijkstem.extensions import limiter

    login(make_user())
    app.config["RATELIMIT_ENDORSE"] = "2 per minute"
    limiter.enabled = True
    try:
        responses = [client.post(f"/manifest/{SLUG}/steunen", data={}) for _ in range(3)]
    finally:
        limiter.enabled = False
        app.config["RATELIMIT_ENDORSE"] = "30 per minute; 300 per hour"
    codes = [response.status_code for response in responses]
    assert codes[-1] == 429
    # The refusal says when to come back (within the minute); the accepted POSTs carry no limit headers.
    assert 1 <= int(responses[-1].headers["Retry-After"]) <= 60
    assert not any(name.startswith("X-RateLimit") for response in responses[:2] for name in response.headers.keys())
