"""Builders for the council tests: verified council members, griffie marks, published responses."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import UserFactory
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import CouncilClerk, Municipality, VerificationRequest
from wijkstem.services.council import council_responses


def place(code: str = "GM0344") -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.code == code))


def council_member(role: str = "raadslid", code: str = "GM0344", party: str = "Partij voor de Wijk", **extra):
    """A politician of that municipality whose verification a moderator approved."""
    person = UserFactory(
        perspective="politician", perspective_role=role, municipality=place(code), verified_at=utcnow(), **extra
    )
    db.session.add(
        VerificationRequest(
            user=person, organisation=party, function=role, evidence_url="https://example.org/raad", status="approved"
        )
    )
    db.session.commit()
    return person


def clerk(code: str = "GM0344", **extra):
    person = UserFactory(perspective="professional", perspective_role="gemeente", **extra)
    db.session.add(CouncilClerk(user_id=person.id, municipality_id=place(code).id))
    db.session.commit()
    return person


def publish(author, text: str = "De raad bespreekt het manifest op 12 januari.", code: str = "GM0344", kind="response"):
    return council_responses.publish_response(
        author, place(code), council_responses.ResponseDraft(kind=kind, body=text, happened_on=date(2026, 11, 20))
    )
