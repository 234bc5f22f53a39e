"""Experiences in the moderation workspace: the queue "ervaringen" (new experiences and edits of
approved ones). wijkstem.capabilities registers QUEUE_PROVIDER.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wijkstem.extensions import db
from wijkstem.models import Experience, ExperienceRevision, Pillar, User
from wijkstem.models.experiences import PENDING
from wijkstem.services.experiences import experiences
from wijkstem.services.experiences.similar_experiences import similar_experiences
from wijkstem.services.moderation import audit
from wijkstem.services.moderation.moderation_queue import (
    APPROVE,
    NOT_FOUND,
    REJECT,
    ItemNotFound,
    QueueItem,
    QueueProvider,
)
from wijkstem.subjects import Subject

QUEUE = "ervaringen"


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
        page=("experiences.show", {"experience_id": experience.id, "slug": experience.slug}),
        image=("experiences.photo", {"photo_id": photo.id, "ext": photo.extension}) if photo else None,
        image_alt=(source.photo_alt or "") if photo else "",
        related=[
            (other.title, ("experiences.show", {"experience_id": other.id, "slug": other.slug}))
            for other, _ in similar_experiences(
                source.title, source.story, source.municipality_id, exclude=experience.id
            )
        ],
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
    if experience is None:
        raise ItemNotFound(NOT_FOUND)
    before = _state(experience)
    action = "experience.edit_approved" if experience.has_pending_revision else "experience.approved"
    experiences.approve_experience(moderator, experience)
    audit.record(
        moderator, action, Subject.EXPERIENCE, item_id, reason, before, _state(experience), about=experience.author
    )


def reject(moderator: User, item_id: int, reason: str | None = None) -> None:
    experience = db.session.get(Experience, item_id)
    if experience is None:
        raise ItemNotFound(NOT_FOUND)
    before = _state(experience)
    action = "experience.edit_rejected" if experience.has_pending_revision else "experience.rejected"
    experiences.reject_experience(moderator, experience, reason or "")
    audit.record(
        moderator, action, Subject.EXPERIENCE, item_id, reason, before, _state(experience), about=experience.author
    )


QUEUE_PROVIDER = QueueProvider(
    name=QUEUE,
    label=_l("Ervaringen"),
    pending=pending_items,
    find=find_item,
    count=count_pending,
    handlers={APPROVE: approve, REJECT: reject},
    action_hints={APPROVE: _l("De ervaring (of de nieuwe versie ervan) komt op de site, zichtbaar voor iedereen.")},
)
