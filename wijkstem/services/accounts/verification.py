"""Verification of professionals and politicians: request, work e-mail check, moderator decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import CouncilClerk, User, VerificationRequest
from wijkstem.models.moderation import APPROVED, PENDING, REJECTED, WITHDRAWN
from wijkstem.perspectives import POLITICIAN, POLITICIAN_ROLES, PROFESSIONAL
from wijkstem.services.accounts import tokens
from wijkstem.services.accounts.mail import forget_mail_to, queue_mail
from wijkstem.services.content.glossary import EXPLAINED_TERMS
from wijkstem.services.endorsements.endorsement_counters import recount_for_user
from wijkstem.services.moderation import audit
from wijkstem.services.moderation.moderation_queue import (
    APPROVE,
    NOT_FOUND,
    REJECT,
    ItemNotFound,
    QueueItem,
    QueueProvider,
    tell_author,
)
from wijkstem.urls import absolute_url

QUEUE = "verificatie"


T = TypeVar("T")


class VerificationError(Exception):
    """A rule said no; str(error) is a message for the user."""


class WorkEmailAlreadyConfirmed(VerificationError):
    pass


@dataclass
class Application:
    organisation: str
    function: str
    evidence_url: str
    work_email: str | None = None


# What a verification is bound to, with the words the person and the moderator read.
BOUND_FIELDS = {
    "name": _l("je naam"),
    "perspective": _l("je perspectief"),
    "role": _l("je rol"),
    "municipality": _l("je gemeente"),
}


def bind_verification(user: User) -> None:
    """Verified as the profile says now: this name, perspective, role and municipality, and no other."""
    user.verified_at = utcnow()
    user.verified_name = user.display_name
    user.verified_perspective = user.perspective
    user.verified_role = user.perspective_role
    user.verified_municipality_id = user.municipality_id


def unbind_verification(user: User) -> None:
    user.verified_at = None
    user.verified_name = user.verified_perspective = user.verified_role = None
    user.verified_municipality_id = None


def bound_identity(user: User) -> dict[str, object]:
    """What the verification was checked for (as stored), for the audit log."""
    return {
        "name": user.verified_name,
        "perspective": user.verified_perspective,
        "role": user.verified_role,
        "municipality": user.verified_municipality.code if user.verified_municipality else None,
    }


def changed_fields(user: User, name: str, perspective: str, role: str | None, municipality_id: int) -> list[str]:
    """Which of the verified facts a profile change would alter (keys of BOUND_FIELDS), in that order."""
    new = {"name": name, "perspective": perspective, "role": role, "municipality": municipality_id}
    old = {
        "name": user.display_name,
        "perspective": user.perspective,
        "role": user.perspective_role,
        "municipality": user.municipality_id,
    }
    return [key for key in BOUND_FIELDS if new[key] != old[key]]


def ended_messages(ended: EndedVerification) -> list[str]:
    """Tells the person on the spot what ended, why, and how to ask again (plain Dutch)."""
    words = [str(BOUND_FIELDS[key]) for key in ended.changed]
    what = words[0] if len(words) == 1 else _("%(some)s en %(last)s", some=", ".join(words[:-1]), last=words[-1])
    messages = []
    if ended.was_verified:
        messages.append(
            _(
                "Je bent niet meer geverifieerd, omdat je %(what)s hebt veranderd. Een verificatie hoort bij één "
                "naam, rol en gemeente. Wil je weer geverifieerd worden? Vraag het opnieuw aan bij ‘Verificatie van "
                "je rol’.",
                what=what,
            )
        )
    elif ended.was_pending:
        messages.append(
            _(
                "Je aanvraag voor verificatie is gestopt, omdat je %(what)s hebt veranderd. Een moderator controleert "
                "één naam, rol en gemeente. Vraag het opnieuw aan bij ‘Verificatie van je rol’.",
                what=what,
            )
        )
    if ended.clerk_of:
        messages.append(
            _(
                "Je bent niet meer de griffie van %(places)s op wijkstem, omdat je je naam hebt veranderd. Vraag een "
                "moderator om je opnieuw als griffie te markeren.",
                places=", ".join(ended.clerk_of),
            )
        )
    return messages


# The same facts as the moderator reads them in the audit log (stored in Dutch, like typed reasons).
_CHANGED_WORDS = {"name": "naam", "perspective": "perspectief", "role": "rol", "municipality": "gemeente"}


@dataclass(frozen=True)
class EndedVerification:
    changed: list[str]  # keys of BOUND_FIELDS
    was_verified: bool
    was_pending: bool  # a request was waiting
    clerk_of: tuple[str, ...] = ()  # the municipalities whose griffie mark ended


def end_verification(user: User, changed: list[str]) -> EndedVerification | None:
    """The person is about to change something the verification was bound to: it ends at once, in the
    caller's transaction, and the moderators see it in the audit log. A request still waiting is withdrawn
    too: the moderator would be checking a profile that no longer exists. A new name also ends griffie
    marks: the moderator marked the account under its name then. Returns None when nothing ended."""
    pending = latest_request(user)
    pending = pending if pending is not None and pending.is_pending else None
    clerk_of = _end_clerk_marks(user) if "name" in changed else ()
    if user.verified_at is None and pending is None and not clerk_of:
        return None
    ended = EndedVerification(changed, user.verified_at is not None, pending is not None, clerk_of)
    if user.verified_at is not None or pending is not None:
        audit.record(
            user,
            "verification.ended",
            "user",
            user.id,
            "Veranderd: " + ", ".join(_CHANGED_WORDS[key] for key in changed),
            {
                "verified": user.verified_at is not None,
                **bound_identity(user),
                "request": pending.id if pending else None,
            },
            {"verified": False, "changed": changed},
            about=user,
        )
    unbind_verification(user)
    if pending is not None:
        pending.status = WITHDRAWN
    return ended


def _active_clerk_marks(user: User) -> list[CouncilClerk]:
    return list(
        db.session.scalars(
            select(CouncilClerk).where(CouncilClerk.user_id == user.id, CouncilClerk.revoked_at.is_(None))
        )
    )


def clerk_places(user: User) -> list[str]:
    """The municipalities this person is marked as griffie of (a new name would end the marks)."""
    return [mark.municipality.name for mark in _active_clerk_marks(user)]


def _end_clerk_marks(user: User) -> tuple[str, ...]:
    marks = _active_clerk_marks(user)
    for mark in marks:
        mark.revoked_at = utcnow()
        audit.record(
            user,
            "council.clerk_ended",
            "council_clerk",
            mark.id,
            "Veranderd: naam",
            {"municipality": mark.municipality.code, "name": user.display_name},
            None,
            about=user,
        )
    return tuple(mark.municipality.name for mark in marks)


def can_request_verification(user: User) -> bool:
    return user.perspective in (PROFESSIONAL, POLITICIAN)


def latest_request(user: User) -> VerificationRequest | None:
    return db.session.scalar(
        select(VerificationRequest)
        .where(VerificationRequest.user_id == user.id)
        .order_by(VerificationRequest.id.desc())
    )


def has_pending_request(user: User) -> bool:
    current = latest_request(user)
    return current is not None and current.is_pending


def request_verification(user: User, application: Application) -> VerificationRequest:
    """Professionals and politicians only, one open request at a time; a work address gets a check link."""
    if not can_request_verification(user):
        raise VerificationError(_l("Alleen beroepskrachten en politici kunnen om verificatie vragen."))
    if user.is_verified:
        raise VerificationError(_l("Je bent al geverifieerd."))
    current = latest_request(user)
    if current is not None and current.is_pending:
        raise VerificationError(_l("Je hebt al een aanvraag die wacht op een moderator."))
    work_email = (application.work_email or "").strip().lower() or None
    verification = VerificationRequest(
        user=user,
        organisation=application.organisation.strip(),
        function=application.function.strip(),
        evidence_url=application.evidence_url.strip(),
        work_email=work_email,
    )
    db.session.add(verification)
    db.session.flush()
    if work_email:
        _queue_work_email_check(verification, work_email)
    db.session.commit()
    return verification


def _queue_work_email_check(verification: VerificationRequest, work_email: str) -> None:
    token = tokens.make_token("work-email", {"id": verification.id, "email": work_email})
    queue_mail(
        work_email,
        _l("Bevestig je werk-e-mailadres voor wijkstem"),
        "verification_work_email",
        locale=verification.user.locale,
        user=verification.user,
        request=verification,
        link=absolute_url("verification.confirm_work_email", token=token),
    )


def confirm_signed_work_email(purpose: str, token: str, model: type[T], already: type[Exception]) -> T:
    """A signed link (`purpose`, {"id", "email"}) proves someone reads mail at the work address stored
    on that row of `model` (a verification request or an organisation): its confirmation time is set.
    `already` is raised when it was confirmed before."""
    data = tokens.read_token(purpose, token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    row = db.session.get(model, data.get("id")) if isinstance(data, dict) else None
    if row is None or row.work_email != data.get("email"):  # type: ignore[attr-defined]
        raise tokens.InvalidToken
    if row.work_email_confirmed_at is not None:  # type: ignore[attr-defined]
        raise already(_l("Dit werk-e-mailadres is al bevestigd."))
    row.work_email_confirmed_at = utcnow()  # type: ignore[attr-defined]
    db.session.commit()
    return row


def confirm_work_email(token: str) -> VerificationRequest:
    """The signed link proves the person reads mail at that work address."""
    return confirm_signed_work_email("work-email", token, VerificationRequest, WorkEmailAlreadyConfirmed)


def withdraw_request(user: User) -> None:
    current = latest_request(user)
    if current is None or not current.is_pending:
        raise VerificationError(_l("Er is geen aanvraag om in te trekken."))
    current.status = WITHDRAWN
    db.session.commit()


# The moderation queue -----------------------------------------------------------------------


def _as_item(verification: VerificationRequest) -> QueueItem:
    lines = [
        f"{_l('Organisatie')}: {verification.organisation}",
        f"{_l('Functie')}: {verification.function}",
        f"{_l('Openbare link')}: {verification.evidence_url}",
    ]
    if verification.work_email:
        state = _l("bevestigd") if verification.work_email_confirmed_at else _l("nog niet bevestigd")
        lines.append(f"{_l('Werk-e-mailadres')}: {verification.work_email} ({state})")
    person = verification.user
    return QueueItem(
        kind=QUEUE,
        id=verification.id,
        title=f"{verification.function}, {verification.organisation}",
        body="\n".join(lines),
        author=person,
        created_at=verification.created_at,
        url=verification.evidence_url,
        # Approving binds the verification to exactly these; changing one later ends it.
        facts=[
            (_l("Je verifieert de naam"), person.display_name),
            (_l("Als"), person.perspective_label),
            (_l("In de gemeente"), person.municipality.name),
        ],
    )


def _pending_query():
    return select(VerificationRequest).where(VerificationRequest.status == PENDING)


def pending_items(limit: int = 50) -> list[QueueItem]:
    rows = db.session.scalars(
        _pending_query().order_by(VerificationRequest.created_at, VerificationRequest.id).limit(limit)
    )
    return [_as_item(row) for row in rows]


def find_item(item_id: int) -> QueueItem | None:
    verification = db.session.get(VerificationRequest, item_id)
    return _as_item(verification) if verification is not None and verification.is_pending else None


def count_pending() -> int:
    return db.session.scalar(select(func.count()).select_from(_pending_query().subquery())) or 0


def _decide(moderator: User, item_id: int, status: str, reason: str | None) -> VerificationRequest:
    verification = db.session.get(VerificationRequest, item_id)
    if verification is None:
        raise ItemNotFound(NOT_FOUND)
    user = verification.user
    before = {"status": verification.status, "verified": user.is_verified}
    verification.status = status
    verification.reason = reason
    verification.decided_at = utcnow()
    if status == APPROVED:
        bind_verification(user)
        recount_for_user(user)  # their endorsements now count as verified
    after = {"status": status, "verified": user.is_verified}
    audit.record(
        moderator, f"verification.{status}", "verification_request", item_id, reason, before, after, about=user
    )
    return verification


def what_verified_can_do(user: User) -> str:
    """For the approval mail: what this person can do now, with the link to do it."""
    from wijkstem.services.council.council_responses import COUNCIL_ROLES

    place = user.municipality
    if user.perspective == POLITICIAN and user.perspective_role in COUNCIL_ROLES:
        return str(
            _l(
                "Je kunt nu reageren voor %(name)s: als raadslid, met je partij erbij, op de pagina van je gemeente. "
                "Schrijf je reactie hier: %(link)s",
                name=place.name,
                link=absolute_url("council.new_response", slug=place.slug),
            )
        )
    return str(
        _l(
            "Bij je naam staat nu “geverifieerd”. Zo ziet de gemeenteraad van %(name)s dat je steun van een "
            "%(who)s komt. Bekijk het hier: %(link)s",
            name=place.name,
            who=user.perspective_label.lower(),
            link=absolute_url("municipalities.show", slug=place.slug),
        )
    )


def approve_verification(moderator: User, item_id: int, reason: str | None = None) -> None:
    verification = _decide(moderator, item_id, APPROVED, reason)
    tell_author(
        verification.user,
        str(_l("je aanvraag voor verificatie")),
        str(_l("goedgekeurd")),
        reason,
        absolute_url("accounts.profile"),
        next_step=f"{EXPLAINED_TERMS['verificatie']}\n\n{what_verified_can_do(verification.user)}",
    )


TRY_AGAIN = _l("Wil je het nog een keer proberen? Doe dan een nieuwe aanvraag.")


def reject_verification(moderator: User, item_id: int, reason: str | None = None) -> None:
    verification = _decide(moderator, item_id, REJECTED, reason)
    tell_author(
        verification.user,
        str(_l("je aanvraag voor verificatie")),
        str(_l("afgewezen")),
        reason,
        absolute_url("verification.request_verification"),
        next_step=f"{EXPLAINED_TERMS['verificatie']}\n\n{TRY_AGAIN}",
    )


QUEUE_PROVIDER = QueueProvider(
    name=QUEUE,
    label=_l("Verificatie-aanvragen"),
    pending=pending_items,
    find=find_item,
    count=count_pending,
    handlers={APPROVE: approve_verification, REJECT: reject_verification},
    reasons=(
        _l("De link laat de naam of de rol niet zien"),
        _l("De naam of de rol op de link is anders"),
        _l("Niet te controleren"),
    ),
    action_hints={
        APPROVE: _l("Er komt ‘geverifieerd’ bij de naam en iedereen ziet de rol. De aanvrager krijgt een mail."),
        REJECT: _l("De rol blijft niet geverifieerd. De aanvrager krijgt een mail met de reden."),
    },
)


def forget_requests(user: User) -> None:
    """On account deletion: the requests go, and mail still waiting for a work address."""
    work_emails = db.session.scalars(
        select(VerificationRequest.work_email).where(
            VerificationRequest.user_id == user.id, VerificationRequest.work_email.is_not(None)
        )
    ).all()
    for address in set(work_emails):
        if address is not None:
            forget_mail_to(address)
    db.session.execute(db.delete(VerificationRequest).where(VerificationRequest.user_id == user.id))


def export_requests(user: User) -> tuple[str, list]:
    rows = db.session.scalars(
        select(VerificationRequest).where(VerificationRequest.user_id == user.id).order_by(VerificationRequest.id)
    )
    return "verification_requests", [
        {
            "organisation": r.organisation,
            "function": r.function,
            "evidence_url": r.evidence_url,
            "work_email": r.work_email,
            "work_email_confirmed": r.work_email_confirmed_at is not None,
            "status": r.status,
            "reason": r.reason,
            "created_at": iso_utc(r.created_at),
        }
        for r in rows
    ]


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
