"""What the council did with the manifesto, and how to reach it.

The public status (aangeboden → geagendeerd → besproken → besluit, each with a date and an optional
link to a council document) is set by the municipality's griffie or a moderator; a moderator sets
the griffie's e-mail address; the griffie or a moderator marks who else speaks for the council.
Every change is audited in the transaction that makes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import CouncilClerk, CouncilStatusStep, Municipality, User
from wijkstem.models.council import DECIDED, DISCUSSED, GRIFFIE, OFFERED, ON_AGENDA, SPOKESPERSON, STATUS_STEPS
from wijkstem.services.moderation import audit

STEP_LABELS = {
    OFFERED: _l("Aangeboden"),
    ON_AGENDA: _l("Geagendeerd"),
    DISCUSSED: _l("Besproken"),
    DECIDED: _l("Besluit"),
}
STEP_EXPLANATIONS = {
    OFFERED: _l("Het dossier is aan de griffie gegeven."),
    ON_AGENDA: _l("Het manifest staat op de agenda van de raad of een commissie."),
    DISCUSSED: _l("De raad of een commissie heeft erover gepraat."),
    DECIDED: _l("De raad heeft een besluit genomen, bijvoorbeeld over een motie."),
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CouncilStatusError(Exception):
    """A rule said no; str(error) is a message for the person, `field` the input it is about."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class StatusStep:
    step: str
    label: str
    explanation: str
    happened_on: date | None
    document_url: str | None

    @property
    def is_reached(self) -> bool:
        return self.happened_on is not None


@dataclass(frozen=True)
class CouncilStatus:
    steps: list[StatusStep]  # all four, in order
    updated_at: datetime | None

    @property
    def current(self) -> StatusStep | None:
        reached = [s for s in self.steps if s.is_reached]
        return reached[-1] if reached else None


def council_status(municipality: Municipality) -> CouncilStatus:
    rows = {
        row.step: row
        for row in db.session.scalars(
            select(CouncilStatusStep).where(CouncilStatusStep.municipality_id == municipality.id)
        )
    }
    steps = [
        StatusStep(
            step=step,
            label=str(STEP_LABELS[step]),
            explanation=str(STEP_EXPLANATIONS[step]),
            happened_on=rows[step].happened_on if step in rows else None,
            document_url=rows[step].document_url if step in rows else None,
        )
        for step in STATUS_STEPS
    ]
    return CouncilStatus(steps=steps, updated_at=max((r.updated_at for r in rows.values()), default=None))


def is_griffie(user: User, municipality: Municipality) -> bool:
    if not user.is_authenticated or user.is_blocked:
        return False
    return (
        db.session.scalar(
            select(CouncilClerk.id).where(
                CouncilClerk.user_id == user.id,
                CouncilClerk.municipality_id == municipality.id,
                CouncilClerk.role == GRIFFIE,
                CouncilClerk.revoked_at.is_(None),
            )
        )
        is not None
    )


def can_manage_council(user: User, municipality: Municipality) -> bool:
    """The griffie of this municipality or a moderator: sets the status and who speaks for the council."""
    return user.is_authenticated and (user.is_moderator or is_griffie(user, municipality))


def _check_url(url: str | None) -> str | None:
    url = (url or "").strip() or None
    if url and not url.lower().startswith(("https://", "http://")):
        raise CouncilStatusError(_l("Een link begint met https://"), "document_url")
    if url and len(url) > 500:
        raise CouncilStatusError(_l("Gebruik hoogstens %(max)d tekens.", max=500), "document_url")
    return url


def set_status_step(
    actor: User, municipality: Municipality, step: str, happened_on: date, document_url: str | None = None
) -> CouncilStatusStep:
    """Record (or correct) one step; only the griffie of this municipality or a moderator."""
    if not can_manage_council(actor, municipality):
        raise CouncilStatusError(_l("Alleen de griffie van deze gemeente of een moderator zet de status."), "step")
    if step not in STATUS_STEPS:
        raise CouncilStatusError(_l("Kies een stap."), "step")
    if happened_on > utcnow().date():
        raise CouncilStatusError(_l("Kies een datum van vandaag of eerder."), "happened_on")
    document_url = _check_url(document_url)
    row = db.session.scalar(
        select(CouncilStatusStep).where(
            CouncilStatusStep.municipality_id == municipality.id, CouncilStatusStep.step == step
        )
    )
    before = {"date": row.happened_on.isoformat(), "document_url": row.document_url} if row else None
    if row is None:
        row = CouncilStatusStep(municipality_id=municipality.id, step=step)
        db.session.add(row)
    row.happened_on, row.document_url = happened_on, document_url
    row.set_by_id, row.updated_at = actor.id, utcnow()
    db.session.flush()
    audit.record(
        actor,
        "council.status",
        "council_status_step",
        row.id,
        None,
        before,
        {
            "municipality": municipality.code,
            "step": step,
            "date": happened_on.isoformat(),
            "document_url": document_url,
        },
    )
    db.session.commit()
    return row


def set_griffie_email(moderator: User, municipality: Municipality, email: str | None) -> Municipality:
    """A moderator sets (or clears, with an empty address) where the prepared council mail goes."""
    if not moderator.is_moderator:
        raise CouncilStatusError(_l("Alleen een moderator past het e-mailadres van de griffie aan."), "griffie_email")
    address = (email or "").strip().lower() or None
    if address and (len(address) > 320 or not EMAIL.match(address)):
        raise CouncilStatusError(_l("Vul een e-mailadres in zoals griffie@gemeente.nl."), "griffie_email")
    before = municipality.griffie_email
    if before == address:
        return municipality
    municipality.griffie_email = address
    audit.record(
        moderator,
        "council.griffie_email",
        "municipality",
        municipality.id,
        None,
        {"griffie_email": before},
        {"griffie_email": address, "municipality": municipality.code},
    )
    db.session.commit()
    return municipality


def mark_spokesperson(actor: User, municipality: Municipality, email: str) -> CouncilClerk:
    """The griffie or a moderator lets someone answer on behalf of the council of this municipality."""
    if not can_manage_council(actor, municipality):
        raise CouncilStatusError(
            _l("Alleen de griffie van deze gemeente of een moderator wijst een woordvoerder aan."), "email"
        )
    # Not services.accounts.accounts.find_user_by_email: accounts reaches this module through the digests.
    person = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if person is None or not person.is_confirmed:
        raise CouncilStatusError(_l("Er is geen bevestigd account met dit e-mailadres."), "email")
    mark = db.session.scalar(
        select(CouncilClerk).where(CouncilClerk.user_id == person.id, CouncilClerk.municipality_id == municipality.id)
    )
    if mark is not None and mark.revoked_at is None:
        raise CouncilStatusError(
            _l("Deze persoon antwoordt al namens de gemeenteraad van %(name)s.", name=municipality.name), "email"
        )
    if mark is None:
        mark = CouncilClerk(user_id=person.id, municipality_id=municipality.id)
        db.session.add(mark)
    mark.role, mark.marked_by_id, mark.created_at, mark.revoked_at = SPOKESPERSON, actor.id, utcnow(), None
    db.session.flush()
    audit.record(
        actor,
        "council.spokesperson_marked",
        "council_clerk",
        mark.id,
        None,
        None,
        {"municipality": municipality.code},
        about=person,
    )
    db.session.commit()
    return mark


def speakers_for(municipality: Municipality) -> list[CouncilClerk]:
    """Who may answer on behalf of this council now: the griffie and the people it marked."""
    return list(
        db.session.scalars(
            select(CouncilClerk)
            .where(CouncilClerk.municipality_id == municipality.id, CouncilClerk.revoked_at.is_(None))
            .order_by(CouncilClerk.created_at)
        )
    )


def status_changes(municipality_id: int, since: datetime, until: datetime) -> list[CouncilStatusStep]:
    """For the digest: steps recorded or corrected in [since, until), in the order of the steps."""
    rows = db.session.scalars(
        select(CouncilStatusStep).where(
            CouncilStatusStep.municipality_id == municipality_id,
            CouncilStatusStep.updated_at >= since,
            CouncilStatusStep.updated_at < until,
        )
    )
    return sorted(rows, key=lambda row: STATUS_STEPS.index(row.step))
