"""Verification of professionals and politicians: request, work e-mail check, moderator decision."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import User, VerificationRequest
from wijkstem.models.moderation import APPROVED, PENDING, REJECTED, WITHDRAWN
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL
from wijkstem.services import audit, tokens
from wijkstem.services.endorsement_counters import recount_for_user
from wijkstem.services.mail import forget_mail_to, queue_mail
from wijkstem.services.moderation_queue import (
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


def can_request_verification(user: User) -> bool:
    return user.perspective in (PROFESSIONAL, POLITICIAN)


def latest_request(user: User) -> VerificationRequest | None:
    return db.session.scalar(
        select(VerificationRequest)
        .where(VerificationRequest.user_id == user.id)
        .order_by(VerificationRequest.id.desc())
    )


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


def confirm_work_email(token: str) -> VerificationRequest:
    """The signed link proves the person reads mail at that work address."""
    data = tokens.read_token("work-email", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    verification = db.session.get(VerificationRequest, data.get("id")) if isinstance(data, dict) else None
    if verification is None or verification.work_email != data.get("email"):
        raise tokens.InvalidToken
    if verification.work_email_confirmed_at is not None:
        raise WorkEmailAlreadyConfirmed(_l("Dit werk-e-mailadres is al bevestigd."))
    verification.work_email_confirmed_at = utcnow()
    db.session.commit()
    return verification


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
    return QueueItem(
        kind=QUEUE,
        id=verification.id,
        title=f"{verification.function}, {verification.organisation}",
        body="\n".join(lines),
        author=verification.user,
        created_at=verification.created_at,
        url=verification.evidence_url,
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
        user.verified_at = utcnow()
        recount_for_user(user)  # their endorsements now count as verified
    after = {"status": status, "verified": user.is_verified}
    audit.record(
        moderator, f"verification.{status}", "verification_request", item_id, reason, before, after, about=user
    )
    return verification


def what_verified_can_do(user: User) -> str:
    """For the approval mail: what this person can do now, with the link to do it."""
    from wijkstem.services.council_responses import COUNCIL_ROLES

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
        next_step=what_verified_can_do(verification.user),
    )


def reject_verification(moderator: User, item_id: int, reason: str | None = None) -> None:
    verification = _decide(moderator, item_id, REJECTED, reason)
    tell_author(
        verification.user,
        str(_l("je aanvraag voor verificatie")),
        str(_l("afgewezen")),
        reason,
        absolute_url("verification.request_verification"),
    )


QUEUE_PROVIDER = QueueProvider(
    name=QUEUE,
    label=_l("Verificatie-aanvragen"),
    pending=pending_items,
    find=find_item,
    count=count_pending,
    handlers={APPROVE: approve_verification, REJECT: reject_verification},
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
