"""Comment counters: visible comments per subject and point, moved with every comment write.

A comment counts while it is neither deleted by its writer nor hidden (held for review, reported,
hidden by a moderator or a block). Whoever makes a comment appear or disappear calls one of these
in the same transaction: count_comment_shown/count_comment_hidden for one comment whose state the
caller knows, before_hiding/before_showing just before an UPDATE or DELETE of many. `flask wijkstem
recount` rebuilds the counters with recount_comments().
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from wijkstem.extensions import db
from wijkstem.models import Comment, CommentCounter

CounterKey = tuple[str, int, int]  # subject type, subject id, point id (0: the subject as a whole)


def _key(subject_type: str, subject_id: int, point_id: int | None) -> CounterKey:
    return (subject_type, subject_id, point_id or 0)


def _add(key: CounterKey, delta: int) -> None:
    if not delta:
        return
    subject_type, subject_id, point_key = key
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CommentCounter).values(
        subject_type=subject_type, subject_id=subject_id, point_key=point_key, count=delta
    )
    statement = statement.on_conflict_do_update(
        index_elements=["subject_type", "subject_id", "point_key"],
        set_={"count": CommentCounter.count + statement.excluded.count},
    )
    db.session.execute(statement)


def count_comment_shown(comment: Comment) -> None:
    """This comment just became visible (posted without being held). Does not commit."""
    _add(_key(comment.subject_type, comment.subject_id, comment.point_id), +1)


def count_comment_hidden(comment: Comment) -> None:
    """This visible comment just stopped being visible. Does not commit."""
    _add(_key(comment.subject_type, comment.subject_id, comment.point_id), -1)


def _move(delta: int, *conditions) -> None:
    # Rows locked (PostgreSQL) so two moderators hiding the same comment count it once.
    rows = db.session.execute(
        select(Comment.subject_type, Comment.subject_id, Comment.point_id).where(*conditions).with_for_update()
    )
    for key, n in Counter(_key(*row) for row in rows).items():
        _add(key, delta * n)


def before_hiding(*conditions) -> None:
    """Call just before hiding, deleting or removing the comments matching conditions: the visible
    ones among them stop counting. Does not commit."""
    _move(-1, *conditions, Comment.hidden_at.is_(None), Comment.deleted_at.is_(None))


def before_showing(*conditions) -> None:
    """Call just before making the hidden comments matching conditions visible again. Does not commit."""
    _move(+1, *conditions, Comment.hidden_at.is_not(None), Comment.deleted_at.is_(None))


def forget_subjects(subject_type: str, subject_ids: list[int]) -> None:
    """The subjects are deleted with all their comments: their counters go too. Does not commit."""
    db.session.execute(
        delete(CommentCounter).where(
            CommentCounter.subject_type == subject_type, CommentCounter.subject_id.in_(subject_ids)
        )
    )


def recount_comments() -> int:
    """Rebuild every comment counter from the comments in one grouped query; returns the total. Does not commit."""
    point_key = func.coalesce(Comment.point_id, 0)
    visible = func.sum(case((Comment.hidden_at.is_(None) & Comment.deleted_at.is_(None), 1), else_=0))
    rebuilt = select(Comment.subject_type, Comment.subject_id, point_key, visible).group_by(
        Comment.subject_type, Comment.subject_id, point_key
    )
    db.session.execute(delete(CommentCounter))
    db.session.execute(
        insert(CommentCounter).from_select(["subject_type", "subject_id", "point_key", "count"], rebuilt)
    )
    return int(db.session.scalar(select(func.coalesce(func.sum(CommentCounter.count), 0))) or 0)


def counts_by_point(subject_type: str, subject_id: int) -> dict[int | None, int]:
    """Visible comments per point of one subject (None: about the subject as a whole)."""
    rows = db.session.execute(
        select(CommentCounter.point_key, CommentCounter.count).where(
            CommentCounter.subject_type == subject_type, CommentCounter.subject_id == subject_id
        )
    )
    return {(point_key or None): count for point_key, count in rows if count}


def counts_by_subject(subject_type: str, subject_ids: list[int] | None = None) -> dict[int, int]:
    """Visible comments per subject of this type (only these subjects, when given)."""
    query = select(CommentCounter.subject_id, func.sum(CommentCounter.count)).where(
        CommentCounter.subject_type == subject_type
    )
    if subject_ids is not None:
        if not subject_ids:
            return {}
        query = query.where(CommentCounter.subject_id.in_(subject_ids))
    rows = db.session.execute(query.group_by(CommentCounter.subject_id))
    return {subject_id: int(count) for subject_id, count in rows if count}
