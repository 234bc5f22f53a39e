"""Sharing experiences: submit, edit, moderate and recognise.

Every public function commits once, except the two moderation decisions (see there)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import (
    Experience,
    ExperiencePhoto,
    ExperienceRevision,
    Municipality,
    Pillar,
    Recognition,
    User,
)
from wijkstem.models.experiences import APPROVED, KINDS, PENDING, REJECTED
from wijkstem.record_ids import parse_id
from wijkstem.services.accounts.mail import queue_mail
from wijkstem.services.experiences import experience_search
from wijkstem.services.experiences.photos import process_photo
from wijkstem.urls import absolute_url


class ExperienceError(Exception):
    """A rule about experiences said no; str(error) is a message for the user."""


class NothingToModerate(ExperienceError):
    pass


class OwnExperience(ExperienceError):
    pass


class NotEditable(ExperienceError):
    pass


@dataclass
class Draft:
    """What the author wrote; photo is an uploaded photo of theirs, or None for no photo."""

    title: str
    story: str
    municipality: Municipality
    wijk: str | None
    kind: str
    pillars: list[Pillar] = field(default_factory=list)
    photo: ExperiencePhoto | None = None
    photo_alt: str | None = None


def slugify(text: str) -> str:
    """'Buurtkamer in Overvecht!' -> 'buurtkamer-in-overvecht', for readable URLs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or "ervaring"


# --- photos -----------------------------------------------------------------------------------


# A person keeps at most this many photos that no experience uses yet; older ones make room.
DRAFT_PHOTOS_PER_PERSON = 3
DRAFT_PHOTO_MAX_AGE = timedelta(days=1)


def store_draft_photo(user: User, stream) -> ExperiencePhoto:
    """A checked upload is kept at once, so a form with other mistakes never loses the photo;
    only the person's newest few drafts are kept, so repeated uploads cannot fill the database."""
    processed = process_photo(stream)  # raises PhotoRefused
    _make_room_for_a_draft(user)
    photo = ExperiencePhoto(
        owner_id=user.id,
        data=processed.data,
        content_type=processed.content_type,
        width=processed.width,
        height=processed.height,
        sha256=processed.sha256,
    )
    db.session.add(photo)
    db.session.commit()
    return photo


def _unused_photos():
    in_experiences = select(Experience.photo_id).where(Experience.photo_id.is_not(None))
    in_revisions = select(ExperienceRevision.photo_id).where(ExperienceRevision.photo_id.is_not(None))
    return select(ExperiencePhoto.id).where(
        ExperiencePhoto.id.not_in(in_experiences), ExperiencePhoto.id.not_in(in_revisions)
    )


def _make_room_for_a_draft(user: User) -> None:
    drafts = db.session.scalars(
        _unused_photos().where(ExperiencePhoto.owner_id == user.id).order_by(ExperiencePhoto.id.desc())
    ).all()
    surplus = drafts[DRAFT_PHOTOS_PER_PERSON - 1 :]
    if surplus:
        db.session.execute(delete(ExperiencePhoto).where(ExperiencePhoto.id.in_(surplus)))


def purge_draft_photos(older_than: timedelta = DRAFT_PHOTO_MAX_AGE) -> int:
    """Uploads no experience took up within a day are removed (`flask experiences purge-drafts`)."""
    old = db.session.scalars(_unused_photos().where(ExperiencePhoto.created_at < utcnow() - older_than)).all()
    if old:
        db.session.execute(delete(ExperiencePhoto).where(ExperiencePhoto.id.in_(old)))
    db.session.commit()
    return len(old)


def find_draft_photo(user: User, photo_id: str | int | None) -> ExperiencePhoto | None:
    """Only the person who uploaded a photo can attach it."""
    if (photo_id := parse_id(photo_id)) is None:
        return None
    photo = db.session.get(ExperiencePhoto, photo_id)
    return photo if photo is not None and photo.owner_id == user.id else None


def _photo_in_use(photo_id: int) -> bool:
    return bool(
        db.session.scalar(select(Experience.id).where(Experience.photo_id == photo_id).limit(1))
        or db.session.scalar(select(ExperienceRevision.id).where(ExperienceRevision.photo_id == photo_id).limit(1))
    )


def _drop_photo_if_unused(photo_id: int | None) -> None:
    if photo_id is not None:
        db.session.flush()
        if not _photo_in_use(photo_id):
            db.session.execute(delete(ExperiencePhoto).where(ExperiencePhoto.id == photo_id))


def _forget_other_drafts(user: User, keep: set[int]) -> None:
    owned = db.session.scalars(select(ExperiencePhoto.id).where(ExperiencePhoto.owner_id == user.id)).all()
    for photo_id in owned:
        if photo_id not in keep:
            _drop_photo_if_unused(photo_id)


def is_photo_public(photo: ExperiencePhoto) -> bool:
    return bool(
        db.session.scalar(
            select(Experience.id)
            .where(Experience.photo_id == photo.id, Experience.status == APPROVED, Experience.hidden_at.is_(None))
            .limit(1)
        )
    )


def can_view_photo(viewer: User | None, photo: ExperiencePhoto) -> bool:
    """Public once its experience is approved; before that only for its owner and moderators."""
    if viewer is not None and viewer.is_authenticated and (viewer.is_moderator or viewer.id == photo.owner_id):
        return True
    return is_photo_public(photo)


# --- writing ----------------------------------------------------------------------------------


def _check(draft: Draft) -> None:
    if draft.kind not in KINDS:
        raise ValueError(f"unknown kind {draft.kind!r}")


def _apply(experience: Experience, draft: Draft) -> None:
    experience.title = draft.title.strip()
    experience.slug = slugify(experience.title)
    experience.story = draft.story.strip()
    experience.municipality = draft.municipality
    experience.wijk = (draft.wijk or "").strip() or None
    experience.kind = draft.kind
    experience.pillars = list(draft.pillars)
    experience.photo = draft.photo
    experience.photo_alt = (draft.photo_alt or "").strip() or None if draft.photo else None
    experience.updated_at = utcnow()


def submit_experience(author: User, draft: Draft) -> Experience:
    """A new experience waits for a moderator before anyone else sees it; blocked people cannot submit."""
    if author.is_blocked:
        raise NotEditable(_l("Je account is geblokkeerd. Je kunt nu geen ervaring delen."))
    _check(draft)
    experience = Experience(author=author, author_perspective=author.perspective, status=PENDING)
    _apply(experience, draft)
    db.session.add(experience)
    db.session.flush()
    experience_search.index_experience(experience)
    _forget_other_drafts(author, keep={draft.photo.id} if draft.photo else set())
    db.session.commit()
    return experience


def can_edit(user: User, experience: Experience) -> bool:
    return user.is_authenticated and experience.author_id == user.id


def edit_experience(author: User, experience: Experience, draft: Draft) -> Experience:
    """Pending and rejected ones change in place (and go back to the queue); an approved one gets a
    revision to review, while the approved text stays visible."""
    if not can_edit(author, experience):
        raise NotEditable(_l("Alleen de schrijver kan deze ervaring bewerken."))
    if author.is_blocked:
        raise NotEditable(_l("Je account is geblokkeerd. Je kunt nu geen ervaring delen."))
    _check(draft)
    if experience.status == APPROVED:
        _save_revision(experience, draft)
    else:
        old_photo = experience.photo_id
        _apply(experience, draft)
        experience.status = PENDING
        experience.rejection_reason = None
        experience_search.index_experience(experience)
        if old_photo != experience.photo_id:
            _drop_photo_if_unused(old_photo)
    _forget_other_drafts(author, keep=set())
    db.session.commit()
    return experience


def _save_revision(experience: Experience, draft: Draft) -> None:
    revision = experience.revision or ExperienceRevision(experience=experience)
    old_photo = revision.photo_id
    revision.title = draft.title.strip()
    revision.story = draft.story.strip()
    revision.municipality = draft.municipality
    revision.wijk = (draft.wijk or "").strip() or None
    revision.kind = draft.kind
    revision.pillar_ids = [pillar.id for pillar in draft.pillars]
    revision.photo = draft.photo
    revision.photo_alt = (draft.photo_alt or "").strip() or None if draft.photo else None
    revision.status = PENDING
    revision.rejection_reason = None
    revision.created_at = utcnow()
    db.session.add(revision)
    if old_photo not in (revision.photo_id, experience.photo_id):
        _drop_photo_if_unused(old_photo)


def draft_from_revision(revision: ExperienceRevision) -> Draft:
    pillars = db.session.scalars(select(Pillar).where(Pillar.id.in_(revision.pillar_ids or []))).all()
    return Draft(
        title=revision.title,
        story=revision.story,
        municipality=revision.municipality,
        wijk=revision.wijk,
        kind=revision.kind,
        pillars=sorted(pillars, key=lambda p: p.position),
        photo=revision.photo,
        photo_alt=revision.photo_alt,
    )


# --- moderation -------------------------------------------------------------------------------


def _moderatable(moderator: User, experience: Experience) -> None:
    if experience.author_id == moderator.id:
        raise OwnExperience(_l("Je kunt je eigen ervaring niet beoordelen. Laat een andere moderator dit doen."))
    if experience.status != PENDING and not experience.has_pending_revision:
        raise NothingToModerate(_l("Deze ervaring wacht niet (meer) op beoordeling."))


def _pending_revision(experience: Experience) -> ExperienceRevision:
    """The edit waiting for review of an experience that passed _moderatable and is not PENDING."""
    if experience.revision is None:
        raise NothingToModerate(_l("Deze ervaring wacht niet (meer) op beoordeling."))
    return experience.revision


# A decision is taken in the moderation workspace, whose decide() commits it together with its
# audit record; so these two do not commit.


def approve_experience(moderator: User, experience: Experience) -> None:
    """Publishes a new experience, or replaces the approved text by the reviewed edit; mails the author."""
    _moderatable(moderator, experience)
    if experience.status == PENDING:
        experience.status = APPROVED
        experience.approved_at = utcnow()
    else:
        revision = _pending_revision(experience)
        old_photo = experience.photo_id
        _apply(experience, draft_from_revision(revision))
        experience.revision = None
        db.session.flush()
        if old_photo != experience.photo_id:
            _drop_photo_if_unused(old_photo)
    experience.rejection_reason = None
    experience.moderated_by_id = moderator.id
    experience_search.index_experience(experience)
    _mail_author(experience, _l("Je ervaring staat op wijkstem"), "experience_approved")


def reject_experience(moderator: User, experience: Experience, reason: str) -> None:
    """Needs a reason, which the author reads; a rejected edit leaves the approved text as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise ExperienceError(_l("Schrijf waarom je deze ervaring afwijst."))
    _moderatable(moderator, experience)
    if experience.status == PENDING:
        experience.status = REJECTED
        experience.rejection_reason = reason
    else:
        revision = _pending_revision(experience)
        revision.status = REJECTED
        revision.rejection_reason = reason
    experience.moderated_by_id = moderator.id
    _mail_author(experience, _l("Je ervaring is niet geplaatst"), "experience_rejected", reason=reason)


def _mail_author(experience: Experience, subject, template: str, **context) -> None:
    author = experience.author
    if author is None:
        return
    queue_mail(
        author.email,
        subject,
        template,
        locale=author.locale,
        user=author,
        experience=experience,
        link=absolute_url("experiences.show", experience_id=experience.id, slug=experience.slug),
        mine_link=absolute_url("experiences.mine"),
        **context,
    )


# --- herkenbaar -------------------------------------------------------------------------------


def has_recognised(user: User, experience: Experience) -> bool:
    if not user.is_authenticated:
        return False
    return bool(
        db.session.scalar(
            select(Recognition.id).where(Recognition.user_id == user.id, Recognition.experience_id == experience.id)
        )
    )


def toggle_recognition(user: User, experience: Experience) -> bool:
    """One 'herkenbaar' per person per experience; a second press takes it back. Returns the new state."""
    if not experience.is_public:
        raise ExperienceError(_l("Deze ervaring is nog niet geplaatst."))
    existing = db.session.scalar(
        select(Recognition).where(Recognition.user_id == user.id, Recognition.experience_id == experience.id)
    )
    if existing is not None:
        db.session.delete(existing)
        _count_recognition(experience.id, -1)
        db.session.commit()
        return False
    db.session.add(Recognition(user_id=user.id, experience_id=experience.id))
    try:
        db.session.flush()
    except IntegrityError:
        # A double click: the unique constraint saw the first one.
        db.session.rollback()
        return True
    _count_recognition(experience.id, +1)
    db.session.commit()
    return True


def _count_recognition(experience_id: int, step: int) -> None:
    db.session.execute(
        update(Experience)
        .where(Experience.id == experience_id)
        .values(recognition_count=Experience.recognition_count + step)
        .execution_options(synchronize_session=False)
    )


def experiences_of(author: User) -> list[Experience]:
    """The author's own experiences, in every state, newest first."""
    return list(
        db.session.scalars(
            select(Experience).where(Experience.author_id == author.id).order_by(Experience.created_at.desc())
        )
    )
