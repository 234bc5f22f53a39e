"""Official responses of the council: who may publish, versions, reports and hiding, lapsed verification."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.council_fixtures import clerk, council_member, place, publish
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, CouncilResponse, CouncilResponseRevision
from wijkstem.services.council import council_responses
from wijkstem.services.discussion import reports
from wijkstem.subjects import Subject


def test_a_verified_council_member_publishes_on_their_own_municipality_page(client, login):
    member = council_member(display_name="Fatima de Vries")
    login(member)
    response = client.post(
        "/gemeente/utrecht/raad/nieuw",
        data={
            "kind": "response",
            "body": "We zetten het manifest op de agenda.",
            "happened_on": "2026-11-20",
            "document_url": "https://utrecht.raadsinformatie.nl/stuk/1",
        },
    )
    assert response.status_code == 302 and "/gemeente/utrecht#raad-" in response.headers["Location"]
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "We zetten het manifest op de agenda." in page
    assert "Fatima de Vries" in page and "raadslid" in page and "Partij voor de Wijk" in page
    assert "https://utrecht.raadsinformatie.nl/stuk/1" in page
    assert "geverifieerd" in page.split('id="raad"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    "who",
    ["resident", "unverified_politician", "other_municipality", "professional"],
)
def test_others_are_refused(client, login, make_user, who):
    people = {
        "resident": lambda: make_user(),
        "unverified_politician": lambda: make_user(perspective="politician", perspective_role="raadslid"),
        "other_municipality": lambda: council_member(code="GM0363"),  # Amsterdam
        "professional": lambda: make_user(perspective="professional", perspective_role="gemeente"),
    }
    person = people[who]()
    login(person)
    assert client.get("/gemeente/utrecht/raad/nieuw").status_code == 403
    refused = client.post(
        "/gemeente/utrecht/raad/nieuw", data={"kind": "response", "body": "Hallo", "happened_on": "2026-11-20"}
    )
    assert refused.status_code == 403
    assert "Alleen geverifieerde raadsleden" in refused.get_data(as_text=True)
    assert db.session.scalar(select(CouncilResponse)) is None
    with pytest.raises(council_responses.NotARespondent):
        publish(person)


def test_a_griffie_marked_by_a_moderator_may_respond(client, login, make_user):
    moderator = make_user(role="moderator")
    griffier = make_user(perspective="professional", perspective_role="gemeente", email="griffie@utrecht.example")
    login(moderator)
    client.post(
        "/moderatie/raad",
        data={
            "griffie-email": "griffie@utrecht.example",
            "griffie-municipality": "Utrecht",
            "griffie-reason": "gebeld",
        },
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council.clerk_marked"))
    assert entry is not None and entry.about_user_id == griffier.id
    response = publish(griffier, "De griffie plant een rondetafelgesprek.")
    assert response.respondent_role == "griffie" and response.respondent_body == "Utrecht"
    with pytest.raises(council_responses.NotARespondent):
        publish(griffier, code="GM0363")


def test_an_edit_is_shown_and_the_earlier_version_kept(client, login):
    member = council_member()
    response = publish(member, "Eerste tekst van de raad.")
    login(member)
    client.post(
        f"/gemeente/utrecht/raad/{response.id}/bewerken",
        data={"kind": "motion", "body": "Tweede tekst: motie aangenomen.", "happened_on": "2026-11-21"},
    )
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "Tweede tekst: motie aangenomen." in page and "Aangepast op" in page and "Motie" in page
    versions = client.get(f"/gemeente/utrecht/raad/{response.id}/versies").get_data(as_text=True)
    assert "Eerste tekst van de raad." in versions and "1 eerdere versie" in versions
    assert len(db.session.scalars(select(CouncilResponseRevision)).all()) == 1


def test_a_lapsed_verification_hides_the_badge_and_stops_responses(client, login, make_user):
    member = council_member(display_name="Jan Raad")
    publish(member, "Een reactie van voor de wijziging.")
    login(member)
    client.post(
        "/account",
        data={"display_name": "Jan Raad", "perspective": "resident", "municipality": "Utrecht", "show_name": "y"},
    )
    db.session.expire_all()
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    council_part = page.split('id="raad"')[1].split("</section>")[0]
    assert "Een reactie van voor de wijziging." in council_part and "geverifieerd" not in council_part
    assert client.get("/gemeente/utrecht/raad/nieuw").status_code == 403


def test_a_moderator_revokes_a_verification_with_an_audit_record(client, login, make_user):
    member = council_member(email="raadslid@example.org")
    login(make_user(role="moderator"))
    client.post(
        "/moderatie/raad", data={"intrekken-email": "raadslid@example.org", "intrekken-reason": "niet meer in de raad"}
    )
    db.session.expire_all()
    assert member.verified_at is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "verification.revoked")) is not None
    with pytest.raises(council_responses.NotARespondent):
        publish(member)


def test_a_response_can_be_reported_and_is_hidden_after_enough_reports(app, client, make_user):
    response = publish(council_member())
    for _ in range(app.config["REPORT_HIDE_THRESHOLD"]):
        reports.report_item(make_user(), Subject.COUNCIL_RESPONSE, response.id, "offensive")
    db.session.expire_all()
    assert response.is_hidden
    assert "De raad bespreekt het manifest" not in client.get("/gemeente/utrecht").get_data(as_text=True)


def test_a_moderator_hides_a_reported_response_from_the_report_queue(client, login, make_user):
    response = publish(council_member())
    reporter = make_user()
    login(reporter)
    reported = client.post(
        f"/gemeente/utrecht/raad/{response.id}/melden", data={"reason": "spam"}, follow_redirects=True
    )
    assert "Bedankt voor je melding" in reported.get_data(as_text=True)
    client.post("/account/uitloggen")
    login(make_user(role="moderator"))
    queue = client.get("/moderatie/gemeld").get_data(as_text=True)
    assert "Bericht van de raad door" in queue
    report_id = db.session.scalar(select(reports.Report.id))
    client.post(
        f"/moderatie/gemeld/{report_id}/besluit",
        data={"action": "hide", "reason_choice": "anders", "reason_text": "spam"},
    )
    db.session.expire_all()
    assert db.session.get(CouncilResponse, response.id).is_hidden


def test_deleting_the_account_removes_responses_and_griffie_marks(client, login):
    griffier = clerk()
    publish(griffier)
    login(griffier)
    client.post("/account/verwijderen", data={"password": "een-lange-zin-als-wachtwoord", "confirm": "y"})
    assert db.session.scalar(select(CouncilResponse)) is None
    assert place().id  # the municipality stays


def test_download_my_data_has_responses_and_versions(client, login):
    member = council_member()
    response = publish(member, "Versie een.")
    council_responses.edit_response(
        member, response, council_responses.ResponseDraft("decision", "Versie twee.", response.happened_on)
    )
    login(member)
    data = client.get("/account/mijn-gegevens").get_json()
    (item,) = data["council_responses"]["responses"]
    assert item["text"] == "Versie twee." and item["earlier_versions"][0]["text"] == "Versie een."
