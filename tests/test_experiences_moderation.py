"""Moderating experiences: approve, reject with a reason, mails, and edits of approved ones."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import outbox_links, path_of
from tests.experience_builders import form_data, make_experience
from wijkstem.models import Experience, OutboxMessage


def _mails_to(db, email: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)))


def _fresh(db, experience: Experience) -> Experience:
    db.session.refresh(experience)
    return experience


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

    response = client.post(f"/moderatie/ervaringen/{experience.id}/goedkeuren", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "De ervaring is goedgekeurd" in page and "Er wachten geen ervaringen op beoordeling." in page
    db.session.refresh(experience)
    assert experience.status == "approved" and experience.approved_at is not None

    [mail] = _mails_to(db, author.email)
    assert "goedgekeurd" in mail.body_text
    link = path_of(outbox_links(author.email)[-1])
    client.post("/account/uitloggen")
    assert "Plantenbakken in de straat" in client.get(link).get_data(as_text=True)


def test_reject_needs_a_reason_which_the_author_reads(client, db, make_user, login):
    author = make_user()
    experience = make_experience(author, approve=False)
    login(make_user(role="admin"))
    response = client.post(f"/moderatie/ervaringen/{experience.id}/afwijzen", data={})
    assert response.status_code == 400
    assert "Schrijf waarom je deze ervaring afwijst." in response.get_data(as_text=True)
    assert _fresh(db, experience).status == "pending"

    field = f"afwijzen-{experience.id}-reason"
    response = client.post(f"/moderatie/ervaringen/{experience.id}/afwijzen", data={field: "Er staan namen in."})
    assert response.status_code == 302
    assert _fresh(db, experience).status == "rejected"
    [mail] = _mails_to(db, author.email)
    assert "Er staan namen in." in mail.body_text

    client.post("/account/uitloggen")
    login(author)
    mine = client.get("/account/ervaringen").get_data(as_text=True)
    assert "Niet geplaatst" in mine and "Er staan namen in." in mine


def test_a_moderator_cannot_approve_their_own_experience(client, db, make_user, login):
    moderator = make_user(role="moderator")
    experience = make_experience(moderator, approve=False)
    login(moderator)
    page = client.post(f"/moderatie/ervaringen/{experience.id}/goedkeuren", follow_redirects=True).get_data(True)
    assert "Je kunt je eigen ervaring niet beoordelen." in page
    assert _fresh(db, experience).status == "pending"


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
    from wijkstem.services.experiences import reject_experience

    author = make_user()
    experience = make_experience(author, approve=False)
    reject_experience(make_user(role="moderator"), experience, "Te persoonlijk")
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
    assert "Wijziging van een geplaatste ervaring" in client.get("/moderatie/ervaringen").get_data(as_text=True)
    client.post(f"/moderatie/ervaringen/{experience.id}/goedkeuren")
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
    client.post(f"/moderatie/ervaringen/{experience.id}/afwijzen", data={f"afwijzen-{experience.id}-reason": "Nee"})
    db.session.refresh(experience)
    assert experience.status == "approved" and experience.title == "Plantenbakken in de straat"
    assert experience.revision.status == "rejected"
    client.post("/account/uitloggen")
    login(author)
    assert "Je wijziging is niet geplaatst. Reden van de moderator: Nee" in client.get("/account/ervaringen").get_data(
        as_text=True
    )
