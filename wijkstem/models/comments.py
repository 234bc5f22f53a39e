from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.clock import utcnow
from wijkstem.extensions import Model
from wijkstem.models.accounts import User
from wijkstem.models.content import Point

# hidden_reason of a comment held back until a moderator has looked at it (see services.discussion.comment_review)
HELD_FOR_REVIEW = "review"


class Comment(Model):
    """A reaction on any subject (a pillar, later an experience), with one level of replies."""

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_subject", "subject_type", "subject_id", "created_at"),
        # Replies only: SQLite would otherwise take "parent_id IS NULL" as selective and sort a whole thread.
        Index(
            "ix_comments_parent_id",
            "parent_id",
            sqlite_where=text("parent_id IS NOT NULL"),
            postgresql_where=text("parent_id IS NOT NULL"),
        ),
        # One per sort order of the thread, over top-level comments only (partial, so PostgreSQL
        # reads them in order too): a keyset page reads ~20 entries whatever the number of comments.
        Index(
            "ix_comments_thread_time",
            "subject_type",
            "subject_id",
            "created_at",
            "id",
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        Index(
            "ix_comments_thread_helpful",
            "subject_type",
            "subject_id",
            "helpful_count",
            "created_at",
            "id",
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    point_id: Mapped[int | None] = mapped_column(ForeignKey("points.id", ondelete="SET NULL"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(40))
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)

    author: Mapped[User | None] = relationship()
    point: Mapped[Point | None] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_held(self) -> bool:
        return self.hidden_at is not None and self.hidden_reason == HELD_FOR_REVIEW


class HelpfulMark(Model):
    """Someone found a comment "waardevol"; one per person per comment."""

    __tablename__ = "helpful_marks"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CommentCounter(Model):
    """Visible comments (replies included) per subject and point; pages read these, never count comments.

    point_key is the point's id, or 0 for comments about the subject as a whole. Moved in the same
    transaction as each comment that appears or disappears (services/discussion/comment_counts.py).
    """

    __tablename__ = "comment_counters"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "point_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    point_key: Mapped[int] = mapped_column(Integer, default=0)
    count: Mapped[int] = mapped_column(Integer, default=0)
