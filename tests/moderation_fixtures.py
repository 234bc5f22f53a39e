"""Fixtures shared by the moderation tests (import them into a test module to use them)."""

from __future__ import annotations

import pytest

from wijkstem.extensions import db
from wijkstem.models import AuditEntry, OutboxMessage, VerificationRequest


@pytest.fixture
def moderator(make_user):
    return make_user(display_name="Mo Derator", role="moderator")


@pytest.fixture
def admin(make_user):
    return make_user(display_name="Ad Min", role="admin")


@pytest.fixture
def professional(make_user):
    return make_user(display_name="Pia Professional", perspective="professional", perspective_role="gemeente")


def sign_in(client, user) -> None:
    """Put the session Flask-Login reads, without the log-in form: also for people the form would
    refuse or send elsewhere (blocked, already logged in). Through the form: tests.conftest.log_in."""
    db.session.refresh(user)  # an earlier log-out moved the session version
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def make_request(user, organisation="Gemeente Utrecht", **values) -> VerificationRequest:
    request = VerificationRequest(
        user=user,
        organisation=organisation,
        function=values.pop("function", "Wijkregisseur"),
        evidence_url=values.pop("evidence_url", "https://www.utrecht.nl/wijken/team"),
        **values,
    )
    db.session.add(request)
    db.session.commit()
    return request


def audit_actions() -> list[str]:
    return [entry.action for entry in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


def mail_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            db.select(OutboxMessage).where(OutboxMessage.recipient == address).order_by(OutboxMessage.id)
        )
    )
