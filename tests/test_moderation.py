from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import counting_queries
from tests.moderation_fixtures import admin, audit_actions, mail_to, make_request, moderator, professional, sign_in
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, User, VerificationRequest
from wijkstem.services.moderation import audit, content_visibility, moderation_queue
from wijkstem.services.moderation.moderation_queue import QueueItem, QueueProvider

__all__ = ["admin", "moderator", "professional"]  # fixtures


def test_overview_counts_every_registered_queue(client, moderator, professional):
    make_request(professional)
    sign_in(client, moderator)
    html = client.get("/moderatie").get_data(as_text=True)
    assert "Verificatie-aanvragen" in html and "<strong>1</strong>" in html
    assert 'href="/moderatie/verificatie"' in html
    assert ">Moderatie</a>" in html  # nav entry for moderators
    assert ">Beheer</a>" not in html


def test_queue_shows_oldest_first_with_author_and_earlier_decisions(client, moderator, make_user, professional):
    older = make_user(display_name="Olga Ouder", perspective="politician", perspective_role="raadslid")
    old_request = make_request(older, organisation="Gemeenteraad Utrecht")
    old_request.created_at = utcnow() - timedelta(days=3)
    make_request(professional, organisation="Woningcorporatie Mitros")
    audit.record(moderator, "verification.rejected", "verification_request", 99, "Link werkte niet", about=older)
    db.session.commit()
    sign_in(client, moderator)
    with counting_queries() as statements:
        html = client.get("/moderatie/verificatie").get_data(as_text=True)
    assert len(statements) <= 8, statements
    assert html.index("Gemeenteraad Utrecht") < html.index("Woningcorporatie Mitros")
    assert "Olga Ouder" in html and "Politicus" in html or "politicus" in html.lower()
    assert "Utrecht" in html and "Lid sinds" in html
    assert "Link werkte niet" in html  # earlier decision about Olga
    assert 'form="bulk-form"' in html and 'for="reason-choice-' in html


def decide(client, item_id, action, **data):
    return client.post(
        f"/moderatie/verificatie/{item_id}/besluit", data={"action": action, **data}, follow_redirects=True
    )


def test_approve_verifies_mails_author_and_writes_audit(client, moderator, professional):
    request = make_request(professional)
    sign_in(client, moderator)
    html = decide(client, request.id, "approve").get_data(as_text=True)
    assert "Goedgekeurd." in html and "Niets te doen" in html
    db.session.refresh(professional)
    assert professional.is_verified
    assert "goedgekeurd" in mail_to(professional.email)[-1].body_text
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.about_user_id) == (
        "verification.approved",
        moderator.id,
        professional.id,
    )
    assert entry.before == {"status": "pending", "verified": False} and entry.after["verified"] is True


def test_reject_needs_a_reason_which_reaches_the_author(client, moderator, professional):
    request = make_request(professional)
    sign_in(client, moderator)
    html = decide(client, request.id, "reject").get_data(as_text=True)
    assert "Kies of schrijf een reden." in html
    assert db.session.get(VerificationRequest, request.id).status == "pending" and audit_actions() == []

    html = decide(client, request.id, "reject", reason_choice="Niet te controleren").get_data(as_text=True)
    assert "Afgewezen." in html
    db.session.expire_all()
    assert db.session.get(VerificationRequest, request.id).reason == "Niet te controleren"
    body = mail_to(professional.email)[-1].body_text
    assert "afgewezen" in body and "Reden: Niet te controleren" in body

    # The written reason wins over the list.
    other = make_request(professional)
    decide(client, other.id, "reject", reason_choice="Reclame of spam", reason_text="Geen openbare link")
    db.session.expire_all()
    assert db.session.get(VerificationRequest, other.id).reason == "Geen openbare link"


def test_a_moderator_cannot_decide_on_their_own_request(client, make_user):
    own = make_user(role="moderator", perspective="professional", perspective_role="gemeente")
    request = make_request(own)
    sign_in(client, own)
    html = client.get("/moderatie/verificatie").get_data(as_text=True)
    assert "Dit is je eigen bijdrage" in html
    html = decide(client, request.id, "approve").get_data(as_text=True)
    assert "beslist een andere moderator" in html
    db.session.refresh(own)
    assert not own.is_verified and audit_actions() == []


def test_bulk_approve_skips_own_items(client, make_user, professional):
    own = make_user(role="moderator", perspective="politician", perspective_role="raadslid")
    second = make_user(perspective="professional", perspective_role="welzijn")
    ids = [make_request(professional).id, make_request(second).id, make_request(own).id]
    sign_in(client, own)
    html = client.post(
        "/moderatie/verificatie/selectie", data={"action": "approve", "ids": ids}, follow_redirects=True
    ).get_data(as_text=True)
    assert "2 items afgehandeld." in html and "beslist een andere moderator" in html
    assert audit_actions() == ["verification.approved", "verification.approved"]
    html = client.post("/moderatie/verificatie/selectie", data={"action": "approve"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Kies eerst een of meer items." in html


def test_bulk_reject_needs_a_reason(client, moderator, professional):
    request = make_request(professional)
    sign_in(client, moderator)
    html = client.post(
        "/moderatie/verificatie/selectie", data={"action": "reject", "ids": [request.id]}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Kies of schrijf een reden." in html
    assert db.session.get(VerificationRequest, request.id).status == "pending"


@pytest.fixture
def captured_signals(monkeypatch):
    """What blocking asked content_visibility to do (the explicit calls that replaced the signals)."""
    seen = []
    follow_block, follow_unblock = content_visibility.follow_block, content_visibility.follow_unblock

    def on_block(user, hide_content):
        seen.append(("blocked", user.id, hide_content))
        follow_block(user, hide_content)

    def on_unblock(user):
        seen.append(("unblocked", user.id))
        follow_unblock(user)

    monkeypatch.setattr(content_visibility, "follow_block", on_block)
    monkeypatch.setattr(content_visibility, "follow_unblock", on_unblock)
    return seen


def test_block_and_unblock_author(client, login, moderator, professional, captured_signals):
    sign_in(client, moderator)
    html = client.post(
        f"/moderatie/gebruikers/{professional.id}/blokkeren",
        data={"reason_text": "Scheldt steeds", "hide_content": "y", "next": "/moderatie/verificatie"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Pia Professional is geblokkeerd." in html
    db.session.refresh(professional)
    assert professional.is_blocked
    assert captured_signals == [("blocked", professional.id, True)]
    assert "Reden: Scheldt steeds" in mail_to(professional.email)[-1].body_text
    other = client.application.test_client()
    response = other.post(
        "/account/inloggen", data={"email": professional.email, "password": "een-lange-zin-als-wachtwoord"}
    )
    assert "Je account is geblokkeerd" in response.get_data(as_text=True)

    html = client.post(
        f"/moderatie/gebruikers/{professional.id}/deblokkeren", data={"next": "/moderatie"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "is niet meer geblokkeerd" in html
    assert captured_signals[-1] == ("unblocked", professional.id)
    assert audit_actions() == ["user.block", "user.unblock"]
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.block"))
    assert entry.after == {"blocked": True, "hide_content": True} and entry.reason == "Scheldt steeds"


def test_block_needs_reason_and_keeps_content_by_default(client, moderator, professional, captured_signals):
    sign_in(client, moderator)
    html = client.post(f"/moderatie/gebruikers/{professional.id}/blokkeren", data={}, follow_redirects=True)
    assert "Kies of schrijf een reden." in html.get_data(as_text=True)
    client.post(f"/moderatie/gebruikers/{professional.id}/blokkeren", data={"reason_choice": "Reclame of spam"})
    assert captured_signals == [("blocked", professional.id, False)]


def test_a_moderator_cannot_block_themselves_or_an_admin(client, moderator, admin):
    sign_in(client, moderator)
    for target, message in ((moderator, "eigen account"), (admin, "Alleen een beheerder")):
        html = client.post(
            f"/moderatie/gebruikers/{target.id}/blokkeren", data={"reason_text": "x"}, follow_redirects=True
        ).get_data(as_text=True)
        assert message in html
    assert db.session.scalar(db.select(User).where(User.blocked_at.is_not(None))) is None


@pytest.fixture
def fake_queue(make_user):
    """A queue like the ones the comments and experiences capabilities register."""
    author = make_user(display_name="Reinier Reageerder")
    state = {1: "hidden", 2: "hidden"}
    reports = [type("Report", (), {"reason": "Scheldwoorden", "created_at": utcnow()})()]

    def item(item_id):
        return QueueItem("reactie", item_id, f"Reactie {item_id}", "Een tekst", author, utcnow(), reports, "/manifest")

    def handle(new_state):
        def handler(moderator, item_id, reason):
            audit.record(
                moderator,
                f"comment.{new_state}",
                "comment",
                item_id,
                reason,
                {"state": state[item_id]},
                {"state": new_state},
                about=author,
            )
            state[item_id] = new_state

        return handler

    provider = QueueProvider(
        name="gemeld",
        label="Gemelde reacties",
        pending=lambda limit: [item(i) for i, s in state.items() if s == "hidden"][:limit],
        find=lambda item_id: item(item_id) if item_id in state else None,
        count=lambda: sum(1 for s in state.values() if s == "hidden"),
        handlers={"approve": handle("visible"), "hide": handle("hidden"), "restore": handle("visible")},
    )
    real = moderation_queue.queue("gemeld")  # the real queue of reported items stands aside for this fake
    moderation_queue.register_queue(provider)
    yield state
    moderation_queue.register_queue(real)


def test_a_registered_queue_gets_a_page_reports_and_its_actions(client, moderator, fake_queue):
    sign_in(client, moderator)
    assert "Gemelde reacties" in client.get("/moderatie").get_data(as_text=True)
    html = client.get("/moderatie/gemeld").get_data(as_text=True)
    assert "Reactie 1" in html and "Scheldwoorden" in html and "Meldingen (1)" in html
    assert 'value="restore"' in html and 'value="hide"' in html and 'value="reject"' not in html
    html = client.post("/moderatie/gemeld/1/besluit", data={"action": "hide"}, follow_redirects=True)
    assert "Kies of schrijf een reden." in html.get_data(as_text=True)
    client.post("/moderatie/gemeld/1/besluit", data={"action": "restore"})
    assert fake_queue[1] == "visible"
    html = client.post(
        "/moderatie/gemeld/2/besluit", data={"action": "reject", "reason_text": "x"}, follow_redirects=True
    )
    assert "Deze actie kan niet in deze wachtrij." in html.get_data(as_text=True)
    assert client.get("/moderatie/bestaat-niet").status_code == 404
    html = client.post("/moderatie/gemeld/7/besluit", data={"action": "approve"}, follow_redirects=True)
    assert "bestaat niet meer" in html.get_data(as_text=True)


def test_registering_an_unknown_action_fails_loudly():
    with pytest.raises(ValueError):
        moderation_queue.register_queue(
            QueueProvider("x", "x", lambda n: [], lambda i: None, lambda: 0, {"delete": lambda *a: None})
        )
