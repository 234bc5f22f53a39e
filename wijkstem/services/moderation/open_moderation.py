"""Open moderation: monthly figures from the audit log and the reports, with no names.

Trust in the counts ("are these bots?") needs the moderation to be visible; people do not.
Only counts and durations leave this module, never an actor, an author or a reason text.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, Comment, Experience, Report, VerificationRequest
from wijkstem.services.discussion.reports import REASON_LABELS
from wijkstem.services.moderation import audit
from wijkstem.subjects import Subject

MONTHS = 12
# Audit actions that are a decision on something people wrote or asked (named as in the audit log).
DECISIONS = (
    "experience.approved",
    "experience.rejected",
    "experience.edit_approved",
    "experience.edit_rejected",
    "review.approve",
    "review.reject",
    "report.approve",
    "report.restore",
    "report.hide",
    "verification.approved",
    "verification.rejected",
)
BLOCKED = "user.block"
VERIFICATION = "verification"


@dataclass
class MonthFigures:
    month: str  # "2026-11"
    reviewed: int = 0
    decisions: Counter = field(default_factory=Counter)  # action -> count
    waits: list[float] = field(default_factory=list)  # hours from submission to decision
    reports: Counter = field(default_factory=Counter)  # report reason -> handled reports
    blocked: int = 0

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.waits), 1) if self.waits else None

    @property
    def reports_handled(self) -> int:
        return sum(self.reports.values())


def _month(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def moderation_by_month(now: datetime | None = None) -> list[MonthFigures]:
    """The last 12 months, newest first. Two queries: the decisions (with when the item came in)
    and the handled reports; both read only dates, action codes and reason codes."""
    now = now or utcnow()
    start = (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - timedelta(days=31 * (MONTHS - 1))).replace(
        day=1
    )
    months: dict[str, MonthFigures] = {}
    cursor = start
    while cursor <= now:
        months[_month(cursor)] = MonthFigures(_month(cursor))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    decided = db.session.execute(
        select(
            AuditEntry.created_at,
            AuditEntry.action,
            Experience.created_at,
            Comment.created_at,
            VerificationRequest.created_at,
        )
        .outerjoin(
            Experience, and_(AuditEntry.subject_type == Subject.EXPERIENCE, Experience.id == AuditEntry.subject_id)
        )
        .outerjoin(Comment, and_(AuditEntry.subject_type == Subject.COMMENT, Comment.id == AuditEntry.subject_id))
        .outerjoin(
            VerificationRequest,
            and_(AuditEntry.subject_type == VERIFICATION, VerificationRequest.id == AuditEntry.subject_id),
        )
        .where(AuditEntry.created_at >= start, AuditEntry.action.in_([*DECISIONS, BLOCKED]))
    )
    for at, action, experience_at, comment_at, request_at in decided:
        figures = months.get(_month(at))
        if figures is None:
            continue
        if action == BLOCKED:
            figures.blocked += 1
            continue
        figures.reviewed += 1
        figures.decisions[action] += 1
        submitted = experience_at if action in ("experience.approved", "experience.rejected") else None
        submitted = submitted or (comment_at if action.startswith("review.") else None) or request_at
        if submitted is not None and submitted <= at:
            figures.waits.append((at - submitted).total_seconds() / 3600)
    for handled_at, reason in db.session.execute(
        select(Report.handled_at, Report.reason).where(Report.handled_at.is_not(None), Report.handled_at >= start)
    ):
        if (figures := months.get(_month(handled_at))) is not None:
            figures.reports[reason] += 1
    return sorted(months.values(), key=lambda m: m.month, reverse=True)


def decision_labels() -> dict[str, str]:
    return {code: audit.action_label(code) for code in DECISIONS}


def report_reason_labels() -> dict[str, str]:
    return {code: str(label) for code, label in REASON_LABELS.items()}


def totals(months: list[MonthFigures]) -> dict[str, Counter]:
    """Decisions and report reasons over the whole period, for the summary table."""
    result: dict[str, Counter] = defaultdict(Counter)
    for figures in months:
        result["decisions"].update(figures.decisions)
        result["reports"].update(figures.reports)
    return result
