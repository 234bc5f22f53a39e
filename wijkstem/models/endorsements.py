from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.clock import utcnow
from wijkstem.extensions import Model
from wijkstem.models.accounts import User
from wijkstem.models.content import Pillar


class Endorsement(Model):
    """One person standing behind one pillar ("steunen")."""

    __tablename__ = "endorsements"
    __table_args__ = (
        UniqueConstraint("user_id", "pillar_id"),
        Index("ix_endorsements_pillar_created", "pillar_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"))
    motivation: Mapped[str | None] = mapped_column(String(280))
    via_code: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The counter key this endorsement is counted under right now (None: not counted, e.g. blocked),
    # so a later change of perspective, municipality, verification or block moves it correctly.
    counted_perspective: Mapped[str | None] = mapped_column(String(20))
    counted_municipality_id: Mapped[int | None] = mapped_column(Integer)
    counted_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the person was counted as named (verified and showing their name) in PeopleCounter.
    counted_named: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    user: Mapped[User] = relationship()
    pillar: Mapped[Pillar] = relationship()


class EndorsementCounter(Model):
    """How many endorse a pillar, per perspective x municipality x verified; pages read these."""

    __tablename__ = "endorsement_counters"
    __table_args__ = (UniqueConstraint("pillar_id", "perspective", "municipality_id", "verified"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"))
    perspective: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    verified: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(Integer, default=0)


class PeopleCounter(Model):
    """How many people from a municipality endorse at least one pillar, each counted once, per
    perspective x verified x named (verified and showing their name); the headline number of a
    municipality. Moved in the same transaction as the endorsement that makes or ends a supporter."""

    __tablename__ = "people_counters"
    __table_args__ = (UniqueConstraint("municipality_id", "perspective", "verified", "named"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    perspective: Mapped[str] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean)
    named: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(Integer, default=0)


class PendingEndorsement(Model):
    """A click on "steunen" before the e-mail address was confirmed; completed on confirmation."""

    __tablename__ = "pending_endorsements"
    __table_args__ = (UniqueConstraint("user_id", "pillar_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"))
    motivation: Mapped[str | None] = mapped_column(String(280))
    via_code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class EndorsementHourly(Model):
    """Endorsements standing now, by the hour they were given, per pillar x municipality x perspective x
    verified. Kept in step with EndorsementCounter (same transaction), so the dashboard and the time
    series read a few small grouped queries instead of every endorsement."""

    __tablename__ = "endorsement_hourly"
    __table_args__ = (
        UniqueConstraint(
            "pillar_id", "municipality_id", "perspective", "verified", "day", "hour", name="uq_endorsement_hourly_key"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    perspective: Mapped[str] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(Boolean)
    day: Mapped[date] = mapped_column(Date, index=True)
    hour: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer, default=0)
