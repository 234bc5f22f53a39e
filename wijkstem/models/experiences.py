"""Local experiences: what goes well, or could be better, in a neighbourhood. Pre-moderated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DDL,
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.clock import utcnow
from wijkstem.extensions import Model, db
from wijkstem.models.accounts import User
from wijkstem.models.content import Pillar
from wijkstem.models.places import Municipality

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"

GOES_WELL = "goes-well"
COULD_BE_BETTER = "could-be-better"
KINDS = (GOES_WELL, COULD_BE_BETTER)

# Search indexes made by hand (FTS5 on SQLite; on PostgreSQL a stored tsvector column with a GIN index):
# no model describes them, so autogenerate must leave them alone (see extensions.managed_by_models).
SEARCH_TABLE = "experience_search"
SEARCH_INDEX = "ix_experiences_fulltext"
# Stored, not computed per row at query time: a common word matches most rows, and recomputing
# to_tsvector for each took ~55 µs a row (a second for a count over 20,000 experiences).
SEARCH_VECTOR = "experience_search_vector"
db.metadata.info.setdefault("unmanaged_prefixes", set()).update({SEARCH_TABLE, SEARCH_INDEX, SEARCH_VECTOR})

CREATE_SEARCH_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5(title, story, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
DROP_SEARCH_TABLE = f"DROP TABLE IF EXISTS {SEARCH_TABLE}"
# services/experiences/experience_search.py searches this column.
ADD_SEARCH_VECTOR = (
    f"ALTER TABLE experiences ADD COLUMN IF NOT EXISTS {SEARCH_VECTOR} tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, title || ' ' || story)) STORED"
)
CREATE_SEARCH_INDEX = f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX}_stored ON experiences USING gin ({SEARCH_VECTOR})"

experience_pillars = Table(
    "experience_pillars",
    db.metadata,
    Column("experience_id", ForeignKey("experiences.id", ondelete="CASCADE"), primary_key=True),
    Column("pillar_id", ForeignKey("pillars.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class ExperiencePhoto(Model):
    """A re-encoded photo, kept in the database so every app server can serve it.

    A photo without an experience or revision pointing at it is a draft upload of its owner.
    """

    __tablename__ = "experience_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(30))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/webp": "webp"}.get(self.content_type, "jpg")


class Experience(Model):
    __tablename__ = "experiences"
    # The lists read approved, visible experiences newest first along this index, checking each
    # against the other filters, so the first page does not sort every experience.
    __table_args__ = (Index("ix_experiences_listing", "status", "hidden_at", "approved_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the author deleted their account and chose to keep the experience, anonymised.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The perspective when it was written: shown and filtered on, also after the account is gone.
    author_perspective: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(140))
    story: Mapped[str] = mapped_column(Text)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    wijk: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("experience_photos.id", ondelete="SET NULL"))
    photo_alt: Mapped[str | None] = mapped_column(String(250))
    recognition_count: Mapped[int] = mapped_column(Integer, default=0)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # Hidden after reports, by a moderator or because its author was blocked; the reason says which,
    # so that lifting a block brings back only what the block hid.
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(40))

    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    municipality: Mapped[Municipality] = relationship(lazy="joined")
    pillars: Mapped[list[Pillar]] = relationship(secondary=experience_pillars, order_by=Pillar.position)
    photo: Mapped[ExperiencePhoto | None] = relationship(foreign_keys=[photo_id])
    revision: Mapped[ExperienceRevision | None] = relationship(
        back_populates="experience", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_approved(self) -> bool:
        return self.status == APPROVED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        """Everyone sees it: approved and not hidden."""
        return self.status == APPROVED and self.hidden_at is None

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == REJECTED

    @property
    def has_pending_revision(self) -> bool:
        return self.revision is not None and self.revision.status == PENDING

    @property
    def shows_author_name(self) -> bool:
        return self.author is not None and self.author.show_name


class ExperienceRevision(Model):
    """An edit of an approved experience, waiting for a moderator; the approved text stays visible."""

    __tablename__ = "experience_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    story: Mapped[str] = mapped_column(Text)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    wijk: Mapped[str | None] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    pillar_ids: Mapped[list] = mapped_column(JSON, default=list)
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("experience_photos.id", ondelete="SET NULL"))
    photo_alt: Mapped[str | None] = mapped_column(String(250))
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    experience: Mapped[Experience] = relationship(back_populates="revision")
    municipality: Mapped[Municipality] = relationship()
    photo: Mapped[ExperiencePhoto | None] = relationship(foreign_keys=[photo_id])

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING


class Recognition(Model):
    """'Herkenbaar': one per person per experience, counted in Experience.recognition_count."""

    __tablename__ = "experience_recognitions"
    __table_args__ = (UniqueConstraint("experience_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experience_id: Mapped[int] = mapped_column(ForeignKey("experiences.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# Tables made by create_all (tests) get the same search index the migration makes.
event.listen(Experience.__table__, "after_create", DDL(CREATE_SEARCH_TABLE).execute_if(dialect="sqlite"))
event.listen(Experience.__table__, "after_drop", DDL(DROP_SEARCH_TABLE).execute_if(dialect="sqlite"))
event.listen(Experience.__table__, "after_create", DDL(ADD_SEARCH_VECTOR).execute_if(dialect="postgresql"))
event.listen(Experience.__table__, "after_create", DDL(CREATE_SEARCH_INDEX).execute_if(dialect="postgresql"))
