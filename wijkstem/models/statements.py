"""Statements people answer with Eens / Oneens / Weet ik niet, and what the common-ground job stored.

A statement is a point of a pillar or a top-level comment on a pillar. Its row is made the first
time someone answers it (see services.statements.votes), so points and comments need no extra
step when they are written; deleting the point or comment deletes the statement, its votes, its
counters and its stored figures (foreign keys with ON DELETE CASCADE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wijkstem.clock import utcnow
from wijkstem.extensions import Model

AGREE = "agree"
DISAGREE = "disagree"
UNSURE = "pass"  # "Weet ik niet": seen, no opinion (Polis: pass)
CHOICES = (AGREE, DISAGREE, UNSURE)


class Statement(Model):
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"), index=True)
    point_id: Mapped[int | None] = mapped_column(ForeignKey("points.id", ondelete="CASCADE"), unique=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Written by the common-ground job: the voting round's order (Polis priority) and the comment
    # sort "Waardevol voor iedereen" (the least-convinced perspective's smoothed agreement).
    priority: Mapped[float | None] = mapped_column(Float)
    bridging: Mapped[float | None] = mapped_column(Float)


class StatementVote(Model):
    """One answer per person per statement; changeable. Counted under counted_* (None: not counted)."""

    __tablename__ = "statement_votes"
    __table_args__ = (UniqueConstraint("statement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    choice: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    counted_perspective: Mapped[str | None] = mapped_column(String(20))
    counted_municipality_id: Mapped[int | None] = mapped_column(Integer)


class StatementVoteCounter(Model):
    """Answers per statement x perspective x municipality x choice; moved in the vote's transaction."""

    __tablename__ = "statement_vote_counters"
    __table_args__ = (
        UniqueConstraint("statement_id", "perspective", "municipality_id", "choice"),
        Index("ix_statement_vote_counters_municipality_id", "municipality_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    perspective: Mapped[str] = mapped_column(String(20))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"))
    choice: Mapped[str] = mapped_column(String(10))
    count: Mapped[int] = mapped_column(Integer, default=0)


class CommonGroundResult(Model):
    """The job's figures for one pillar, nationally (scope "NL") or in one municipality (its code).

    `data` is the whole result the pages show (see services.statements.results), so a page reads
    one row and never computes statistics itself."""

    __tablename__ = "common_ground_results"
    __table_args__ = (UniqueConstraint("pillar_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(10))
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[dict] = mapped_column(JSON)
