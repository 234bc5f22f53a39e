"""Experiences in account-wide rules: removed or anonymised on account deletion, included in the export."""

from __future__ import annotations

import base64

from sqlalchemy import delete, select, update

from wijkstem.clock import iso_utc
from wijkstem.extensions import db
from wijkstem.models import Experience, ExperiencePhoto, ExperienceRevision, Recognition, User
from wijkstem.models.experiences import APPROVED
from wijkstem.services.experiences import experience_search
from wijkstem.subjects import Subject, forget_subjects


def forget_experiences(user: User, keep_experiences: bool = False) -> None:
    """Delete the person's experiences, or keep the approved ones as 'een bewoner uit ...'.

    Pending and rejected experiences and waiting edits always go: nobody has vetted them.
    Runs inside the account deletion's transaction; does not commit.
    """
    _take_back_recognitions(user)
    own = db.session.scalars(select(Experience).where(Experience.author_id == user.id)).all()
    going = [e.id for e in own if not (keep_experiences and e.status == APPROVED)]
    forget_subjects(Subject.EXPERIENCE, going)
    for experience in own:
        if keep_experiences and experience.status == APPROVED:
            experience.author_id = None
            experience.revision = None
        else:
            experience_search.remove_from_index(experience.id)
            db.session.delete(experience)
    db.session.flush()
    kept_photos = select(Experience.photo_id).where(Experience.photo_id.is_not(None))
    db.session.execute(
        delete(ExperiencePhoto).where(ExperiencePhoto.owner_id == user.id, ExperiencePhoto.id.not_in(kept_photos))
    )
    db.session.execute(update(ExperiencePhoto).where(ExperiencePhoto.owner_id == user.id).values(owner_id=None))


def _take_back_recognitions(user: User) -> None:
    recognised = db.session.scalars(select(Recognition.experience_id).where(Recognition.user_id == user.id)).all()
    if recognised:
        db.session.execute(
            update(Experience)
            .where(Experience.id.in_(recognised))
            .values(recognition_count=Experience.recognition_count - 1)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(delete(Recognition).where(Recognition.user_id == user.id))


def export_experiences(user: User) -> tuple[str, dict]:
    own = db.session.scalars(
        select(Experience).where(Experience.author_id == user.id).order_by(Experience.created_at)
    ).all()
    recognised = db.session.scalars(
        select(Recognition.experience_id).where(Recognition.user_id == user.id).order_by(Recognition.experience_id)
    ).all()
    return "experiences", {
        "written": [_export(experience) for experience in own],
        "herkenbaar": list(recognised),
    }


def _export(experience: Experience) -> dict:
    data = {
        "id": experience.id,
        "title": experience.title,
        "story": experience.story,
        "municipality": experience.municipality.code,
        "wijk": experience.wijk,
        "kind": experience.kind,
        "pillars": [pillar.slug for pillar in experience.pillars],
        "status": experience.status,
        "rejection_reason": experience.rejection_reason,
        "herkenbaar_count": experience.recognition_count,
        "created_at": iso_utc(experience.created_at),
        "approved_at": iso_utc(experience.approved_at),
        "photo": _export_photo(experience.photo, experience.photo_alt),
    }
    revision: ExperienceRevision | None = experience.revision
    if revision is not None:
        data["waiting_edit"] = {
            "title": revision.title,
            "story": revision.story,
            "status": revision.status,
            "rejection_reason": revision.rejection_reason,
            "photo": _export_photo(revision.photo, revision.photo_alt),
        }
    return data


def _export_photo(photo: ExperiencePhoto | None, alt: str | None) -> dict | None:
    if photo is None:
        return None
    return {
        "content_type": photo.content_type,
        "width": photo.width,
        "height": photo.height,
        "alt": alt,
        "base64": base64.b64encode(photo.data).decode("ascii"),
    }
