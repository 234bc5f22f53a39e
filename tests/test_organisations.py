"""Organisations (issue 27): asking, verification, support counted apart, acting rights, deletion, visibility."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, outbox_links, path_of
from tests.moderation_fixtures import audit_actions, mail_to, sign_in
from tests.organisation_fixtures import make_organisation, pillar_by_slug, supporting
from wijkstem.extensions import db
from wijkstem.models import (
    AuditEntry,
    Endorsement,
    Organisation,
    OrganisationEndorsement,
    OrganisationMember,
    Report,
)
from wijkstem.services.accounts import accounts
from wijkstem.services.organisations import organisations
from wijkstem.services.organisations.organisation_verification import moderate_organisation

FORM = {
    "name": "Buurthuis De Klop",
    "kind": "wijkcentrum",
    "homepage": "www.buurthuisdeklop.nl",
    "municipality": "Utrecht",
    "wijk": "Zuilen",
    "more_municipalities": "",
    "evidence_url": "",
    "work_email": "",
}


def _organisation(name: str = "Buurthuis De Klop") -> Organisation:
    db.session.expire_all()
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


# Asking, and nothing public before a moderator verified it ---------------------------------------


def test_a_person_asks_and_the_organisation_stays_hidden_until_verified(client, make_user, login):
    person = make_user(display_name="Fatima")
    login(person)
    response = client.post("/organisaties/nieuw", data=FORM)
    assert response.status_code == 302
    organisation = _organisation()
    assert response.headers["Location"].endswith(f"/organisaties/{organisation.slug}/beheer")
    assert organisation.status == "requested"
    assert [m.user_id for m in organisation.members] == [person.id]
    assert organisation.website == "https://www.buurthuisdeklop.nl"
    assert [(p.municipality.code, p.wijk) for p in organisation.places] == [("GM0344", "Zuilen")]
    # The person who asked sees it, marked as not public yet.
    page = client.get(f"/organisaties/{organisation.slug}").get_data(as_text=True)
    assert "data-not-public" in page
    supporting(person, organisation, "bewoners-leidend", motivation="Bewoners weten het best")

    visitor = client.application.test_client()
    assert visitor.get(f"/organisaties/{organisation.slug}").status_code == 404
    assert visitor.get(f"/embed/organisatie/{organisation.slug}").status_code == 404
    assert visitor.get(f"/embed/organisatie/{organisation.slug}/badge.svg").status_code == 404
    assert "Buurthuis De Klop" not in visitor.get("/organisaties").get_data(as_text=True)
    assert "Buurthuis De Klop" not in visitor.get("/organisaties?gemeente=utrecht").get_data(as_text=True)
    for url in ("/gemeente/utrecht", "/manifest/bewoners-leidend", "/cijfers", "/gemeente/utrecht/afdrukken"):
        html = visitor.get(url).get_data(as_text=True)
        assert "data-organisations" not in html and "Buurthuis De Klop" not in html, url
    assert visitor.get("/api/v1/organisations").json == {"items": [], "total": 0}
    assert visitor.get("/api/v1/pillars").json["pillars"][0]["organisations"] == 0
    assert visitor.get("/api/v1/municipalities/GM0344").json["organisations"] == 0
    assert "De Klop" not in visitor.get("/cijfers/organisaties.csv").get_data(as_text=True)
    # Its ?via= code credits nobody while it is not verified.
    visitor.get(f"/manifest?via={organisation.share_code}")
    with visitor.session_transaction() as session:
        assert "via" not in session


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client, make_user, login):
    login(make_user())
    data = {**FORM, "municipality": "Nergenshuizen", "work_email": "ik@gmail.com"}
    page = client.post("/organisaties/nieuw", data=data).get_data(as_text=True)
    assert "Controleer wat je hebt ingevuld" in page
    assert "Kies een gemeente uit de lijst" in page
    assert 'value="Buurthuis De Klop"' in page
    assert _organisation() is None

    page = client.post("/organisaties/nieuw", data={**FORM, "work_email": "ik@gmail.com"}).get_data(as_text=True)
    assert "naam@buurthuisdeklop.nl" in page  # the address must be on the organisation's own domain
    assert _organisation() is None


def test_a_work_address_on_the_own_domain_gets_a_link_and_the_moderator_sees_it_confirmed(
    client, make_user, login, moderator
):
    person = make_user()
    login(person)
    client.post("/organisaties/nieuw", data={**FORM, "work_email": "Fatima@Buurthuisdeklop.nl"})
    organisation = _organisation()
    assert organisation.work_email == "fatima@buurthuisdeklop.nl"
    link = outbox_links("fatima@buurthuisdeklop.nl")[-1]
    client.post(path_of(link))
    assert _organisation().work_email_confirmed_at is not None

    sign_in(client, moderator)
    queue = client.get("/moderatie/organisaties").get_data(as_text=True)
    assert "Buurthuis De Klop" in queue and "fatima@buurthuisdeklop.nl (bevestigd)" in queue


def test_a_moderator_verifies_through_the_queue_with_audit_and_mail(client, make_user, moderator):
    person = make_user()
    organisation = make_organisation(person)
    sign_in(client, moderator)
    response = client.post(f"/moderatie/organisaties/{organisation.id}/besluit", data={"action": "approve"})
    assert response.status_code == 302
    assert _organisation("Bewonersraad Lombok").status == "verified"
    assert "organisation.approved" in audit_actions()
    assert any("geverifieerd" in m.body_text for m in mail_to(person.email))
    assert client.get("/organisaties/bewonersraad-lombok").status_code == 200


def test_a_moderator_cannot_verify_an_organisation_they_act_for(client, moderator):
    organisation = make_organisation(moderator)
    sign_in(client, moderator)
    client.post(f"/moderatie/organisaties/{organisation.id}/besluit", data={"action": "approve"})
    assert _organisation("Bewonersraad Lombok").status == "requested"


# Support, counted apart from people --------------------------------------------------------------


def test_support_shows_everywhere_apart_from_people(client, make_user, login):
    person = make_user()
    organisation = make_organisation(person, verified=True)
    login(person)
    for slug in ("bewoners-leidend", "lange-termijn"):
        client.post(
            f"/organisaties/{organisation.slug}/steunen",
            data={f"pijler-{slug}-pillar": slug, f"pijler-{slug}-motivation": f"Waarom {slug}"},
        )
    assert {(e.pillar.slug, e.motivation) for e in organisation.endorsements} == {
        ("bewoners-leidend", "Waarom bewoners-leidend"),
        ("lange-termijn", "Waarom lange-termijn"),
    }
    visitor = client.application.test_client()
    own = visitor.get("/organisaties/bewonersraad-lombok").get_data(as_text=True)
    assert "Bewonersraad Lombok steunt 2 pijlers van het manifest" in own and "Waarom lange-termijn" in own
    assert f"via={organisation.share_code}" in own
    assert "beheerd door Bewonersraad Lombok" not in own  # the site's operator stays who runs the site
    place = visitor.get("/gemeente/utrecht").get_data(as_text=True)
    assert "Ook 1 organisatie uit Utrecht steunt het manifest" in place
    assert "Nog niemand uit Utrecht steunt het manifest" in place  # people stay the headline number
    assert "Ook 1 organisatie steunt deze pijler" in visitor.get("/manifest/lange-termijn").get_data(as_text=True)
    assert "data-organisations" not in visitor.get("/manifest/maak-het-mogelijk").get_data(as_text=True)
    dossier = visitor.get("/gemeente/utrecht/afdrukken").get_data(as_text=True)
    assert "Ook 1 organisatie uit Utrecht steunt het manifest:</strong> Bewonersraad Lombok." in dossier
    assert "Ook 1 organisatie steunt het manifest" in visitor.get("/cijfers").get_data(as_text=True)
    api = visitor.get("/api/v1/organisations?municipality=GM0344").json
    assert api["total"] == 1
    assert api["items"][0]["pillars"] == [
        {"slug": "bewoners-leidend", "motivation": "Waarom bewoners-leidend"},
        {"slug": "lange-termijn", "motivation": "Waarom lange-termijn"},
    ]
    assert visitor.get("/api/v1/organisations?municipality=GM0363").json["total"] == 0
    assert visitor.get("/api/v1/organisations?municipality=GM9999").status_code == 404
    pillars = {p["slug"]: p["organisations"] for p in visitor.get("/api/v1/pillars").json["pillars"]}
    assert pillars == {"bewoners-leidend": 1, "lange-termijn": 1, "maak-het-mogelijk": 0}
    assert visitor.get("/api/v1/pillars/lange-termijn").json["organisations"] == 1
    assert visitor.get("/api/v1/municipalities/GM0344").json["organisations"] == 1
    assert "Bewonersraad Lombok,bewonersraad-lombok,bewonersorganisatie" in visitor.get(
        "/cijfers/organisaties.csv"
    ).get_data(as_text=True)
    assert visitor.get("/cijfers/organisaties.json").json["items"][0]["name"] == "Bewonersraad Lombok"
    badge = visitor.get("/embed/organisatie/bewonersraad-lombok/badge.svg")
    assert badge.mimetype == "image/svg+xml" and "steunt 2 pijlers" in badge.get_data(as_text=True)

    # Withdrawing one pillar.
    client.post(f"/organisaties/{organisation.slug}/steun-intrekken", data={"pillar": "lange-termijn"})
    assert [e.pillar.slug for e in _organisation("Bewonersraad Lombok").endorsements] == ["bewoners-leidend"]


def test_counts_read_right_in_plural(client, make_user):
    for number in range(2):
        person = make_user()
        supporting(person, make_organisation(person, name=f"Corporatie {number}", verified=True), "lange-termijn")
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "Ook 2 organisaties uit Utrecht steunen het manifest" in html


def test_people_brought_in_by_the_organisation_link_are_credited_to_it(client, make_user, login):
    member = make_user()
    organisation = make_organisation(member, verified=True)
    client.get(f"/organisaties/{organisation.slug}?via={organisation.share_code}")
    login(make_user())
    client.post("/manifest/lange-termijn/steunen", data={"motivation": ""})
    assert db.session.scalar(select(Endorsement.via_code)) == organisation.share_code
    manager = client.application.test_client()
    sign_in(manager, member)
    assert "kwam 1 steunbetuiging binnen" in manager.get(f"/organisaties/{organisation.slug}/beheer").get_data(
        as_text=True
    )


# Acting rights -------------------------------------------------------------------------------------


def test_members_add_and_remove_others_and_leave(client, make_user, login):
    first, second, outsider = make_user(), make_user(email="tweede@example.org"), make_user()
    organisation = make_organisation(first, verified=True)
    slug = organisation.slug
    login(outsider)
    assert client.get(f"/organisaties/{slug}/beheer").status_code == 403
    assert client.post(f"/organisaties/{slug}/personen", data={"email": "x@example.org"}).status_code == 403
    assert client.post(f"/organisaties/{slug}/steunen", data={"pillar": "lange-termijn"}).status_code == 403
    client.post("/account/uitloggen")

    login(first)
    client.post(f"/organisaties/{slug}/personen", data={"email": "Tweede@example.org"})
    assert organisations.is_member(second, _organisation("Bewonersraad Lombok"))
    page = client.post(f"/organisaties/{slug}/personen", data={"email": "niemand@example.org"}, follow_redirects=True)
    assert "Er is geen account met dit e-mailadres" in page.get_data(as_text=True)

    # The second person acts too: supports a pillar, then removes the first.
    other = client.application.test_client()
    sign_in(other, second)
    other.post(f"/organisaties/{slug}/steunen", data={"pillar": "lange-termijn"})
    assert db.session.scalar(select(func.count()).select_from(OrganisationEndorsement)) == 1
    other.post(f"/organisaties/{slug}/personen/{first.id}/verwijderen")
    assert not organisations.is_member(first, _organisation("Bewonersraad Lombok"))
    # The removed person lost the right to act at once.
    assert client.post(f"/organisaties/{slug}/steun-intrekken", data={"pillar": "lange-termijn"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(OrganisationEndorsement)) == 1

    # The last one cannot leave (they delete instead); with someone else they can.
    page = other.post(f"/organisaties/{slug}/personen/{second.id}/verwijderen", follow_redirects=True)
    assert "Je bent de enige die namens de organisatie handelt" in page.get_data(as_text=True)
    other.post(f"/organisaties/{slug}/personen", data={"email": outsider.email})
    other.post(f"/organisaties/{slug}/personen/{second.id}/verwijderen")
    assert not organisations.is_member(second, _organisation("Bewonersraad Lombok"))
    actions = audit_actions()
    assert {"organisation.member_added", "organisation.member_removed", "organisation.member_left"} <= set(actions)


def test_a_blocked_organisation_cannot_be_changed_but_its_people_can_leave(client, make_user, moderator):
    first, second = make_user(), make_user()
    organisation = make_organisation(first, verified=True)
    organisations.add_member(first, organisation, second.email)
    moderate_organisation(moderator, organisation, "block", "Bestaat niet")
    with pytest.raises(organisations.OrganisationError):
        organisations.support_pillar(first, organisation, pillar_by_slug("lange-termijn"), None)
    organisations.remove_member(second, organisation, second.id)
    assert client.get(f"/organisaties/{organisation.slug}").status_code == 404
    assert "organisation.blocked" in audit_actions()


# Reports, hiding -----------------------------------------------------------------------------------


def test_a_report_goes_to_the_moderators_who_hide_the_organisation(client, make_user, moderator, login):
    member = make_user()
    organisation = supporting(member, make_organisation(member, verified=True), "lange-termijn")
    login(make_user())
    client.post(f"/organisaties/{organisation.slug}/melden", data={"reason": "spam", "text": "Nep"})
    assert db.session.scalar(select(Report.subject_type)) == "organisation"
    assert "De organisatie “Bewonersraad Lombok”" in client.get("/account/meldingen").get_data(as_text=True)
    sign_in(client, moderator)
    assert "Nep" in client.get("/moderatie/organisatie-meldingen").get_data(as_text=True)
    client.post(
        f"/moderatie/organisatie-meldingen/{organisation.id}/besluit", data={"action": "hide", "reason_text": "Nep"}
    )
    assert _organisation("Bewonersraad Lombok").status == "hidden"
    visitor = client.application.test_client()
    assert visitor.get(f"/organisaties/{organisation.slug}").status_code == 404
    assert "data-organisations" not in visitor.get("/gemeente/utrecht").get_data(as_text=True)
    assert "organisation.hidden" in audit_actions()


# Deletion ------------------------------------------------------------------------------------------


def test_deleting_an_organisation_removes_everything_that_names_it(client, make_user, login, moderator):
    member, reporter = make_user(), make_user()
    organisation = supporting(member, make_organisation(member, verified=True), "lange-termijn", motivation="Ja")
    org_id, code = organisation.id, organisation.share_code
    moderate_organisation(moderator, organisation, "restore", None)  # an audit entry naming it
    db.session.add(Report(subject_type="organisation", subject_id=org_id, reporter_id=reporter.id, reason="spam"))
    db.session.commit()
    client.get(f"/manifest?via={code}")
    login(make_user())
    client.post("/manifest/lange-termijn/steunen", data={"motivation": ""})
    client.post("/account/uitloggen")

    login(member)
    page = client.post(f"/organisaties/{organisation.slug}/verwijderen", follow_redirects=True)
    assert "Vink aan dat je weet dat verwijderen niet terug kan" in page.get_data(as_text=True)
    assert db.session.get(Organisation, org_id) is not None
    response = client.post(f"/organisaties/{organisation.slug}/verwijderen", data={"sure": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, org_id) is None
    for model in (OrganisationEndorsement, OrganisationMember, Report):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
    assert db.session.scalar(select(Endorsement.via_code)) is None
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.subject_type == "organisation")).all()
    assert entries and all("Bewonersraad" not in str(e.before) + str(e.after) for e in entries)
    assert "organisation.deleted" in audit_actions()


def test_deleting_an_account_ends_acting_rights_but_keeps_an_organisation_others_act_for(make_user):
    first, second = make_user(), make_user()
    kept = make_organisation(first, name="Samen Sterk", verified=True)
    organisations.add_member(first, kept, second.email)
    alone = supporting(first, make_organisation(first, name="Alleen Ik", verified=True), "lange-termijn")
    alone_id, kept_id = alone.id, kept.id

    accounts.delete_account(first, PASSWORD)
    db.session.expire_all()
    kept = db.session.get(Organisation, kept_id)
    assert kept is not None and [m.user_id for m in kept.members] == [second.id]
    # Nobody left to answer for it: the organisation goes with everything that names it.
    assert db.session.get(Organisation, alone_id) is None
    assert db.session.scalar(select(func.count()).select_from(OrganisationEndorsement)) == 0


def test_the_data_download_lists_the_organisations_a_person_acts_for(client, make_user, login):
    person = make_user()
    make_organisation(person)
    login(person)
    data = client.get("/account/mijn-gegevens").json
    assert data["organisations"][0]["name"] == "Bewonersraad Lombok"


def test_a_logo_goes_through_the_photo_pipeline(client, make_user, login):
    import io

    from PIL import Image

    login(make_user())
    refused = client.post(
        "/organisaties/nieuw",
        data={**FORM, "logo": (io.BytesIO(b"geen plaatje"), "logo.png")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Dit bestand is geen foto die we kunnen lezen" in refused and 'value="Buurthuis De Klop"' in refused
    assert _organisation() is None

    png = io.BytesIO()
    Image.new("RGBA", (40, 20), (255, 191, 71, 255)).save(png, format="PNG", pnginfo=None)
    png.seek(0)
    client.post("/organisaties/nieuw", data={**FORM, "logo": (png, "logo.png")}, content_type="multipart/form-data")
    organisation = _organisation()
    assert organisation.logo_type == "image/png" and organisation.logo.startswith(b"\x89PNG")
    answer = client.get(f"/organisaties/{organisation.slug}/logo")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    assert client.application.test_client().get(f"/organisaties/{organisation.slug}/logo").status_code == 404
