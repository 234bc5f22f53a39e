"""What reaches the council (issue 20, parts 2-4 and the thank-you step): the dossier with voices, the
griffie's address, the council's own voice beside one member's, a public status, the approval mail."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.council_fixtures import clerk, council_member, place
from tests.dossier_fixtures import (
    EXPERIENCE_STORY,
    HIDDEN_MOTIVATION,
    MOTIVATIONS,
    council_spoke,
    people_voted,
    utrecht_with_support,
)
from tests.moderation_fixtures import mail_to, make_request, sign_in
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, CouncilResponse, CouncilStatusStep, OutboxMessage, Pillar
from wijkstem.services.council import digests, follows
from wijkstem.services.endorsements.endorsements import endorse_pillar
from wijkstem.services.statements.job import run_common_ground


def _pdf_pages(client, path: str = "/gemeente/utrecht/samenvatting.pdf") -> list[str]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(response.data)).pages]


def _before_annex(pages: list[str]) -> list[str]:
    return pages[: next((i for i, text in enumerate(pages) if "Bijlage" in text), len(pages))]


def test_the_pdf_dossier_has_two_pages_with_voices_experiences_sender_and_method(client):
    utrecht_with_support(40)
    pages = _pdf_pages(client)
    dossier = _before_annex(pages)
    assert 1 <= len(dossier) <= 2 and len(pages) > len(dossier)  # the annex follows on its own pages
    text = " ".join(dossier)
    assert "In hun eigen woorden" in text
    quoted = {kind: [m for m in texts if m[:40] in text] for kind, texts in MOTIVATIONS.items()}
    assert all(quoted.values()), quoted  # residents', professionals' and politicians' own words
    assert "politicus of bestuurder (raadslid)" in text
    assert "Buurtkamer in Lombok" in text and EXPERIENCE_STORY[:60] in text  # an experience with its excerpt
    assert "Nog niet beoordeeld" not in " ".join(pages)  # not approved: not in the dossier
    assert HIDDEN_MOTIVATION not in " ".join(pages)  # a blocked person's words are not quoted
    assert "Ik steun dit, maar mijn naam hoeft er niet bij." in text and "een bewoner uit Utrecht" in text
    assert "Niet Zichtbaar" not in " ".join(pages)  # quoted without their name
    assert re.search(r"Aangeboden door wijkstem op \d{1,2} \w+ \d{4}", text)  # the sender and the date
    assert "We tellen mensen, geen klikken" in text and "Waar iemand woont, controleren we niet" in text
    assert "http://localhost/gemeente/utrecht" in text
    assert "klaar voor de raad" not in " ".join(pages).lower()
    assert "Bijlage" in pages[len(dossier)] and "Geverifieerde politici en beroepskrachten" in pages[len(dossier)]


def _flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_dossier_shows_where_people_of_the_municipality_agree_and_differ(client, app):
    utrecht_with_support(40)
    with app.test_request_context():
        agreed, split, long_agreed, other_split = people_voted(3)
    assert run_common_ground(min_voters=3).ran
    text = " ".join(_before_annex(_pdf_pages(client)))
    assert 1 <= len(_before_annex(_pdf_pages(client))) <= 2
    assert "Waar bewoners, beroepskrachten en politici het over eens zijn" in text
    assert "Hoe mensen uit Utrecht stemden over stellingen" in text and "heel Nederland" not in text
    # One per pillar in turn: the best of pillar 1, then of pillar 2; a long statement is shortened.
    assert agreed in text and long_agreed[:60] in text and long_agreed not in text
    assert split in text and other_split in text
    assert "Eens: 3 van 3 bewoners · 3 van 3 beroepskrachten · 3 van 3 politici." in text
    assert "Bewoners zijn het vaker eens dan politici." in text


def test_too_few_local_voters_shows_the_national_result_with_a_label(client, app):
    utrecht_with_support(6)
    with app.test_request_context():
        agreed, split, _long, _other = people_voted(3, municipality_code="GM0363")  # Amsterdam
    assert run_common_ground(min_voters=3).ran
    text = _flat(client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True))
    assert "Uit Utrecht stemden nog te weinig mensen over de stellingen." in text
    assert "Hier zijn ze het over eens (heel Nederland)" in text and agreed in text and split in text
    amsterdam = _flat(client.get("/gemeente/amsterdam/afdrukken").get_data(as_text=True))
    assert "Hoe mensen uit Amsterdam stemden" in amsterdam and "(heel Nederland)" not in amsterdam


def test_before_anyone_voted_the_dossier_says_what_will_come(client):
    utrecht_with_support(3)
    text = _flat(client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True))
    assert "Hebben genoeg mensen over de stellingen gestemd" in text
    assert 'href="http://localhost/hoe-we-tellen"' in client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True)


def test_the_person_who_downloads_is_named_only_when_they_ask(client, login, make_user, monkeypatch):
    monkeypatch.setitem(client.application.config, "WIJKSTEM_ORGANISATION_NAME", "Stichting Wijkstem")
    utrecht_with_support(6)
    login(make_user(display_name="Sanne Jansen"))
    assert "Sanne Jansen" not in " ".join(_pdf_pages(client))
    named = " ".join(_before_annex(_pdf_pages(client, "/gemeente/utrecht/samenvatting.pdf?afzender=ik")))
    assert "Aangeboden door Sanne Jansen, via Stichting Wijkstem, op" in named
    printed = client.get("/gemeente/utrecht/afdrukken?afzender=ik").get_data(as_text=True)
    assert "Aangeboden door Sanne Jansen, via Stichting Wijkstem" in printed
    assert "Zet mijn naam (Sanne Jansen) als afzender op het dossier" in printed
    with client.session_transaction() as session:  # logged out
        session.clear()
    visitor = client.get("/gemeente/utrecht/afdrukken?afzender=ik").get_data(as_text=True)
    assert "Sanne Jansen" not in visitor and "Aangeboden door Stichting Wijkstem op" in visitor


@pytest.fixture
def griffie_address_reset():
    """Municipalities outlive a test (seeded once): put Utrecht's griffie address back afterwards."""
    yield
    db.session.rollback()
    place().griffie_email = None
    db.session.commit()


def test_a_moderator_sets_the_griffie_address_and_the_council_mail_goes_there(client, make_user, griffie_address_reset):
    endorse_pillar(make_user(), db.session.scalar(select(Pillar).where(Pillar.position == 1)))
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "De griffie is het bureau dat de gemeenteraad helpt en post doorstuurt" in page
    assert "We weten het e-mailadres van de griffie van Utrecht nog niet" in page
    assert 'href="mailto:?subject=' in page
    griffie = clerk()
    sign_in(client, griffie)  # the griffie itself may not set the address: a moderator checks it
    assert "griffie-griffie_email" not in client.get("/gemeente/utrecht/raad/beheer").get_data(as_text=True)
    client.post("/gemeente/utrecht/raad/beheer", data={"formulier": "griffie", "griffie-griffie_email": "x@y.nl"})
    assert place().griffie_email is None
    moderator = make_user(role="moderator")
    sign_in(client, moderator)
    wrong = client.post(
        "/gemeente/utrecht/raad/beheer", data={"formulier": "griffie", "griffie-griffie_email": "griffie-utrecht"}
    )
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 200 and "Vul een e-mailadres in zoals griffie@gemeente.nl." in html
    assert 'value="griffie-utrecht"' in html  # what was typed stays
    saved = client.post(
        "/gemeente/utrecht/raad/beheer", data={"formulier": "griffie", "griffie-griffie_email": "Griffie@Utrecht.nl"}
    )
    assert saved.status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council.griffie_email"))
    assert entry is not None and entry.after["griffie_email"] == "griffie@utrecht.nl"
    with client.session_transaction() as session:  # logged out
        session.clear()
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "Het e-mailadres van de griffie van Utrecht is" in page and "griffie@utrecht.nl" in page
    link = re.search(r'href="(mailto:[^"]+)"[^>]*>Maak een e-mail aan de griffie', page)
    assert link is not None and unquote(link.group(1)).startswith("mailto:griffie@utrecht.nl?subject=")


def test_a_councillor_reacts_and_only_the_griffie_answers_for_the_council(client, make_user):
    member = council_member(display_name="Fatima de Vries", party="Partij voor de Wijk")
    sign_in(client, member)
    form = client.get("/gemeente/utrecht/raad/nieuw").get_data(as_text=True)
    assert "Als reactie van een raadslid" in form and 'name="voice"' in form and 'value="council"' not in form
    refused = client.post(
        "/gemeente/utrecht/raad/nieuw",
        data={"voice": "council", "kind": "response", "body": "Namens de raad: ja.", "happened_on": "2026-11-20"},
    )
    assert refused.status_code == 200 and "Kies namens wie je schrijft." in refused.get_data(as_text=True)
    client.post(
        "/gemeente/utrecht/raad/nieuw",
        data={"kind": "response", "body": "Mijn fractie steunt dit.", "happened_on": "2026-11-20"},
    )
    griffie = clerk(display_name="Griffie Utrecht")
    sign_in(client, griffie)
    client.post(
        "/gemeente/utrecht/raad/nieuw",
        data={"kind": "response", "body": "De raad agendeert het manifest.", "happened_on": "2026-11-21"},
    )
    voices = {r.body: r.voice for r in db.session.scalars(select(CouncilResponse))}
    assert voices == {"Mijn fractie steunt dit.": "member", "De raad agendeert het manifest.": "council"}
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    council_part = page[page.index("council-timeline--council") : page.index("council-timeline--member")]
    member_part = page[page.index("council-timeline--member") :]
    assert "De raad agendeert het manifest." in council_part and "Antwoord namens de gemeenteraad" in council_part
    assert "Mijn fractie steunt dit." in member_part and "Reactie van een raadslid" in member_part
    assert "Partij voor de Wijk" in member_part
    outsider = make_user(perspective="politician", perspective_role="raadslid")  # not verified
    sign_in(client, outsider)
    assert client.get("/gemeente/utrecht/raad/nieuw").status_code == 403


def test_the_griffie_marks_a_spokesperson_who_may_then_answer_for_the_council(client, make_user):
    member = council_member(display_name="Jan Bakker", party="Stadspartij")
    sign_in(client, member)
    assert client.get("/gemeente/utrecht/raad/beheer").status_code == 403  # a member cannot mark anyone
    sign_in(client, clerk())
    client.post("/gemeente/utrecht/raad/beheer", data={"formulier": "woordvoerder", "woordvoerder-email": member.email})
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council.spokesperson_marked"))
    assert entry is not None and entry.about_user_id == member.id
    sign_in(client, member)
    form = client.get("/gemeente/utrecht/raad/nieuw").get_data(as_text=True)
    assert 'value="council"' in form and 'value="member"' in form  # now both voices, chosen per message
    client.post(
        "/gemeente/utrecht/raad/nieuw",
        data={"voice": "council", "kind": "decision", "body": "De raad nam de motie aan.", "happened_on": "2026-11-22"},
    )
    answer = db.session.scalar(select(CouncilResponse))
    assert answer is not None and answer.voice == "council" and answer.respondent_role == "spokesperson"


def test_a_status_change_shows_on_the_page_and_in_the_next_digest(client, make_user):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    stranger = make_user()
    sign_in(client, stranger)
    assert client.get("/gemeente/utrecht/raad/beheer").status_code == 403
    sign_in(client, clerk())
    future = client.post(
        "/gemeente/utrecht/raad/beheer",
        data={
            "formulier": "status",
            "status-step": "geagendeerd",
            "status-happened_on": str(date.today() + timedelta(days=9)),
        },
    )
    assert "Kies een datum van vandaag of eerder." in future.get_data(as_text=True)
    saved = client.post(
        "/gemeente/utrecht/raad/beheer",
        data={
            "formulier": "status",
            "status-step": "geagendeerd",
            "status-happened_on": "2026-11-25",
            "status-document_url": "https://utrecht.raadsinformatie.nl/agenda/1",
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/gemeente/utrecht#raad-status")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "council.status")) is not None
    with client.session_transaction() as session:  # logged out
        session.clear()
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    current = page[page.index("council-status__step--current") :][:600]
    assert "Geagendeerd" in current and "25 november 2026" in current
    assert "https://utrecht.raadsinformatie.nl/agenda/1" in current
    digests.build_digests(now=utcnow() + timedelta(minutes=1))
    (mail,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "volger@example.org"))
    assert "Bij de gemeenteraad: Geagendeerd op 25 november 2026." in mail.body_text
    assert "https://utrecht.raadsinformatie.nl/agenda/1" in mail.body_text
    dossier = " ".join(_before_annex(_pdf_pages(client)))
    assert "Geagendeerd" in dossier and "25 november 2026" in dossier


def test_the_approval_mail_says_what_a_councillor_can_now_do(client, make_user):
    councillor = make_user(email="raad@example.org", perspective="politician", perspective_role="raadslid")
    request = make_request(councillor, organisation="Partij voor de Wijk", function="raadslid")
    sign_in(client, make_user(role="moderator"))
    client.post(f"/moderatie/verificatie/{request.id}/besluit", data={"action": "approve"})
    (mail,) = mail_to("raad@example.org")
    assert "Je kunt nu reageren voor Utrecht" in mail.body_text
    assert "http://localhost/gemeente/utrecht/raad/nieuw" in mail.body_text
    professional = make_user(email="pro@example.org", perspective="professional", perspective_role="welzijn")
    request = make_request(professional)
    client.post(f"/moderatie/verificatie/{request.id}/besluit", data={"action": "approve"})
    (mail,) = mail_to("pro@example.org")
    assert (
        "Bij je naam staat nu “geverifieerd”" in mail.body_text
        and "http://localhost/gemeente/utrecht" in mail.body_text
    )


def test_deleting_an_account_keeps_the_status_without_who_set_it(client, make_user):
    griffie = clerk()
    council_spoke({**utrecht_with_support(3), "griffie": griffie})
    assert db.session.scalar(select(CouncilStatusStep).where(CouncilStatusStep.set_by_id == griffie.id))
    from tests.conftest import PASSWORD
    from wijkstem.services.accounts.accounts import delete_account

    delete_account(griffie, PASSWORD)
    steps = db.session.scalars(select(CouncilStatusStep)).all()
    assert len(steps) == 2 and all(step.set_by_id != griffie.id for step in steps)


def test_thank_you_step_has_one_primary_action_and_offers_the_other_pillars(client, make_user, login):
    login(make_user())
    client.post("/manifest/bewoners-leidend/steunen", data={"motivation": ""})
    html = client.get("/manifest/bewoners-leidend/bedankt").get_data(as_text=True)
    assert html.count("utrecht-button--primary-action") == 1
    primary = re.search(r'<a class="utrecht-button utrecht-button--primary-action" href="([^"]+)"[^>]*>Stuur je eigen link</a>', html)
    assert primary is not None and "via%3D" in primary.group(1) or "via=" in unquote(primary.group(1))
    assert "Steun je ook de andere 2 pijlers?" in html
    assert 'action="/manifest/lange-termijn/steunen"' in html and "Steun ook pijler 3" in html
    client.post("/manifest/lange-termijn/steunen", data={"motivation": ""})
    html = client.get("/manifest/lange-termijn/bedankt").get_data(as_text=True)
    assert "Steun je ook de andere pijler?" in html and "Steun ook pijler 2" not in html


def test_deleting_an_account_removes_the_dossiers_that_name_them(client, login, make_user, app, tmp_path, monkeypatch):
    from tests.conftest import PASSWORD
    from wijkstem.services.accounts.accounts import delete_account

    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    utrecht_with_support(3)
    sender = make_user(display_name="Sanne Jansen")
    login(sender)
    assert "Sanne Jansen" in " ".join(_pdf_pages(client, "/gemeente/utrecht/samenvatting.pdf?afzender=ik"))
    assert list(tmp_path.glob(f"*-afzender-{sender.id}"))
    delete_account(sender, PASSWORD)
    assert not list(tmp_path.glob(f"*-afzender-{sender.id}"))  # no file with their name is kept
