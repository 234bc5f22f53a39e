"""Blocking people and managing accounts: moderator and admin decisions about users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import User
from wijkstem.models.accounts import ROLES
from wijkstem.pagination import Page
from wijkstem.services import statements
from wijkstem.services.accounts.mail import queue_mail
from wijkstem.services.endorsements.endorsement_counters import recount_for_user
from wijkstem.services.moderation import audit, content_visibility

PAGE_SIZE = 50


class UserAdminError(Exception):
    """A rule said no; str(error) is a message for the moderator or admin."""


def _check_may_act_on(actor: User, user: User) -> None:
    if actor.id == user.id:
        raise UserAdminError(_l("Dit kun je niet bij je eigen account doen."))
    if user.is_moderator and not actor.is_admin:
        raise UserAdminError(_l("Alleen een beheerder kan een moderator of beheerder blokkeren."))


def block_user(actor: User, user: User, reason: str | None, hide_content: bool) -> None:
    """Blocks log-in at once; the actor chooses whether existing content is hidden."""
    _check_may_act_on(actor, user)
    if user.is_blocked:
        raise UserAdminError(_l("Dit account is al geblokkeerd."))
    if not (reason or "").strip():
        raise UserAdminError(_l("Kies of schrijf een reden."))
    user.blocked_at = utcnow()
    audit.record(
        actor,
        "user.block",
        "user",
        user.id,
        reason,
        {"blocked": False},
        {"blocked": True, "hide_content": hide_content},
        about=user,
    )
    content_visibility.follow_block(user, hide_content)
    recount_for_user(user)  # their endorsements stop counting
    statements.recount_votes_for_user(user)  # and so do their answers to statements
    queue_mail(
        user.email, _l("Je account bij wijkstem is geblokkeerd"), "account_blocked", user.locale,
        user=user, blocked=True, reason=reason,
    )  # fmt: skip
    db.session.commit()


def unblock_user(actor: User, user: User, reason: str | None = None) -> None:
    _check_may_act_on(actor, user)
    if not user.is_blocked:
        raise UserAdminError(_l("Dit account is niet geblokkeerd."))
    user.blocked_at = None
    audit.record(actor, "user.unblock", "user", user.id, reason, {"blocked": True}, {"blocked": False}, about=user)
    content_visibility.follow_unblock(user)
    recount_for_user(user)  # their endorsements count again
    statements.recount_votes_for_user(user)
    queue_mail(
        user.email, _l("Je account bij wijkstem is weer open"), "account_blocked", user.locale,
        user=user, blocked=False, reason=reason,
    )  # fmt: skip
    db.session.commit()


def change_role(actor: User, user: User, role: str) -> None:
    """Admins only; nobody changes their own role, so there is always an admin left."""
    if not actor.is_admin:
        raise UserAdminError(_l("Alleen een beheerder kan rollen veranderen."))
    if actor.id == user.id:
        raise UserAdminError(_l("Je kunt je eigen rol niet veranderen."))
    if role not in ROLES:
        raise UserAdminError(_l("Kies een rol uit de lijst."))
    if role == user.role:
        return
    audit.record(actor, "user.role", "user", user.id, None, {"role": user.role}, {"role": role}, about=user)
    user.role = role
    db.session.commit()


def search_users(text: str, page: int = 1) -> Page[User]:
    """Accounts whose name or e-mail contains the text, newest first."""
    query = select(User)
    text = (text or "").strip().lower()
    if text:
        query = query.where(
            or_(
                func.lower(User.display_name).contains(text, autoescape=True),
                User.email.contains(text, autoescape=True),
            )
        )
    page = max(page, 1)
    rows = db.session.scalars(query.order_by(User.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return Page.from_extra_row(rows, page, PAGE_SIZE)
