"""Reports ("melden") of any item: one per person per item; enough distinct reporters hide it.

What can be reported is listed in wijkstem.subjects; hiding goes through content_visibility and
the moderation capability (services.discussion.report_queue) reviews what was reported.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import iso_utc
from wijkstem.extensions import db
from wijkstem.models import Report, User
from wijkstem.models.reports import REPORT_REASONS
from wijkstem.services.moderation import content_visibility
from wijkstem.subjects import Subject

MAX_TEXT = 500

REASON_LABELS = {
    "spam": _l("Spam of reclame"),
    "offensive": _l("Kwetsend of beledigend"),
    "personal-data": _l("Er staan persoonsgegevens in"),
    "off-topic": _l("Gaat niet over het onderwerp"),
    "other": _l("Iets anders"),
}


class ReportError(Exception):
    """A rule about reporting said no; str(error) is a message for the user."""


class AlreadyReported(ReportError):
    pass


def hide_threshold() -> int:
    return int(current_app.config.get("REPORT_HIDE_THRESHOLD", 3))


def report_item(reporter: User, subject_type: str, subject_id: int, reason: str, text: str | None = None) -> Report:
    """One report per person per item; at the threshold of distinct reporters the item is hidden."""
    if reporter.is_blocked or not reporter.is_confirmed:
        raise ReportError(_l("Bevestig eerst je e-mailadres. Daarna kun je iets melden."))
    if reason not in REPORT_REASONS:
        raise ReportError(_l("Kies een reden."))
    text = (text or "").strip() or None
    if text and len(text) > MAX_TEXT:
        raise ReportError(_l("Je toelichting mag hoogstens %(n)s tekens lang zijn.", n=MAX_TEXT))
    subject = Subject(subject_type)
    if not subject.is_reportable:
        raise ValueError(f"{subject} cannot be reported")
    model = subject.authored_model
    if db.session.scalar(select(model.author_id).where(model.id == subject_id)) == reporter.id:
        raise ReportError(_l("Je kunt je eigen bijdrage niet melden."))
    report = Report(subject_type=subject_type, subject_id=subject_id, reporter_id=reporter.id, reason=reason, text=text)
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyReported(_l("Je hebt dit al gemeld. Bedankt, we kijken ernaar.")) from None
    if count_reporters(subject_type, subject_id) >= hide_threshold():
        content_visibility.hide(subject, subject_id, content_visibility.BY_REPORTS)
    db.session.commit()
    return report


def count_reporters(subject_type: str, subject_id: int) -> int:
    return db.session.scalars(
        select(func.count(func.distinct(Report.reporter_id))).where(
            Report.subject_type == subject_type, Report.subject_id == subject_id
        )
    ).one()


def has_reported(user: User, subject_type: str, subject_id: int) -> bool:
    return (
        db.session.scalar(
            select(Report.id).where(
                Report.reporter_id == user.id, Report.subject_type == subject_type, Report.subject_id == subject_id
            )
        )
        is not None
    )


def forget_reports(user: User) -> None:
    """The person's own reports go with their account (reports about their items go with the items)."""
    db.session.execute(delete(Report).where(Report.reporter_id == user.id))


def export_reports(user: User) -> tuple[str, list]:
    reports = db.session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id)).all()
    return (
        "reports",
        [
            {
                "subject": {"type": r.subject_type, "id": r.subject_id},
                "reason": r.reason,
                "text": r.text,
                "created_at": iso_utc(r.created_at),
                "status": r.status,
            }
            for r in reports
        ],
    )
