"""Reading approved experiences: filtered lists, pillar pages, feeds and the API."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from wijkstem.clock import iso_utc
from wijkstem.extensions import cache, db
from wijkstem.models import Experience, Municipality, Pillar
from wijkstem.models.experiences import APPROVED, COULD_BE_BETTER, GOES_WELL, ExperiencePhoto, experience_pillars
from wijkstem.pagination import Page, paginate
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL, RESIDENT
from wijkstem.services.discussion import comments
from wijkstem.services.experiences import experience_search
from wijkstem.subjects import Subject

PER_PAGE = 20
EXCERPT_LENGTH = 240

# URL values are Dutch and part of shared links: never change them.
KIND_SLUGS = {"wat-goed-gaat": GOES_WELL, "wat-beter-kan": COULD_BE_BETTER}
KIND_LABELS = {GOES_WELL: _l("Wat goed gaat"), COULD_BE_BETTER: _l("Wat beter kan")}
PERSPECTIVE_SLUGS = {"bewoner": RESIDENT, "beroepskracht": PROFESSIONAL, "politicus": POLITICIAN}
PERSPECTIVE_NOUNS = {
    RESIDENT: _l("een bewoner"),
    PROFESSIONAL: _l("een beroepskracht"),
    POLITICIAN: _l("een politicus"),
}


@dataclass
class ExperienceFilter:
    """What a reader asked for; every field comes from the query string of a shareable URL."""

    municipality: Municipality | None = None
    province: str | None = None
    pillar: Pillar | None = None
    kind: str | None = None
    perspective: str | None = None
    query: str = ""

    @property
    def cache_key(self) -> str:
        """The same for the same filter (the words as searched), for a count kept a few seconds."""
        return repr(
            (
                self.municipality.id if self.municipality else None,
                self.province,
                self.pillar.id if self.pillar else None,
                self.kind,
                self.perspective,
                experience_search.WORD.findall(self.query or "")[:12],
            )
        )

    @property
    def is_empty(self) -> bool:
        return not (self.municipality or self.province or self.pillar or self.kind or self.perspective or self.query)


def provinces() -> list[str]:
    return list(db.session.scalars(select(Municipality.province).distinct().order_by(Municipality.province)))


def _approved() -> Select:
    return (
        select(Experience)
        .where(Experience.status == APPROVED, Experience.hidden_at.is_(None))
        .options(
            selectinload(Experience.pillars),
            # The list shows a thumbnail: its address and size, never the image bytes.
            selectinload(Experience.photo).load_only(ExperiencePhoto.id, ExperiencePhoto.content_type),
        )
        .order_by(Experience.approved_at.desc(), Experience.id.desc())
    )


def _filtered(wanted: ExperienceFilter) -> Select:
    statement = _approved()
    if wanted.municipality is not None:
        statement = statement.where(Experience.municipality_id == wanted.municipality.id)
    if wanted.province:
        in_province = select(Municipality.id).where(Municipality.province == wanted.province)
        statement = statement.where(Experience.municipality_id.in_(in_province))
    if wanted.pillar is not None:
        # EXISTS, not IN: the database walks the newest-first index and stops after one page.
        about_pillar = select(experience_pillars.c.experience_id).where(
            experience_pillars.c.experience_id == Experience.id, experience_pillars.c.pillar_id == wanted.pillar.id
        )
        statement = statement.where(about_pillar.exists())
    if wanted.kind:
        statement = statement.where(Experience.kind == wanted.kind)
    if wanted.perspective:
        statement = statement.where(Experience.author_perspective == wanted.perspective)
    clause = experience_search.matches(wanted.query)
    if clause is not None:
        statement = statement.where(clause)
    return statement


def approved_experiences(wanted: ExperienceFilter, page: int = 1, per_page: int = PER_PAGE) -> Page[Experience]:
    """Newest approved first; the total is counted once per PAGE_CACHE_SECONDS for the same filter."""
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return paginate(_filtered(wanted), page, per_page)
    statement = _filtered(wanted)
    # Counting walks every matching row (20,000 unfiltered, thousands for a common word), on each
    # request of each page; the count may lag by as much as the pages kept for visitors do.
    key = f"experience-count:{wanted.cache_key}"
    total = cache.get(key)
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
        cache.set(key, total, timeout=seconds)
    number = max(page, 1)
    items = db.session.scalars(statement.limit(per_page).offset((number - 1) * per_page)).all()
    return Page.counted(items, number, total, per_page)


def latest_experiences_for_pillar(pillar: Pillar, limit: int = 3) -> list[Experience]:
    """For the pillar page: the newest approved experiences about this pillar."""
    return list(db.session.scalars(_filtered(ExperienceFilter(pillar=pillar)).limit(limit)))


def latest_experiences_for_municipality(municipality: Municipality, limit: int = 3) -> list[Experience]:
    """For the municipality page and its print version: the newest approved experiences there."""
    return list(db.session.scalars(_filtered(ExperienceFilter(municipality=municipality)).limit(limit)))


def approved_for_municipality(municipality: Municipality) -> list[Experience]:
    """Every approved, visible experience of one place, newest first (the open data download)."""
    return list(db.session.scalars(_approved().where(Experience.municipality_id == municipality.id)))


def feed_experiences(municipality: Municipality | None = None, limit: int = 50) -> list[Experience]:
    return list(db.session.scalars(_filtered(ExperienceFilter(municipality=municipality)).limit(limit)))


def excerpt(experience: Experience, length: int = EXCERPT_LENGTH) -> str:
    story = " ".join(experience.story.split())
    if len(story) <= length:
        return story
    return story[:length].rsplit(" ", 1)[0] + "…"


def author_line(experience: Experience) -> str:
    """The name, or 'een bewoner uit Utrecht' when the author hides it or is gone."""
    if experience.shows_author_name and experience.author is not None:
        return experience.author.display_name
    noun = PERSPECTIVE_NOUNS.get(experience.author_perspective, PERSPECTIVE_NOUNS[RESIDENT])
    return str(_l("%(who)s uit %(place)s", who=noun, place=experience.municipality.name))


def comment_counts(experiences: list[Experience]) -> dict[int, int]:
    """Visible comments per experience, in one query."""
    return comments.comment_counts(Subject.EXPERIENCE, [experience.id for experience in experiences])


def api_item(experience: Experience, url: str, comment_count: int = 0) -> dict:
    """One approved experience for the public API: never an e-mail address or pending text."""
    return {
        "id": experience.id,
        "title": experience.title,
        "excerpt": excerpt(experience),
        "municipality": {"code": experience.municipality.code, "name": experience.municipality.name},
        "wijk": experience.wijk,
        "pillars": [pillar.slug for pillar in experience.pillars],
        "kind": experience.kind,
        "herkenbaar_count": experience.recognition_count,
        "comment_count": comment_count,
        "created_at": iso_utc(experience.created_at),
        "approved_at": iso_utc(experience.approved_at),
        "url": url,
    }
