"""Moderating experiences in the workspace (/moderatie/ervaringen): approve, reject with a reason,
mails, audit records, and edits of approved ones."""

from __future__ import annotations

import io

from sqlalchemy import select

from tests.conftest import outbox_links, path_of
from tests.experience_builders import form_data, jpeg_with_gps, make_experience
from tests.moderation_fixtures import audit_actions
from wijkstem.models import AuditEntry, Experience, OutboxMessage
from wijkstem.services.experiences.experiences import store_draft_photo


def _mails_to(db, email: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)))


def _fresh(db, experience: Experience) -> Experience:
    db.session.refresh(experience)
    return experience


def _decide(client, experience: Experience, action: str, reason: str = "", **extra):
    data = {"action": action, "reason_text": reason, **extra}
    return client.post(f"/moderatie/ervaringen/{experience.id}/besluit", data=data, follow_redirects=True)


def test_only_moderators_see_the_queue(client, make_user, login):
    assert client.get("/moderatie/ervaringen").status_code == 302
    login(make_user())
    assert client.get("/moderatie/ervaringen").status_code == 403


def test_moderator_approves_and_the_author_gets_a_mail(client, db, make_user, login):
    author = make_user()
    experience = make_experience(author, approve=False)
    login(make_user(role="moderator"))
    queue = client.get("/moderatie/ervaringen").get_data(as_text=True)
    assert "Plantenbakken in de straat" in queue and "Nieuwe ervaring" in queue
    assert "Utrecht" in queue and "Bewoners" in queue  # municipality and pillar
    assert "Ervaringen</a>: <strong>1</strong>" in client.get("/moderatie").get_data(as_text=True)

    page = _decide(client, experience, "approve").get_data(as_text=True)
    assert "Goedgekeurd." in page and "Niets te doen. Alles is afgehandeld." in page
    db.session.refresh(experience)
    assert experience.status == "approved" and experience.approved_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "experience.approved"))
    assert entry.subject_id == experience.id and entry.about_user_id == author.id
    assert entry.before["status"] == "pending" and entry.after["status"] == "approved"

    [mail] = _mails_to(db, author.email)
    assert "goedgekeurd" in mail.body_text
    link = path_of(outbox_links(author.email)[-1])
    client.post("/account/uitloggen")
    assert "Plantenbakken in de straat" in client.get(link).get_data(as_text=True)


def test_reject_needs_a_reason_which_the_author_reads(client, db, make_user, login):
    author = make_user()
    experience = make_experience(author, approve=False)
    login(make_user(role="admin"))
    page = _decide(client, experience, "reject").get_data(as_text=True)
    assert "Kies of schrijf een reden." in page
    assert _fresh(db, experience).status == "pending"

    page = _decide(client, experience, "reject", "Er staan namen in.").get_data(as_text=True)
    assert "Afgewezen. De schrijver krijgt een mail met de reden." in page
    assert _fresh(db, experience).status == "rejected"
    [mail] = _mails_to(db, author.email)
    assert "Er staan namen in." in mail.body_text
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "experience.rejected"))
    assert entry.reason == "Er staan namen in." and entry.after["status"] == "rejected"

    client.post("/account/uitloggen")
    login(author)
    mine = client.get("/account/ervaringen").get_data(as_text=True)
    assert "Niet geplaatst" in mine and "Er staan namen in." in mine


def test_a_moderator_cannot_approve_their_own_experience(client, db, make_user, login):
    moderator = make_user(role="moderator")
    experience = make_experience(moderator, approve=False)
    login(moderator)
    queue = client.get("/moderatie/ervaringen").get_data(as_text=True)
    assert "Dit is je eigen bijdrage. Een andere moderator beslist hierover." in queue
    page = _decide(client, experience, "approve").get_data(as_text=True)
    assert "Over je eigen bijdrage of aanvraag beslist een andere moderator." in page
    assert _fresh(db, experience).status == "pending" and audit_actions() == []


def test_a_choice_from_the_list_is_a_reason_too_and_a_decided_item_is_gone(client, db, make_user, login):
    experience = make_experience(make_user(), approve=False)
    login(make_user(role="moderator"))
    _decide(client, experience, "reject", reason_choice="Reclame of spam")
    assert _fresh(db, experience).rejection_reason == "Reclame of spam"
    page = _decide(client, experience, "approve").get_data(as_text=True)
    assert "Dit item bestaat niet meer of is al afgehandeld." in page
    assert _fresh(db, experience).status == "rejected"


def test_bulk_approval_commits_every_item_with_its_mail_and_audit_entry(client, db, make_user, login):
    first, second = make_user(), make_user()
    one = make_experience(first, approve=False)
    two = make_experience(second, approve=False, title="Een buurtkamer")
    login(make_user(role="moderator"))
    response = client.post(
        "/moderatie/ervaringen/selectie", data={"action": "approve", "ids": [one.id, two.id]}, follow_redirects=True
    )
    assert "2 items afgehandeld." in response.get_data(as_text=True)
    assert _fresh(db, one).is_approved and _fresh(db, two).is_approved
    assert audit_actions() == ["experience.approved", "experience.approved"]
    assert len(_mails_to(db, first.email)) == 1 and len(_mails_to(db, second.email)) == 1


def test_the_queue_shows_the_photo_to_moderators(client, make_user, login):
    author = make_user()
    photo = store_draft_photo(author, io.BytesIO(jpeg_with_gps((64, 48))))
    make_experience(author, approve=False, photo=photo, photo_alt="Bakken met bloemen")
    login(make_user(role="moderator"))
    queue = client.get("/moderatie/ervaringen").get_data(as_text=True)
    assert f'src="/ervaringen/foto/{photo.id}.jpg"' in queue and 'alt="Bakken met bloemen"' in queue
    assert client.get(f"/ervaringen/foto/{photo.id}.jpg").status_code == 200


def test_the_workspace_commits_the_decision(app, db, make_user):
    from wijkstem.services.experiences.experience_moderation import QUEUE_PROVIDER
    from wijkstem.services.moderation.moderation_queue import APPROVE, decide

    experience = make_experience(make_user(), approve=False)
    with app.test_request_context():
        decide(QUEUE_PROVIDER, make_user(role="moderator"), APPROVE, experience.id)
    db.session.rollback()  # nothing left to roll back: decide() committed
    assert _fresh(db, experience).is_approved


def test_editing_a_pending_experience_changes_it_in_place(client, db, make_user, login):
    author = make_user()
    experience = make_experience(author, approve=False)
    login(author)
    form = client.get(f"/ervaringen/{experience.id}/bewerken").get_data(as_text=True)
    assert 'value="Plantenbakken in de straat"' in form
    response = client.post(f"/ervaringen/{experience.id}/bewerken", data=form_data(title="Bloembakken in de straat"))
    assert response.status_code == 302
    db.session.refresh(experience)
    assert experience.title == "Bloembakken in de straat" and experience.status == "pending"
    assert experience.revision is None


def test_a_rejected_experience_goes_back_to_the_queue_after_an_edit(client, db, make_user, login):
    from wijkstem.services.experiences.experiences import reject_experience

    author = make_user()
    experience = make_experience(author, approve=False)
    reject_experience(make_user(role="moderator"), experience, "Te persoonlijk")
    db.session.commit()
    login(author)
    client.post(f"/ervaringen/{experience.id}/bewerken", data=form_data(title="Nieuwe versie"))
    db.session.refresh(experience)
    assert experience.status == "pending" and experience.rejection_reason is None


def test_others_cannot_edit(client, make_user, login):
    experience = make_experience(make_user(), approve=False)
    login(make_user())
    assert client.get(f"/ervaringen/{experience.id}/bewerken").status_code == 403


def test_editing_an_approved_experience_is_reviewed_while_the_old_version_stays(client, db, make_user, login):
    author, moderator = make_user(), make_user(role="moderator")
    experience = make_experience(author, moderator)
    old_url = f"/ervaringen/{experience.id}-{experience.slug}"
    login(author)
    response = client.post(
        f"/ervaringen/{experience.id}/bewerken", data=form_data(title="Bloembakken en koffie"), follow_redirects=True
    )
    assert "Tot die tijd blijft de vorige versie staan." in response.get_data(as_text=True)
    client.post("/account/uitloggen")

    page = client.get(old_url).get_data(as_text=True)
    assert "Plantenbakken in de straat" in page and "Bloembakken en koffie" not in page
    assert "Plantenbakken" in client.get("/ervaringen?q=plantenbakken").get_data(as_text=True)
    assert "Bloembakken" not in client.get("/ervaringen?q=bloembakken").get_data(as_text=True)

    login(moderator)
    queue = client.get("/moderatie/ervaringen").get_data(as_text=True)
    assert "Wijziging van een geplaatste ervaring" in queue and "Bloembakken en koffie" in queue
    _decide(client, experience, "approve")
    assert "experience.edit_approved" in audit_actions()
    client.post("/account/uitloggen")

    response = client.get(old_url)
    assert response.status_code == 301 and response.location.endswith(
        f"/ervaringen/{experience.id}-bloembakken-en-koffie"
    )
    assert "Bloembakken en koffie" in client.get(response.location).get_data(as_text=True)
    assert "Bloembakken" in client.get("/ervaringen?q=bloembakken").get_data(as_text=True)
    assert len(_mails_to(db, author.email)) == 2  # first approval, then the edit


def test_a_rejected_edit_leaves_the_approved_version(client, db, make_user, login):
    author, moderator = make_user(), make_user(role="moderator")
    experience = make_experience(author, moderator)
    login(author)
    client.post(f"/ervaringen/{experience.id}/bewerken", data=form_data(title="Iets heel anders"))
    client.post("/account/uitloggen")
    login(moderator)
    _decide(client, experience, "reject", "Nee")
    db.session.refresh(experience)
    assert experience.status == "approved" and experience.title == "Plantenbakken in de straat"
    assert experience.revision.status == "rejected"
    client.post("/account/uitloggen")
    login(author)
    assert "Je wijziging is niet geplaatst. Reden van de moderator: Nee" in client.get("/account/ervaringen").get_data(
        as_text=True
    )
