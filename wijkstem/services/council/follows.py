"""Following a municipality or a pillar ("Houd me op de hoogte") and how often the digest comes."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from wijkstem.extensions import db
from wijkstem.models import Follow, Municipality, Pillar, User
from wijkstem.services.accounts import tokens

WEEKLY = "weekly"
NEVER = "never"
FREQUENCIES = (WEEKLY, NEVER)


class FollowError(Exception):
    """A rule said no; str(error) is a message for the person."""


@dataclass(frozen=True)
class Following:
    municipalities: list[Municipality]
    pillars: list[Pillar]

    @property
    def is_empty(self) -> bool:
        return not self.municipalities and not self.pillars


def _follow(user: User, **subject) -> bool:
    """True when this is new; a second click changes nothing (the unique key decides)."""
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, **subject))
    except IntegrityError:
        return False
    return True


def follow_municipality(user: User, municipality: Municipality) -> bool:
    followed = _follow(user, municipality_id=municipality.id)
    db.session.commit()
    return followed


def follow_pillar(user: User, pillar: Pillar) -> bool:
    followed = _follow(user, pillar_id=pillar.id)
    db.session.commit()
    return followed


def follow_after_endorsing(user: User, pillar: Pillar | None, municipality: Municipality | None) -> None:
    """The endorse form's "Houd me op de hoogte" boxes: both, one or none. Does not commit: part of the
    endorsement's transaction (services.endorsements.endorsements.endorse)."""
    if pillar is not None:
        _follow(user, pillar_id=pillar.id)
    if municipality is not None:
        _follow(user, municipality_id=municipality.id)


def unfollow_municipality(user: User, municipality: Municipality) -> None:
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.municipality_id == municipality.id))
    db.session.commit()


def unfollow_pillar(user: User, pillar: Pillar) -> None:
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.pillar_id == pillar.id))
    db.session.commit()


def is_following_municipality(user: User, municipality: Municipality) -> bool:
    if not user.is_authenticated:
        return False
    return (
        db.session.scalar(select(Follow.id).where(Follow.user_id == user.id, Follow.municipality_id == municipality.id))
        is not None
    )


def following(user: User) -> Following:
    rows = db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.created_at)).all()
    return Following(
        municipalities=[f.municipality for f in rows if f.municipality is not None],
        pillars=[f.pillar for f in rows if f.pillar is not None],
    )


def set_digest_frequency(user: User, frequency: str) -> None:
    if frequency not in FREQUENCIES:
        raise FollowError(_l("Kies hoe vaak je mail wilt krijgen."))
    user.digest_frequency = frequency
    db.session.commit()


# One-click unsubscribe (RFC 8058): a signed link that needs no login -------------------------


def unsubscribe_token(user: User) -> str:
    return tokens.make_token("unsubscribe", {"id": user.id})


def user_for_unsubscribe_token(token: str) -> User:
    data = tokens.read_token("unsubscribe", token, current_app.config["UNSUBSCRIBE_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None:
        raise tokens.InvalidToken
    return user


def unsubscribe(token: str) -> User:
    """No more digests for the person the signed link belongs to; their follows stay."""
    user = user_for_unsubscribe_token(token)
    user.digest_frequency = NEVER
    db.session.commit()
    return user


# Account data ---------------------------------------------------------------------------------


def forget_follows(user: User) -> None:
    """Account deletion: what this person followed goes with the account."""
    db.session.execute(delete(Follow).where(Follow.user_id == user.id))


def export_follows(user: User) -> tuple[str, dict]:
    current = following(user)
    return "follows", {
        "digest_frequency": user.digest_frequency,
        "municipalities": [{"code": m.code, "name": m.name} for m in current.municipalities],
        "pillars": [p.slug for p in current.pillars],
    }
