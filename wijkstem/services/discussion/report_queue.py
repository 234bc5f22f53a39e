"""Reported comments, experiences and council responses in the moderation workspace (queue "gemeld").

One queue item is one reported item with its open reports; its id is the id of
its oldest open report. A decision handles every open report about the item at once. Reporters
see on their own list that their report was handled, never who else reported or who decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, tuple_, update
from sqlalchemy.orm import joinedload

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, CouncilResponse, Experience, Organisation, Report, User
from wijkstem.models.reports import DISMISSED, OPEN, UPHELD
from wijkstem.services.discussion.reports import REASON_LABELS
from wijkstem.services.moderation import audit, content_visibility
from wijkstem.services.moderation.moderation_queue import (
    APPROVE,
    HIDE,
    NOT_FOUND,
    RESTORE,
    ItemNotFound,
    QueueItem,
    QueueProvider,
    comment_reference,
    tell_author,
)
from wijkstem.subjects import REPORTABLE, Subject
from wijkstem.urls import absolute_url

QUEUE = "gemeld"
KINDS = REPORTABLE


@dataclass
class ReportLine:
    """One report as a moderator sees it."""

    reason: str
    text: str | None
    created_at: datetime
    reporter_name: str


def _open_subjects(limit: int | None = None, first_report_id: int | None = None):
    query = (
        select(Report.subject_type, Report.subject_id, func.min(Report.id))
        .where(Report.status == OPEN, Report.subject_type.in_(KINDS))
        .group_by(Report.subject_type, Report.subject_id)
        .order_by(func.min(Report.created_at), func.min(Report.id))
    )
    if first_report_id is not None:
        query = query.having(func.min(Report.id) == first_report_id)
    if limit is not None:
        query = query.limit(limit)
    return db.session.execute(query).all()


def _content(subjects: list[tuple[str, int]]) -> dict[tuple[str, int], Comment | Experience | CouncilResponse]:
    found: dict[tuple[str, int], Comment | Experience | CouncilResponse] = {}
    for kind in KINDS:
        ids = [subject_id for subject_type, subject_id in subjects if subject_type == kind]
        if ids:
            model = kind.authored_model
            rows = db.session.scalars(select(model).where(model.id.in_(ids))).unique()
            # select() of a union of model classes is typed as selecting Base.
            for row in cast("Iterable[Comment | Experience]", rows):
                found[(kind, row.id)] = row
    return found


def _open_reports(subjects: list[tuple[str, int]]) -> dict[tuple[str, int], list[ReportLine]]:
    lines: dict[tuple[str, int], list[ReportLine]] = {subject: [] for subject in subjects}
    if not subjects:
        return lines
    rows = db.session.scalars(
        select(Report)
        .options(joinedload(Report.reporter))
        .where(Report.status == OPEN, tuple_(Report.subject_type, Report.subject_id).in_(subjects))
        .order_by(Report.created_at, Report.id)
    )
    for report in rows:
        label = REASON_LABELS.get(report.reason, report.reason)
        name = report.reporter.display_name if report.reporter else ""
        lines[(report.subject_type, report.subject_id)].append(
            ReportLine(str(label), report.text, report.created_at, name)
        )
    return lines


def _note(content: Comment | Experience) -> str:
    if getattr(content, "is_deleted", False):
        return str(_l("Verwijderd door de schrijver"))
    if content.hidden_reason == content_visibility.BY_REPORTS:
        return str(_l("Verborgen na meldingen, tot een moderator besluit"))
    if content.hidden_at is not None:
        return str(_l("Verborgen"))
    return str(_l("Nog zichtbaar"))


def _as_item(item_id: int, subject: tuple[str, int], content, report_lines: list[ReportLine]) -> QueueItem:
    if subject[0] == Subject.COMMENT:
        endpoint, values = Subject(content.subject_type).location(content.subject_id)
        title = str(_l("Reactie van %(name)s", name=content.author.display_name if content.author else "—"))
        page = (endpoint, {**values, "_anchor": f"reactie-{content.id}"})
        body = content.body
    elif subject[0] == Subject.COUNCIL_RESPONSE:
        title = str(_l("Bericht van de raad door %(name)s", name=content.respondent_name))
        page = ("municipalities.show", {"slug": content.municipality.slug, "_anchor": f"raad-{content.id}"})
        body = content.body
    else:
        title = str(_l("Ervaring: %(title)s", title=content.title))
        page = ("experiences.show", {"experience_id": content.id, "slug": content.slug})
        body = content.story
    return QueueItem(
        kind=subject[0],
        id=item_id,
        title=title,
        body=body,
        author=content.author,
        created_at=content.created_at,
        reports=report_lines,
        page=page,
        note=_note(content),
    )


def pending_items(limit: int = 50) -> list[QueueItem]:
    """Reported items, the one reported first at the top."""
    rows = _open_subjects(limit)
    subjects = [(subject_type, subject_id) for subject_type, subject_id, _first in rows]
    contents, lines = _content(subjects), _open_reports(subjects)
    return [
        _as_item(
            first, (subject_type, subject_id), contents[(subject_type, subject_id)], lines[(subject_type, subject_id)]
        )
        for subject_type, subject_id, first in rows
        if (subject_type, subject_id) in contents
    ]


def _subject_of(item_id: int) -> tuple[str, int] | None:
    rows = _open_subjects(first_report_id=item_id)
    return (rows[0][0], rows[0][1]) if rows else None


def _open_subject(item_id: int) -> tuple[str, int]:
    subject = _subject_of(item_id)
    if subject is None:
        raise ItemNotFound(NOT_FOUND)
    return subject


def find_item(item_id: int) -> QueueItem | None:
    subject = _subject_of(item_id)
    if subject is None:
        return None
    content = _content([subject]).get(subject)
    if content is None:
        return None
    return _as_item(item_id, subject, content, _open_reports([subject])[subject])


def count_pending() -> int:
    subjects = (
        select(Report.subject_type, Report.subject_id)
        .where(Report.status == OPEN, Report.subject_type.in_(KINDS))
        .group_by(Report.subject_type, Report.subject_id)
    )
    return db.session.scalar(select(func.count()).select_from(subjects.subquery())) or 0


def _state(subject: tuple[str, int]) -> dict:
    content = _content([subject])[subject]
    open_reports = db.session.scalar(
        select(func.count()).where(
            Report.status == OPEN, Report.subject_type == subject[0], Report.subject_id == subject[1]
        )
    )
    return {"hidden": content.hidden_reason if content.hidden_at else None, "open_reports": open_reports}


def _handle_reports(moderator: User, subject: tuple[str, int], status: str) -> None:
    db.session.execute(
        update(Report)
        .where(Report.status == OPEN, Report.subject_type == subject[0], Report.subject_id == subject[1])
        .values(status=status, handled_at=utcnow(), handled_by_id=moderator.id)
        .execution_options(synchronize_session="fetch")
    )


def _decide(moderator: User, item_id: int, action: str, reason: str | None) -> Comment | Experience | CouncilResponse:
    subject = _open_subject(item_id)
    before = _state(subject)
    if action == HIDE:
        content_visibility.hide(*subject, content_visibility.BY_MODERATOR)
    else:
        content_visibility.show_again(*subject)
    _handle_reports(moderator, subject, UPHELD if action == HIDE else DISMISSED)
    content = _content([subject])[subject]
    audit.record(
        moderator, f"report.{action}", subject[0], subject[1], reason, before, _state(subject), about=content.author
    )
    return content


def hide(moderator: User, item_id: int, reason: str | None = None) -> None:
    content = _decide(moderator, item_id, HIDE, reason)
    tell_author(content.author, _what(content), str(_l("verborgen")), reason, _link(content))


def _what(content: Comment | Experience | CouncilResponse) -> str:
    if isinstance(content, Comment):
        return comment_reference(content)[0]
    if isinstance(content, CouncilResponse):
        return str(_l("je bericht namens de raad"))
    return str(_l("je ervaring “%(title)s”", title=content.title))


def _link(content: Comment | Experience | CouncilResponse) -> str:
    if isinstance(content, Comment):
        return comment_reference(content)[2]
    subject = Subject.EXPERIENCE if isinstance(content, Experience) else Subject.COUNCIL_RESPONSE
    endpoint, values = subject.location(content.id)
    anchor = values.pop("_anchor", None)
    return absolute_url(endpoint, **values) + (f"#{anchor}" if anchor else "")


def restore(moderator: User, item_id: int, reason: str | None = None) -> None:
    # Restoring is news for the author only when it brings hidden content back.
    was_hidden = _state(_open_subject(item_id))["hidden"] is not None
    content = _decide(moderator, item_id, RESTORE, reason)
    if was_hidden and content.hidden_at is None:
        tell_author(
            content.author, _what(content), str(_l("teruggezet: iedereen kan het weer zien")), reason, _link(content)
        )


def approve(moderator: User, item_id: int, reason: str | None = None) -> None:
    _decide(moderator, item_id, APPROVE, reason)


QUEUE_PROVIDER = QueueProvider(
    name=QUEUE,
    label=_l("Gemelde bijdragen"),
    pending=pending_items,
    find=find_item,
    count=count_pending,
    handlers={APPROVE: approve, HIDE: hide, RESTORE: restore},
    action_hints={
        APPROVE: _l("De meldingen worden gesloten en de bijdrage blijft op de site. De schrijver krijgt geen mail."),
        HIDE: _l("Niemand ziet de bijdrage nog. De schrijver krijgt een mail met de reden."),
        RESTORE: _l("Een verborgen bijdrage komt terug op de site en de schrijver krijgt daar een mail over."),
    },
)


# What a reporter sees --------------------------------------------------------------------------


@dataclass
class MyReport:
    created_at: datetime
    what: str
    page: tuple[str, dict] | None
    reason: str
    status: str
    handled_at: datetime | None


def reports_by(user: User) -> list[MyReport]:
    """This person's own reports and whether they were handled: never other reporters or the moderator."""
    rows = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at.desc(), Report.id.desc())
    ).all()
    contents = _content([(r.subject_type, r.subject_id) for r in rows])
    found = []
    for report in rows:
        content = contents.get((report.subject_type, report.subject_id))
        what, page = str(_l("Een bijdrage die niet meer bestaat")), None
        if isinstance(content, Comment):
            what = str(_l("Een reactie"))
            endpoint, values = Subject(content.subject_type).location(content.subject_id)
            page = (endpoint, {**values, "_anchor": f"reactie-{content.id}"})
        elif isinstance(content, CouncilResponse):
            what = str(_l("Een bericht van de raad"))
            page = ("municipalities.show", {"slug": content.municipality.slug, "_anchor": f"raad-{content.id}"})
        elif isinstance(content, Experience):
            what = str(_l("De ervaring “%(title)s”", title=content.title))
            page = ("experiences.show", {"experience_id": content.id, "slug": content.slug})
        elif report.subject_type == "organisation":  # issue 27: reports about organisations
            organisation = db.session.get(Organisation, report.subject_id)
            if organisation is not None:
                what = str(_l("De organisatie “%(name)s”", name=organisation.name))
                page = ("organisations.show", {"slug": organisation.slug}) if organisation.is_public else None
        reason = str(REASON_LABELS.get(report.reason, report.reason))
        found.append(MyReport(report.created_at, what, page, reason, report.status, report.handled_at))
    return found
