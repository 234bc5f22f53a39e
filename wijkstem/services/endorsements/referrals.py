"""Where endorsements came from: a person's share links carry their code (?via=...).

Someone who arrives through such a link and then endorses is credited to the sharer. The code
travels in the session cookie only (no other cookies); the privacy page explains it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import func, select, update

from wijkstem.extensions import db
from wijkstem.models import Endorsement, PendingEndorsement, User
from wijkstem.services.organisations.organisation_listing import public_share_code

CODE = re.compile(r"^[A-Za-z0-9_-]{6,16}$")


def with_share_code(url: str, user: User | None) -> str:
    """The URL as this person shares it: with their code, when they are logged in."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.share_code:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "via"] + [("via", user.share_code)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def sharer_code(code: str | None, visitor: User | None = None) -> str | None:
    """The code if it belongs to someone other than the visitor; None for unknown or own codes."""
    if not code or not CODE.match(code):
        return None
    owner_id = db.session.scalar(select(User.id).where(User.share_code == code))
    if owner_id is None and public_share_code(code):
        return code  # a verified organisation's own link (issue 27)
    if owner_id is None or (visitor is not None and getattr(visitor, "id", None) == owner_id):
        return None
    return code


def credited_endorsements(user: User) -> int:
    """How many endorsements came in through this person's share links."""
    return (
        db.session.scalar(select(func.count()).select_from(Endorsement).where(Endorsement.via_code == user.share_code))
        or 0
    )


def clear_share_code_of(user: User) -> None:
    """Other people's endorsements stop pointing at a deleted person's code (account deletion)."""
    for model in (Endorsement, PendingEndorsement):
        db.session.execute(
            update(model).where(model.via_code == user.share_code).values(via_code=None),
            execution_options={"synchronize_session": False},
        )
