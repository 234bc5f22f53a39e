"""The audit log: every moderation and admin action appends one record, in the action's transaction."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from wijkstem.clock import iso_utc
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, User
from wijkstem.models.moderation import DELETED_ACCOUNT
from wijkstem.pagination import Page

PAGE_SIZE = 50

# What each action code means, for people reading the log; an unknown code shows as itself.
ACTION_LABELS = {
    "content.edit": _l("Tekst van het manifest aangepast"),
    "council.clerk_marked": _l("Gemarkeerd als griffie van een gemeente"),
    "council.clerk_revoked": _l("Griffie-markering ingetrokken"),
    "council.clerk_ended": _l("Griffie-markering gestopt: naam veranderd"),
    "council.griffie_email": _l("E-mailadres van de griffie aangepast"),
    "council.spokesperson_marked": _l("Gemarkeerd als woordvoerder namens de gemeenteraad"),
    "council.status": _l("Status bij de gemeenteraad aangepast"),
    "organisation.approved": _l("Organisatie geverifieerd"),
    "organisation.rejected": _l("Organisatie afgewezen"),
    "organisation.hidden": _l("Organisatie verborgen"),
    "organisation.blocked": _l("Organisatie geblokkeerd"),
    "organisation.restored": _l("Organisatie teruggezet"),
    "organisation.reports_dismissed": _l("Melding over organisatie: organisatie blijft staan"),
    "organisation.deleted": _l("Organisatie verwijderd"),
    "organisation.member_added": _l("Persoon toegevoegd aan organisatie"),
    "organisation.member_removed": _l("Persoon verwijderd uit organisatie"),
    "organisation.member_left": _l("Persoon gestopt bij organisatie"),
    "experience.approved": _l("Ervaring goedgekeurd"),
    "experience.rejected": _l("Ervaring afgewezen"),
    "experience.edit_approved": _l("Wijziging van ervaring goedgekeurd"),
    "experience.edit_rejected": _l("Wijziging van ervaring afgewezen"),
    "report.approve": _l("Melding: bijdrage goedgekeurd"),
    "report.hide": _l("Melding: bijdrage verborgen"),
    "report.restore": _l("Melding: bijdrage teruggezet"),
    "review.approve": _l("Reactie na controle geplaatst"),
    "review.reject": _l("Reactie na controle afgewezen"),
    "user.block": _l("Account geblokkeerd"),
    "user.unblock": _l("Account gedeblokkeerd"),
    "user.role": _l("Rol van account veranderd"),
    "verification.approved": _l("Verificatie goedgekeurd"),
    "verification.rejected": _l("Verificatie afgewezen"),
    "verification.revoked": _l("Verificatie ingetrokken"),
    "verification.ended": _l("Verificatie gestopt: profiel veranderd"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit record through the ORM."""


def record(
    actor: User | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    reason: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
    about: User | None = None,
) -> AuditEntry:
    """Add a record to the caller's transaction; the caller commits together with the action itself."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_label=actor.display_name if actor else "systeem",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        about_user_id=about.id if about else None,
        reason=(reason or "").strip() or None,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def refuse_changes_to_audit_entries(session, _context, _instances) -> None:
    """A before_flush hook on every session (wijkstem.capabilities installs it)."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


def anonymise(user: User) -> None:
    """On account deletion: the records stay, without the person's id or name."""
    # A bulk UPDATE, not the ORM: the append-only guard refuses ORM changes on purpose.
    db.session.execute(
        update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_id=None, actor_label=DELETED_ACCOUNT)
    )
    db.session.execute(update(AuditEntry).where(AuditEntry.about_user_id == user.id).values(about_user_id=None))


# What an audit entry's before/after says once the person it was about deleted their account.
REDACTED_SNAPSHOT = {"redacted": "account verwijderd"}


def redact_audit_snapshots_of(user: User) -> None:
    """Decisions about a person stay in the log, but not the titles or texts of their content."""
    # A bulk UPDATE, not the ORM: the append-only guard refuses ORM changes on purpose.
    about = AuditEntry.about_user_id == user.id
    db.session.execute(update(AuditEntry).where(about, AuditEntry.before.is_not(None)).values(before=REDACTED_SNAPSHOT))
    db.session.execute(update(AuditEntry).where(about, AuditEntry.after.is_not(None)).values(after=REDACTED_SNAPSHOT))


def redact_subject_snapshots(subject_type: str, subject_id: int) -> None:
    """A deleted item (an organisation): its records stay, without the names in their before/after."""
    # A bulk UPDATE, not the ORM: the append-only guard refuses ORM changes on purpose.
    about = (AuditEntry.subject_type == subject_type) & (AuditEntry.subject_id == subject_id)
    redacted = {"redacted": f"{subject_type} verwijderd"}
    db.session.execute(update(AuditEntry).where(about, AuditEntry.before.is_not(None)).values(before=redacted))
    db.session.execute(update(AuditEntry).where(about, AuditEntry.after.is_not(None)).values(after=redacted))


def export_decisions(user: User) -> tuple[str, list]:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.about_user_id == user.id).order_by(AuditEntry.id)
    ).all()
    return "decisions_about_me", [
        {"created_at": iso_utc(e.created_at), "action": e.action, "reason": e.reason} for e in entries
    ]


def decisions_about(user_ids: list[int], limit: int = 10) -> dict[int, list[AuditEntry]]:
    """Earlier decisions about each of these people, newest first (one query)."""
    found: dict[int, list[AuditEntry]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return found
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.about_user_id.in_(user_ids)).order_by(AuditEntry.id.desc())
    )
    for entry in rows:
        assert entry.about_user_id is not None  # selected by about_user_id
        if len(found[entry.about_user_id]) < limit:
            found[entry.about_user_id].append(entry)
    return found


@dataclass
class AuditFilter:
    action: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def statement(self):
        query = select(AuditEntry)
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.actor:
            query = query.where(
                func.lower(AuditEntry.actor_label).contains(self.actor.strip().lower(), autoescape=True)
            )
        if self.date_from:
            query = query.where(AuditEntry.created_at >= datetime.combine(self.date_from, time.min))
        if self.date_to:
            query = query.where(AuditEntry.created_at < datetime.combine(self.date_to + timedelta(days=1), time.min))
        return query


def audit_page(criteria: AuditFilter, page: int = 1) -> Page[AuditEntry]:
    """One page of the log, newest first."""
    page, per_page = max(page, 1), PAGE_SIZE
    rows = db.session.scalars(
        criteria.statement().order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    return Page.from_extra_row(rows, page, per_page)


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


CSV_COLUMNS = ("id", "created_at", "actor_id", "actor_label", "action", "subject_type", "subject_id", "about_user_id")


def audit_csv(criteria: AuditFilter) -> str:
    import json

    out = io.StringIO()
    writer = csv.writer(out)
    # The label goes last, so the columns scripts already read keep their place.
    writer.writerow([*CSV_COLUMNS, "reason", "before", "after", "action_label"])
    for entry in db.session.scalars(criteria.statement().order_by(AuditEntry.id)):
        values = [getattr(entry, column) for column in CSV_COLUMNS] + [
            entry.reason or "",
            json.dumps(entry.before, ensure_ascii=False),
            json.dumps(entry.after, ensure_ascii=False),
            action_label(entry.action),
        ]
        writer.writerow([_spreadsheet_safe(value) for value in values])
    return out.getvalue()


def _spreadsheet_safe(value):
    # Names and reasons are typed by people; a leading = + - @ would run as a spreadsheet formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
