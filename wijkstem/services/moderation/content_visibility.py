"""Hiding and showing what people wrote (comments, experiences): the only code that does either.

Every hidden item carries a reason code, so that each decision undoes only its own hiding:
lifting a block brings back what the block hid, never what reports or a moderator hid.
A moderator's decision replaces any earlier reason; any other reason only hides what is visible.
Nothing here commits: the service deciding to hide commits with its own changes. The comment
counters (services.discussion.comment_counts) move here too, in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import update

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, User
from wijkstem.models.comments import HELD_FOR_REVIEW
from wijkstem.services.discussion import comment_counts
from wijkstem.subjects import REPORTABLE, Subject

BY_REPORTS = "reports"
BY_MODERATOR = "moderator"
BY_BLOCK = "blocked"
BY_REVIEW = HELD_FOR_REVIEW  # a new comment waits for a moderator (see services.discussion.comment_review)
REASONS = (BY_REPORTS, BY_MODERATOR, BY_BLOCK, BY_REVIEW)

HIDEABLE = REPORTABLE


def _model(subject: str):
    subject = Subject(subject)
    if subject not in HIDEABLE:
        raise ValueError(f"{subject} cannot be hidden")
    return subject.model


def hide(subject: str, subject_id: int, code: str) -> None:
    """Hidden for this reason (keeping the moment it was first hidden)."""
    if code not in REASONS:
        raise ValueError(f"unknown reason {code!r}")
    model = _model(subject)
    if model is Comment:
        comment_counts.before_hiding(Comment.id == subject_id)
    query = update(model).where(model.id == subject_id)
    if code == BY_MODERATOR:
        query = query.values(hidden_at=db.func.coalesce(model.hidden_at, utcnow()), hidden_reason=code)
    else:
        query = query.where(model.hidden_at.is_(None)).values(hidden_at=utcnow(), hidden_reason=code)
    db.session.execute(query.execution_options(synchronize_session="fetch"))


def show_again(subject: str, subject_id: int) -> None:
    """Visible again, whatever hid it, except a block: only unblocking its author lifts that."""
    model = _model(subject)
    if model is Comment:
        comment_counts.before_showing(Comment.id == subject_id, Comment.hidden_reason.is_distinct_from(BY_BLOCK))
    db.session.execute(
        update(model)
        .where(model.id == subject_id, model.hidden_reason.is_distinct_from(BY_BLOCK))
        .values(hidden_at=None, hidden_reason=None)
        .execution_options(synchronize_session="fetch")
    )


def hold_for_review(comment: Comment) -> None:
    """A comment not yet stored waits for a moderator before anyone but its writer sees it."""
    comment.hidden_at = utcnow()
    comment.hidden_reason = BY_REVIEW


def follow_block(user: User, hide_content: bool) -> None:
    """A moderator blocked this person and chose whether what they wrote is hidden too."""
    if not hide_content:
        return
    comment_counts.before_hiding(Comment.author_id == user.id)
    for subject in HIDEABLE:
        model = subject.authored_model
        db.session.execute(
            update(model)
            .where(model.author_id == user.id, model.hidden_at.is_(None))
            .values(hidden_at=utcnow(), hidden_reason=BY_BLOCK)
            .execution_options(synchronize_session="fetch")
        )


def follow_unblock(user: User) -> None:
    """Lifting a block brings back only what the block hid."""
    comment_counts.before_showing(Comment.author_id == user.id, Comment.hidden_reason == BY_BLOCK)
    for subject in HIDEABLE:
        model = subject.authored_model
        db.session.execute(
            update(model)
            .where(model.author_id == user.id, model.hidden_reason == BY_BLOCK)
            .values(hidden_at=None, hidden_reason=None)
            .execution_options(synchronize_session="fetch")
        )
