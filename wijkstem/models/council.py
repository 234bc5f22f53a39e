"""Closing the loop with the council: official responses, griffie marks, milestones, follows and digests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.clock import utcnow
from wijkstem.extensions import Model
from wijkstem.models.accounts import User
from wijkstem.models.content import Pillar
from wijkstem.models.places import Municipality

RESPONSE = "response"
MOTION = "motion"
DECISION = "decision"
RESPONSE_KINDS = (RESPONSE, MOTION, DECISION)

# Whose voice a response is: one member's reaction, or an answer on behalf of the whole council.
MEMBER = "member"
COUNCIL = "council"
VOICES = (MEMBER, COUNCIL)

# What a CouncilClerk mark means: the griffie itself, or someone it (or a moderator) lets speak for the council.
GRIFFIE = "griffie"
SPOKESPERSON = "spokesperson"

# The public status of the manifesto at a council, in order.
OFFERED = "aangeboden"
ON_AGENDA = "geagendeerd"
DISCUSSED = "besproken"
DECIDED = "besluit"
STATUS_STEPS = (OFFERED, ON_AGENDA, DISCUSSED, DECIDED)


class CouncilClerk(Model):
    """A moderator marked this person as the griffie of a municipality (role griffie), or the griffie or a
    moderator marked them as speaking for the council (role spokesperson); revoked_at ends it."""

    __tablename__ = "council_clerks"
    __table_args__ = (UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    role: Mapped[str] = mapped_column(String(20), default=GRIFFIE, server_default=GRIFFIE)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    municipality: Mapped[Municipality] = relationship()


class CouncilResponse(Model):
    """What the council did: a response, a motion or a decision, published by a verified respondent.

    Who responded is kept as it was verified when it was published (name, role, party or body);
    every edit keeps the earlier text as a CouncilResponseRevision.
    """

    __tablename__ = "council_responses"
    __table_args__ = (Index("ix_council_responses_place_date", "municipality_id", "happened_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=RESPONSE)
    voice: Mapped[str] = mapped_column(String(20), default=MEMBER, server_default=MEMBER)
    respondent_name: Mapped[str] = mapped_column(String(80))
    respondent_role: Mapped[str] = mapped_column(String(40))
    respondent_body: Mapped[str | None] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    document_url: Mapped[str | None] = mapped_column(String(500))
    happened_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(40))

    author: Mapped[User | None] = relationship()
    municipality: Mapped[Municipality] = relationship()

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class CouncilResponseRevision(Model):
    """An earlier version of a council response, kept when it was edited."""

    __tablename__ = "council_response_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("council_responses.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    document_url: Mapped[str | None] = mapped_column(String(500))
    happened_on: Mapped[date] = mapped_column(Date)
    written_at: Mapped[datetime] = mapped_column(DateTime)
    replaced_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CouncilStatusStep(Model):
    """One step the council took with the manifesto (aangeboden, geagendeerd, besproken, besluit), with its
    date and an optional link to the council document; set by the griffie or a moderator, audited."""

    __tablename__ = "council_status_steps"
    __table_args__ = (UniqueConstraint("municipality_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date)
    document_url: Mapped[str | None] = mapped_column(String(500))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Milestone(Model):
    """A municipality reached a threshold of local support; recorded once, never again."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("municipality_id", "threshold"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    threshold: Mapped[int] = mapped_column(Integer)
    reached_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class Follow(Model):
    """Someone wants to hear what changes for a municipality or a pillar ("Houd me op de hoogte")."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id"),
        UniqueConstraint("user_id", "pillar_id"),
        CheckConstraint("(municipality_id IS NULL) <> (pillar_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    pillar_id: Mapped[int | None] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    municipality: Mapped[Municipality | None] = relationship()
    pillar: Mapped[Pillar | None] = relationship()


class Digest(Model):
    """One digest mail to one person for one period; the unique key makes the weekly job idempotent."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("user_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))  # ISO week, e.g. 2026-W48
    covers_from: Mapped[datetime] = mapped_column(DateTime)
    covers_until: Mapped[datetime] = mapped_column(DateTime)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    summary: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
