"""Experiences in the moderation workspace, in discussions and in reports.

Registers the queue "ervaringen" (new experiences and edits of approved ones), makes experiences
a subject for comments and a reportable item, and hides or restores experiences.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Experience, ExperienceRevision, HelpfulMark, Pillar, Report, User
from wijkstem.models.experiences import PENDING
from wijkstem.services import audit, comment_counts, comments, experiences, reports
from wijkstem.services.comments import COMMENT
from wijkstem.services.moderation_queue import APPROVE, REJECT, QueueItem, QueueProvider, register_queue

QUEUE = "ervaringen"
EXPERIENCE = "experience"  # the subject_type of an experience for comments and reports


def location(experience_id: int) -> tuple[str, dict]:
    slug = db.session.scalar(select(Experience.slug).where(Experience.id == experience_id))
    return "experiences.show", {"experience_id": experience_id, "slug": slug}


# --- hiding -----------------------------------------------------------------------------------


def hide_experience(experience_id: int, reason: str) -> None:
    """Hidden from everyone but its author and moderators; `reason` says why (reports, moderator,
    blocked). Something already hidden keeps its first reason. Does not commit."""
    db.session.execute(
        update(Experience)
        .where(Experience.id == experience_id, Experience.hidden_at.is_(None))
        .values(hidden_at=utcnow(), hidden_reason=reason)
        .execution_options(synchronize_session="fetch")
    )


def show_experience(experience_id: int) -> None:
    """Undo hide_experience. Does not commit."""
    db.session.execute(
        update(Experience)
        .where(Experience.id == experience_id)
        .values(hidden_at=None, hidden_reason=None)
        .execution_options(synchronize_session="fetch")
    )


def forget_discussion(experience_ids: list[int]) -> None:
    """Before experiences are deleted: their comments, and the reports about both, go too. Does not commit."""
    if not experience_ids:
        return
    on_them = select(Comment.id).where(Comment.subject_type == EXPERIENCE, Comment.subject_id.in_(experience_ids))
    comment_ids = list(db.session.scalars(on_them))
    db.session.execute(delete(Report).where(Report.subject_type == EXPERIENCE, Report.subject_id.in_(experience_ids)))
    if comment_ids:
        db.session.execute(delete(Report).where(Report.subject_type == COMMENT, Report.subject_id.in_(comment_ids)))
        db.session.execute(delete(HelpfulMark).where(HelpfulMark.comment_id.in_(comment_ids)))
        db.session.execute(delete(Comment).where(Comment.id.in_(comment_ids), Comment.parent_id.is_not(None)))
        db.session.execute(delete(Comment).where(Comment.id.in_(comment_ids)))
    comment_counts.forget_subjects(EXPERIENCE, experience_ids)


def _author_of(experience_id: int) -> int | None:
    return db.session.scalar(select(Experience.author_id).where(Experience.id == experience_id))


comments.register_subject(EXPERIENCE, location)
reports.register_reportable(EXPERIENCE, author_of=_author_of, hide=hide_experience)


# --- the queue --------------------------------------------------------------------------------


def _waiting():
    return (
        select(Experience)
        .outerjoin(ExperienceRevision)
        .where((Experience.status == PENDING) | (ExperienceRevision.status == PENDING))
    )


def _as_item(experience: Experience, pillars_by_id: dict[int, Pillar]) -> QueueItem:
    edit = experience.revision if experience.has_pending_revision else None
    source = edit or experience
    pillar_names = (
        [pillars_by_id[i].title for i in edit.pillar_ids or [] if i in pillars_by_id]
        if edit
        else [p.title for p in experience.pillars]
    )
    kind = _l("Wat goed gaat") if source.kind == "goes-well" else _l("Wat beter kan")
    place = source.municipality.name + (f", {source.wijk}" if source.wijk else "")
    photo = source.photo
    return QueueItem(
        kind=QUEUE,
        id=experience.id,
        title=source.title,
        body=source.story,
        author=experience.author,
        created_at=edit.created_at if edit else experience.updated_at,
        note=str(_l("Wijziging van een geplaatste ervaring")) if edit else str(_l("Nieuwe ervaring")),
        facts=[
            (_l("Gemeente"), place),
            (_l("Pijlers"), ", ".join(pillar_names) or str(_l("geen gekozen"))),
            (_l("Soort"), str(kind)),
        ],
        page=location(experience.id),
        image=("experiences.photo", {"photo_id": photo.id, "ext": photo.extension}) if photo else None,
        image_alt=(source.photo_alt or "") if photo else "",
    )


def pending_items(limit: int = 50) -> list[QueueItem]:
    """New experiences and edits of approved ones, the longest waiting first."""
    waiting_since = func.coalesce(ExperienceRevision.created_at, Experience.updated_at)
    rows = db.session.scalars(
        _waiting()
        .options(selectinload(Experience.pillars), selectinload(Experience.revision))
        .order_by(waiting_since, Experience.id)
        .limit(limit)
    ).unique()
    pillars_by_id = {p.id: p for p in db.session.scalars(select(Pillar))}
    return [_as_item(experience, pillars_by_id) for experience in rows]


def find_item(item_id: int) -> QueueItem | None:
    experience = db.session.get(Experience, item_id)
    if experience is None or not (experience.is_pending or experience.has_pending_revision):
        return None
    return _as_item(experience, {p.id: p for p in db.session.scalars(select(Pillar))})


def count_pending() -> int:
    return db.session.scalar(select(func.count()).select_from(_waiting().subquery())) or 0


def _state(experience: Experience) -> dict:
    return {
        "status": experience.status,
        "edit": experience.revision.status if experience.revision is not None else None,
        "title": experience.title,
    }


def approve(moderator: User, item_id: int, reason: str | None = None) -> None:
    experience = db.session.get(Experience, item_id)
    before = _state(experience)
    action = "experience.edit_approved" if experience.has_pending_revision else "experience.approved"
    experiences.apply_approval(moderator, experience)
    audit.record(moderator, action, EXPERIENCE, item_id, reason, before, _state(experience), about=experience.author)


def reject(moderator: User, item_id: int, reason: str | None = None) -> None:
    experience = db.session.get(Experience, item_id)
    before = _state(experience)
    action = "experience.edit_rejected" if experience.has_pending_revision else "experience.rejected"
    experiences.apply_rejection(moderator, experience, reason or "")
    audit.record(moderator, action, EXPERIENCE, item_id, reason, before, _state(experience), about=experience.author)


register_queue(
    QueueProvider(
        name=QUEUE,
        label=_l("Ervaringen"),
        pending=pending_items,
        find=find_item,
        count=count_pending,
        handlers={APPROVE: approve, REJECT: reject},
    )
)
