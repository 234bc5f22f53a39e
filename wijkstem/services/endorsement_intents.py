"""What a visitor meant to do before they had an account: endorse a pillar, with a motivation.

The intent travels in the session (see wijkstem/endorsement_intent.py); these functions carry it out
once the person has an account, and tell what comes next (the thank-you step, the role check).
"""

from __future__ import annotations

from enum import Enum

from flask_babel import gettext as _
from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import Endorsement, Pillar, User
from wijkstem.perspectives import POLITICIAN, POLITICIAN_ROLES, PROFESSIONAL
from wijkstem.services import endorsements
from wijkstem.services.endorsements import MAX_MOTIVATION
from wijkstem.services.verification import latest_request


class Outcome(Enum):
    COUNTED = "counted"  # the endorsement counts now
    PENDING = "pending"  # kept until the e-mail address is confirmed
    ALREADY = "already"  # this person endorsed the pillar before
    REFUSED = "refused"  # a rule said no (blocked account)


def clean_motivation(text: str | None) -> str:
    """What a visitor typed, trimmed to what an endorsement can hold."""
    return (text or "").strip()[:MAX_MOTIVATION]


def pillar_by_slug(slug: str | None) -> Pillar | None:
    if not slug:
        return None
    return db.session.scalar(select(Pillar).where(Pillar.slug == slug))


def carry_out_intent(user: User, pillar: Pillar, motivation: str | None, via_code: str | None = None) -> Outcome:
    """Endorse as the person meant to before logging in: counted when confirmed, else kept until they are."""
    motivation = clean_motivation(motivation)
    try:
        endorsements.endorse_pillar(user, pillar, motivation, via_code=via_code)
    except endorsements.NotConfirmed:
        endorsements.remember_endorsement(user, pillar, motivation, via_code=via_code)
        return Outcome.PENDING
    except endorsements.AlreadyEndorsed:
        return Outcome.ALREADY
    except endorsements.EndorsementError:
        return Outcome.REFUSED
    return Outcome.COUNTED


def latest_endorsed_pillar(user: User, preferred_slug: str | None = None) -> Pillar | None:
    """The pillar to thank someone for: the one they meant to endorse, else their newest endorsement."""
    query = (
        select(Pillar)
        .join(Endorsement, Endorsement.pillar_id == Pillar.id)
        .where(Endorsement.user_id == user.id)
        .order_by(Endorsement.created_at.desc(), Endorsement.id.desc())
    )
    if preferred_slug and (pillar := db.session.scalar(query.where(Pillar.slug == preferred_slug))):
        return pillar
    return db.session.scalar(query.limit(1))


def should_confirm_role(user: User) -> bool:
    """Professionals and politicians whose role nobody checked yet, with no request waiting."""
    if user.perspective not in (PROFESSIONAL, POLITICIAN) or user.is_verified:
        return False
    latest = latest_request(user)
    return latest is None or not latest.is_pending  # an approval that ended with a profile change counts as none


def verification_defaults(user: User) -> dict[str, str]:
    """The verification form filled in with what the person told us at registration."""
    municipality = user.municipality.name if user.municipality else ""
    role = user.perspective_role or ""
    if user.perspective == POLITICIAN:
        local = role in ("raadslid", "wethouder", "burgemeester")
        return {
            "organisation": _("Gemeente %(name)s", name=municipality) if local and municipality else "",
            "function": str(POLITICIAN_ROLES[role]) if role in POLITICIAN_ROLES and role != "anders" else "",
        }
    if user.perspective == PROFESSIONAL and role == "gemeente" and municipality:
        return {"organisation": _("Gemeente %(name)s", name=municipality), "function": ""}
    return {"organisation": "", "function": ""}
