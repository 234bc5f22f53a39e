"""Moderator decisions about who speaks for a council: griffie marks and revoking a verification.

Every decision is audited in its own transaction. Revoking takes the badge away from earlier
responses and stops new ones (services.council.council_responses checks the role on every action).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import CouncilClerk, Municipality, User
from wijkstem.services.accounts.accounts import find_user_by_email
from wijkstem.services.accounts.verification import bound_identity, unbind_verification
from wijkstem.services.endorsements.endorsement_counters import recount_for_user
from wijkstem.services.moderation import audit


class CouncilRoleError(Exception):
    """A rule said no; str(error) is a message for the moderator."""


def active_clerks() -> list[CouncilClerk]:
    return list(
        db.session.scalars(
            select(CouncilClerk).where(CouncilClerk.revoked_at.is_(None)).order_by(CouncilClerk.created_at.desc())
        )
    )


def mark_clerk(moderator: User, email: str, municipality: Municipality, reason: str | None = None) -> CouncilClerk:
    """A moderator marks an existing, confirmed account as the griffie of one municipality."""
    person = find_user_by_email(email or "")
    if person is None or not person.is_confirmed:
        raise CouncilRoleError(_l("Er is geen bevestigd account met dit e-mailadres."))
    clerk = db.session.scalar(
        select(CouncilClerk).where(CouncilClerk.user_id == person.id, CouncilClerk.municipality_id == municipality.id)
    )
    if clerk is not None and clerk.revoked_at is None:
        raise CouncilRoleError(_l("Deze persoon is al griffie van %(name)s.", name=municipality.name))
    if clerk is None:
        clerk = CouncilClerk(user_id=person.id, municipality_id=municipality.id)
        db.session.add(clerk)
    clerk.marked_by_id, clerk.created_at, clerk.revoked_at = moderator.id, utcnow(), None
    db.session.flush()
    audit.record(
        moderator,
        "council.clerk_marked",
        "council_clerk",
        clerk.id,
        reason,
        None,
        {"municipality": municipality.code},
        about=person,
    )
    db.session.commit()
    return clerk


def revoke_clerk(moderator: User, clerk_id: int, reason: str | None = None) -> CouncilClerk:
    clerk = db.session.get(CouncilClerk, clerk_id)
    if clerk is None or clerk.revoked_at is not None:
        raise CouncilRoleError(_l("Deze griffie-markering bestaat niet meer."))
    clerk.revoked_at = utcnow()
    audit.record(
        moderator,
        "council.clerk_revoked",
        "council_clerk",
        clerk.id,
        reason,
        {"municipality": clerk.municipality.code},
        None,
        about=clerk.user,
    )
    db.session.commit()
    return clerk


def revoke_verification(moderator: User, email: str, reason: str | None = None) -> User:
    """The person is no longer shown as verified: no badge, no more council responses."""
    person = find_user_by_email(email or "")
    if person is None or person.verified_at is None:
        raise CouncilRoleError(_l("Er is geen geverifieerd account met dit e-mailadres."))
    if not (reason or "").strip():
        raise CouncilRoleError(_l("Schrijf waarom je de verificatie intrekt."))
    before = {"verified": True, **bound_identity(person)}
    unbind_verification(person)
    recount_for_user(person)  # their endorsements no longer count as verified
    audit.record(
        moderator,
        "verification.revoked",
        "user",
        person.id,
        reason,
        before,
        {"verified": False},
        about=person,
    )
    db.session.commit()
    return person
