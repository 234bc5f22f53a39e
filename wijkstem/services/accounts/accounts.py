"""Accounts: registration, confirmation, log-in, passwords, profile, export and deletion."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import Municipality, User
from wijkstem.models.accounts import ROLES
from wijkstem.perspectives import PERSPECTIVES, ROLES_BY_PERSPECTIVE
from wijkstem.services.accounts import personal_data, tokens, verification
from wijkstem.services.accounts.mail import forget_mail_to, queue_mail
from wijkstem.services.accounts.passwords import dummy_hash, hash_password, password_matches
from wijkstem.services.endorsements.endorsements import complete_pending_endorsements, recount_for_user
from wijkstem.services.statements import recount_votes_for_user
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


class AlreadyConfirmed(AccountError):
    """The link did its work before; it confirms nothing more and logs nobody in."""


@dataclass
class Profile:
    display_name: str
    perspective: str
    perspective_role: str | None
    municipality: Municipality
    wijk: str | None
    show_name: bool = False
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
) -> User | None:
    """One account per e-mail address; it starts unconfirmed and gets a confirmation mail, unless it
    is made confirmed (by an administrator on the command line): then no mail.

    An address that already has an account gets a mail telling its owner, and the caller gets None:
    the page answers the same either way, so nobody learns who has an account.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        hash_password(password)  # the same slow work as a new account, so timing tells nothing either
        _tell_owner_of_registration_attempt(existing)
        return None
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
    except IntegrityError:  # registered at the same moment by a double click or a second tab
        db.session.rollback()
        existing = find_user_by_email(email)
        if existing is not None:
            _tell_owner_of_registration_attempt(existing)
        return None
    if confirmed:
        user.email_confirmed_at = utcnow()
    else:
        _queue_confirmation(user)
    db.session.commit()
    return user


def _tell_owner_of_registration_attempt(user: User) -> None:
    queue_mail(
        user.email,
        _l("Iemand wilde een account maken met jouw e-mailadres"),
        "registration_attempt",
        locale=user.locale,
        user=user,
        login_link=absolute_url("accounts.login"),
        reset_link=absolute_url("accounts.forgot_password"),
    )
    db.session.commit()


def _queue_confirmation(user: User) -> None:
    token = tokens.make_token("confirm", {"id": user.id, "email": user.email, "v": user.session_version})
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


def confirm_email(token: str) -> tuple[User, bool]:
    """A confirmation link confirms once; an old or changed link is refused.

    Returns the user and whether the link may still log in: only while nothing about the
    account's log-in changed since it was mailed (no new password, no "log out everywhere").
    """
    data = tokens.read_token("confirm", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = _user_for_token_data(data)
    if user is None or user.email != data.get("email"):
        raise tokens.InvalidToken
    if user.is_confirmed:
        raise AlreadyConfirmed(_l("Je e-mailadres is al bevestigd. Log in om verder te gaan."))
    user.email_confirmed_at = utcnow()
    complete_pending_endorsements(user)
    db.session.commit()
    return user, data.get("v") == user.session_version


def _user_for_token_data(data) -> User | None:
    user_id = data.get("id") if isinstance(data, dict) else None
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


def authenticate(email: str, password: str) -> User:
    user = find_user_by_email(email)
    if user is None:
        password_matches(dummy_hash(), password)
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
    user = _user_for_token_data(data)
    if user is None or user.session_version != data.get("v"):
        raise tokens.InvalidToken
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    _end_sessions(user)


def _end_sessions(user: User) -> None:
    # Session and remember-me cookies carry the version they were made with (User.get_id).
    user.session_version += 1


def log_out_everywhere(user: User) -> None:
    """Every session and remember-me cookie made so far stops working, on every device and server."""
    _end_sessions(user)
    db.session.commit()


def reset_password(token: str, password: str) -> User:
    user = user_for_reset_token(token)
    _set_password(user, password)
    if not user.is_confirmed:
        user.email_confirmed_at = utcnow()  # the reset link proved they own the address
        complete_pending_endorsements(user)
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Needs the current password; other sessions of this user are logged out."""
    if not password_matches(user.password_hash, current_password):
        raise WrongPassword(_l("Je huidige wachtwoord klopt niet."))
    _set_password(user, new_password)
    db.session.commit()


def update_profile(user: User, profile: Profile) -> verification.EndedVerification | None:
    """A verification belongs to one name, perspective, role and municipality: changing any of them
    ends it (services.accounts.verification.end_verification). Says what ended, None when nothing did."""
    name = profile.display_name.strip()
    role = _clean_role(profile.perspective, profile.perspective_role)
    changed = verification.changed_fields(user, name, profile.perspective, role, profile.municipality.id)
    ended = verification.end_verification(user, changed) if changed else None
    user.display_name = name
    user.perspective = profile.perspective
    user.perspective_role = role
    user.municipality = profile.municipality
    user.wijk = (profile.wijk or "").strip() or None
    user.show_name = profile.show_name
    if profile.notify_replies is not None:
        user.notify_replies = profile.notify_replies
    db.session.flush()
    recount_for_user(user)
    recount_votes_for_user(user)  # answers count under the new perspective and place
    db.session.commit()
    return ended


def request_email_change(user: User, new_email: str, password: str) -> None:
    """The new address must be confirmed before it replaces the old one."""
    if not password_matches(user.password_hash, password):
        raise WrongPassword(_l("Je wachtwoord klopt niet."))
    new_email = normalise_email(new_email)
    if find_user_by_email(new_email) is not None:
        raise EmailTaken(_l("Er is al een account met dit e-mailadres."))
    if user.pending_email:
        forget_mail_to(user.pending_email)  # the link to an earlier new address stops mattering
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
    stop_token = tokens.make_token("stop-email-change", {"id": user.id, "email": new_email})
    queue_mail(
        user.email,
        _l("Je e-mailadres voor wijkstem wordt veranderd"),
        "email_change_notice",
        locale=user.locale,
        user=user,
        stop_link=absolute_url("accounts.stop_email_change", token=stop_token),
    )
    db.session.commit()


def confirm_email_change(token: str) -> User:
    """The new address replaces the old one once; other sessions end, since the account changed hands
    or someone else may still be logged in."""
    data = tokens.read_token("change-email", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = _user_for_token_data(data)
    if user is None:
        raise tokens.InvalidToken
    if user.pending_email is None and user.email == data.get("email"):
        raise AlreadyConfirmed(_l("Dit e-mailadres is al bevestigd. Log in om verder te gaan."))
    if user.pending_email != data.get("email"):
        raise tokens.InvalidToken
    if find_user_by_email(data["email"]) is not None:
        raise EmailTaken(_l("Er is al een account met dit e-mailadres."))
    user.email = data["email"]
    user.pending_email = None
    user.email_confirmed_at = utcnow()
    _end_sessions(user)
    db.session.commit()
    return user


def stop_email_change(token: str) -> User:
    """The link in the mail to the old address: the pending change is dropped and its link stops working."""
    data = tokens.read_token("stop-email-change", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    user = _user_for_token_data(data)
    if user is None or user.pending_email is None or user.pending_email != data.get("email"):
        raise tokens.InvalidToken
    forget_mail_to(user.pending_email)
    user.pending_email = None
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
            "created_at": iso_utc(user.created_at),
            "terms_accepted_at": iso_utc(user.terms_accepted_at),
            "email_confirmed_at": iso_utc(user.email_confirmed_at),
            "verified_at": iso_utc(user.verified_at),
            # What the verification was checked for; it counts only while the profile still says this.
            "verified_as": {
                "display_name": user.verified_name,
                "perspective": user.verified_perspective,
                "perspective_role": user.verified_role,
                "municipality": user.verified_municipality.code if user.verified_municipality else None,
            }
            if user.verified_at
            else None,
            "last_login_at": iso_utc(user.last_login_at),
        }
    }
    data.update(personal_data.export_sections(user))
    return data


def delete_account(user: User, password: str, keep_experiences: bool = False) -> None:
    """Removes the account and every capability's data about it (services.accounts.personal_data).

    keep_experiences: the person chose to leave their published experiences, anonymised.
    """
    if not password_matches(user.password_hash, password):
        raise WrongPassword(_l("Je wachtwoord klopt niet."))
    personal_data.erase_account(user, keep_experiences=keep_experiences)
    forget_mail_to(user.email)
    if user.pending_email:
        forget_mail_to(user.pending_email)
    db.session.delete(user)
    db.session.commit()
