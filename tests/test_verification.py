from __future__ import annotations

import json

from tests.conftest import PASSWORD, outbox_links, path_of
from tests.moderation_fixtures import admin, mail_to, make_request, moderator, professional, sign_in
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, OutboxMessage, VerificationRequest
from wijkstem.services.moderation import audit

__all__ = ["admin", "moderator", "professional"]

FORM = {
    "organisation": "Gemeente Utrecht",
    "function": "Wijkregisseur Overvecht",
    "evidence_url": "https://www.utrecht.nl/wijken/overvecht/team",
    "work_email": "",
}


def test_professional_requests_verification_and_sees_it_waiting(client, professional):
    sign_in(client, professional)
    assert "Verificatie van je rol" in client.get("/account").get_data(as_text=True)
    html = client.post("/account/verificatie", data=FORM, follow_redirects=True).get_data(as_text=True)
    assert "Je aanvraag is verstuurd." in html and "Wacht op een moderator" in html
    request = db.session.scalar(db.select(VerificationRequest))
    assert (request.user_id, request.organisation, request.status) == (professional.id, "Gemeente Utrecht", "pending")
    html = client.post("/account/verificatie", data=FORM, follow_redirects=True).get_data(as_text=True)
    assert "Je hebt al een aanvraag die wacht op een moderator." in html
    assert db.session.scalar(db.select(db.func.count()).select_from(VerificationRequest)) == 1


def test_form_errors_are_dutch_next_to_the_field_and_keep_input(client, professional):
    sign_in(client, professional)
    response = client.post(
        "/account/verificatie",
        data={**FORM, "organisation": "", "evidence_url": "geen link", "work_email": "nee"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Controleer wat je hebt ingevuld" in html
    assert "Vul de naam van je organisatie in." in html and 'href="#organisation"' in html
    assert "bijvoorbeeld www.gemeente.nl/raad" in html and "Vul een geldig e-mailadres in" in html
    assert 'value="Wijkregisseur Overvecht"' in html and 'value="geen link"' in html
    assert db.session.scalar(db.select(VerificationRequest)) is None


def test_honeypot_refuses_bots(client, professional):
    sign_in(client, professional)
    html = client.post("/account/verificatie", data={**FORM, "website": "spam"}).get_data(as_text=True)
    assert "Laat dit veld leeg." in html
    assert db.session.scalar(db.select(VerificationRequest)) is None


def test_work_email_is_confirmed_by_signed_link(client, professional):
    sign_in(client, professional)
    client.post("/account/verificatie", data={**FORM, "work_email": "Pia@Utrecht.nl"})
    link = path_of(outbox_links("pia@utrecht.nl")[0])
    assert client.get(link).status_code == 200
    assert db.session.scalar(db.select(VerificationRequest)).work_email_confirmed_at is None  # GET changes nothing
    html = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Je werk-e-mailadres is bevestigd." in html
    db.session.expire_all()
    assert db.session.scalar(db.select(VerificationRequest)).work_email_confirmed_at is not None
    html = client.post(link[:-3] + "abc", follow_redirects=True).get_data(as_text=True)
    assert "Deze link klopt niet." in html


def test_residents_cannot_request(client, make_user):
    resident = make_user()
    sign_in(client, resident)
    html = client.get("/account/verificatie").get_data(as_text=True)
    assert "Alleen beroepskrachten en politici" in html
    html = client.post("/account/verificatie", data=FORM, follow_redirects=True).get_data(as_text=True)
    assert "Alleen beroepskrachten en politici kunnen om verificatie vragen." in html
    assert db.session.scalar(db.select(VerificationRequest)) is None


def test_withdraw_only_touches_your_own_request(client, professional, make_user):
    other = make_user(perspective="politician", perspective_role="wethouder")
    others_request = make_request(other)
    mine = make_request(professional)
    sign_in(client, professional)
    client.post("/account/verificatie/intrekken")
    db.session.expire_all()
    assert db.session.get(VerificationRequest, mine.id).status == "withdrawn"
    assert db.session.get(VerificationRequest, others_request.id).status == "pending"
    html = client.post("/account/verificatie/intrekken", follow_redirects=True).get_data(as_text=True)
    assert "Er is geen aanvraag om in te trekken." in html


def test_another_persons_request_is_never_shown(client, professional, make_user):
    other = make_user(perspective="politician", perspective_role="wethouder")
    make_request(other, organisation="Partij Geheim", function="Geheime functie")
    sign_in(client, professional)
    html = client.get("/account/verificatie").get_data(as_text=True)
    assert "Partij Geheim" not in html and "Geheime functie" not in html
    assert "Verificatie aanvragen" in html


def test_approved_shows_badge_and_perspective_change_drops_it(client, professional, moderator):
    request = make_request(professional)
    sign_in(client, moderator)
    client.post(f"/moderatie/verificatie/{request.id}/besluit", data={"action": "approve"})
    sign_in(client, professional)
    assert "geverifieerd" in client.get("/account").get_data(as_text=True)
    assert "Je bent geverifieerd sinds" in client.get("/account/verificatie").get_data(as_text=True)
    client.post(
        "/account",
        data={"display_name": "Pia", "perspective": "resident", "municipality": "Utrecht", "show_name": "y"},
    )
    db.session.refresh(professional)
    assert professional.verified_at is None and not professional.is_verified


def test_rejected_request_shows_reason_and_can_be_asked_again(client, professional, moderator):
    request = make_request(professional)
    sign_in(client, moderator)
    client.post(
        f"/moderatie/verificatie/{request.id}/besluit",
        data={"action": "reject", "reason_text": "Link toont je rol niet"},
    )
    sign_in(client, professional)
    html = client.get("/account/verificatie").get_data(as_text=True)
    assert "Je vorige aanvraag is afgewezen." in html and "Link toont je rol niet" in html
    assert "Verificatie aanvragen" in html


def test_export_and_account_deletion(client, login, professional, moderator):
    request = make_request(professional, work_email="pia@utrecht.nl")
    db.session.add(OutboxMessage(recipient="pia@utrecht.nl", subject="s", body_text="b"))
    audit.record(moderator, "verification.rejected", "verification_request", request.id, "Nee", about=professional)
    audit.record(professional, "user.role", "user", moderator.id, None)  # professional as actor
    db.session.commit()
    login(professional)
    data = json.loads(client.get("/account/mijn-gegevens").get_data(as_text=True))
    assert data["verification_requests"][0]["organisation"] == "Gemeente Utrecht"
    assert data["decisions_about_me"][0]["reason"] == "Nee"
    response = client.post("/account/verwijderen", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(VerificationRequest)) is None
    assert mail_to("pia@utrecht.nl") == []
    entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert len(entries) == 2  # the log keeps its records ...
    assert entries[0].about_user_id is None and entries[0].actor_id == moderator.id
    assert (entries[1].actor_id, entries[1].actor_label) == (None, "verwijderd account")  # ... anonymised
