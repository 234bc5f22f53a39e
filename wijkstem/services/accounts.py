"""Accounts: registration, confirmation, log-in, passwords, profile, export and deletion."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Municipality, User
from wijkstem.models.accounts import ROLES
from wijkstem.perspectives import PERSPECTIVES, ROLES_BY_PERSPECTIVE
from wijkstem.services import tokens
from wijkstem.services.mail import forget_mail_to, queue_mail
from wijkstem.services.passwords import DUMMY_HASH, hash_password, password_matches
from wijkstem.signals import account_changed, account_deleting, collecting_user_data, email_confirmed
from wijkstem.urls import absolute_url


class AccountError(Exception):
    """A rule about accounts said no; str(error) is a message for the user."""


class EmailTaken(AccountError):
    pass


class InvalidCredentials(AccountError):
    pass


class AccountBlocked(AccountError):
    pass


class WrongPassword(AccountError):
    pass


@dataclass
class Profile:
    display_name: str
    perspective: str
    perspective_role: str | None
    municipality: Municipality
    wijk: str | None
    show_name: bool = True
    notify_replies: bool | None = None  # None: leave as it is (registration has no such choice)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _clean_role(perspective: str, role: str | None) -> str | None:
    if perspective not in PERSPECTIVES:
        raise ValueError(f"unknown perspective {perspective!r}")
    roles = ROLES_BY_PERSPECTIVE[perspective]
    return role if role in roles else None


def register_user(
    email: str, password: str, profile: Profile, locale: str | None = None, confirmed: bool = False
) -> User:
    """One account per e-mail address; it starts unconfirmed and gets a confirmation mail, unless it
    is made confirmed (by an administrator on the command line): then no mail."""
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        display_name=profile.display_name.strip(),
        perspective=profile.perspective,
        perspective_role=_clean_role(profile.perspective, profile.perspective_role),
        municipality=profile.municipality,
        wijk=(profile.wijk or "").strip() or None,
        show_name=profile.show_name,
        locale=locale,
        terms_accepted_at=utcnow(),
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise EmailTaken(_l("Er is al een account met dit e-mailadres.")) from None
    if confirmed:
        user.email_confirmed_at = utcnow()
    else:
        _queue_confirmation(user)
    db.session.commit()
    return user


def _queue_confirmation(user: User) -> None:
    token = tokens.make_token("confirm", {"id": user.id, "email": user.email})
    queue_mail(
        user.email,
        _l("Bevestig je e-mailadres voor wijkstem"),
        "confirm_email",
        locale=user.locale,
        user=user,
        link=absolute_url("accounts.confirm", token=token),
    )


def resend_confirmation(user: User) -> None:
    if user.is_confirmed:
        return
    _queue_confirmation(user)
    db.session.commit()


def confirm_email(token: str) -> User:
    """A confirmation link works once per address; an old or changed link is refused."""
    data = tokens.read_token("confirm", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise tokens.InvalidToken
    if not user.is_confirmed:
        user.email_confirmed_at = utcnow()
        email_confirmed.send(user)
        db.session.commit()
    return user


def authenticate(email: str, password: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        password_matches(DUMMY_HASH, password)
        raise InvalidCredentials(_l("Dit e-mailadres en wachtwoord horen niet bij elkaar."))
    if not password_matches(user.password_hash, password):
        raise InvalidCredentials(_l("Dit e-mailadres en wachtwoord horen niet bij elkaar."))
    if user.is_blocked:
        raise AccountBlocked(_l("Je account is geblokkeerd. Je kunt niet inloggen."))
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Mails a reset link when the address has an account; says nothing about whether it does."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = tokens.make_token("reset", {"id": user.id, "v": user.session_version})
    queue_mail(
        user.email,
        _l("Nieuw wachtwoord voor wijkstem"),
        "reset_password",
        locale=user.locale,
        user=user,
        link=absolute_url("accounts.reset_password", token=token),
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    """A reset link stops working once the password has been changed (single use)."""
    data = tokens.read_token("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.session_version != data.get("v"):
        raise tokens.InvalidToken
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_version += 1


def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    _set_password(user, password)
    if not user.is_confirmed:
        user.email_confirmed_at = utcnow()  # the reset link proved they own the address
        email_confirmed.send(user)
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Needs the current password; other sessions of this user are logged out."""
    if not password_matches(user.password_hash, current_password):
        raise WrongPassword(_l("Je huidige wachtwoord klopt niet."))
    _set_password(user, new_password)
    db.session.commit()


def update_profile(user: User, profile: Profile) -> None:
    """Changing perspective drops verification: it was checked for the old role."""
    perspective_changed = (profile.perspective, _clean_role(profile.perspective, profile.perspective_role)) != (
        user.perspective,
        user.perspective_role,
    )
    user.display_name = profile.display_name.strip()
    user.perspective = profile.perspective
    user.perspective_role = _clean_role(profile.perspective, profile.perspective_role)
    user.municipality = profile.municipality
    user.wijk = (profile.wijk or "").strip() or None
    user.show_name = profile.show_name
    if profile.notify_replies is not None:
        user.notify_replies = profile.notify_replies
    if perspective_changed:
        user.verified_at = None
    db.session.flush()
    account_changed.send(user)
    db.session.commit()


def request_email_change(user: User, new_email: str, password: str) -> None:
    """The new address must be confirmed before it replaces the old one."""
    if not password_matches(user.password_hash, password):
        raise WrongPassword(_l("Je wachtwoord klopt niet."))
    new_email = normalise_email(new_email)
    if find_user_by_email(new_email) is not None:
        raise EmailTaken(_l("Er is al een account met dit e-mailadres."))
    user.pending_email = new_email
    token = tokens.make_token("change-email", {"id": user.id, "email": new_email})
    queue_mail(
        new_email,
        _l("Bevestig je nieuwe e-mailadres voor wijkstem"),
        "change_email",
        locale=user.locale,
        user=user,
        link=absolute_url("accounts.confirm_email_change", token=token),
    )
    db.session.commit()


def confirm_email_change(token: str) -> User:
    data = tokens.read_token("change-email", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or user.pending_email != data.get("email"):
        raise tokens.InvalidToken
    if find_user_by_email(data["email"]) is not None:
        raise EmailTaken(_l("Er is al een account met dit e-mailadres."))
    user.email = data["email"]
    user.pending_email = None
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


def set_role(email: str, role: str) -> User:
    if role not in ROLES:
        raise AccountError(f"Onbekende rol {role!r}; kies uit {', '.join(ROLES)}.")
    user = find_user_by_email(email)
    if user is None:
        raise AccountError(f"Geen account met e-mailadres {email}.")
    user.role = role
    db.session.commit()
    return user


def export_user_data(user: User) -> dict:
    """Everything stored about this person, as one JSON-ready document."""
    data: dict = {
        "account": {
            "email": user.email,
            "pending_email": user.pending_email,
            "display_name": user.display_name,
            "perspective": user.perspective,
            "perspective_role": user.perspective_role,
            "municipality": {"code": user.municipality.code, "name": user.municipality.name},
            "wijk": user.wijk,
            "role": user.role,
            "show_name": user.show_name,
            "share_code": user.share_code,
            "notify_replies": user.notify_replies,
            "locale": user.locale,
            "created_at": user.created_at.isoformat() + "Z",
            "terms_accepted_at": user.terms_accepted_at.isoformat() + "Z",
            "email_confirmed_at": _iso(user.email_confirmed_at),
            "verified_at": _iso(user.verified_at),
            "last_login_at": _iso(user.last_login_at),
        }
    }
    for _receiver, section in collecting_user_data.send(user):
        if section:
            name, value = section
            data[name] = value
    return data


def _iso(moment) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def delete_account(user: User, password: str, keep_experiences: bool = False) -> None:
    """Removes the account and, through account_deleting, every capability's data about it.

    keep_experiences: the person chose to leave their published experiences, anonymised.
    """
    if not password_matches(user.password_hash, password):
        raise WrongPassword(_l("Je wachtwoord klopt niet."))
    account_deleting.send(user, keep_experiences=keep_experiences)
    forget_mail_to(user.email)
    if user.pending_email:
        forget_mail_to(user.pending_email)
    db.session.delete(user)
    db.session.commit()


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User)) or 0
