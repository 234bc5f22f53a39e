"""The voting round "Stem over stellingen": which statement a person sees next.

Polis's order: the statement with the highest priority among those this person has not answered
(services.statements.maths.priority). The common-ground job stores each statement's priority;
a point or comment nobody answered since the last run has the priority of a new statement, so
new and little-seen statements come first. Ties: points before comments, then the oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select

from wijkstem.extensions import db
from wijkstem.models import Comment, Pillar, Point, Statement, StatementVote, User
from wijkstem.services.statements.maths import NEW_PRIORITY
from wijkstem.services.statements.votes import COMMENT, POINT, StatementRef, comment_is_statement
from wijkstem.subjects import Subject


@dataclass(frozen=True)
class RoundItem:
    ref: StatementRef
    text: str
    point_position: int | None  # "Punt 3" for a point
    author_label: str | None  # "Bewoner" for a comment


@dataclass(frozen=True)
class RoundState:
    item: RoundItem | None  # None: nothing left to answer
    remaining: int  # statements left, this one included
    answered: int  # statements of this pillar this person answered


def _comment_filter(pillar: Pillar, user: User | None):
    conditions = [
        Comment.subject_type == Subject.PILLAR,
        Comment.subject_id == pillar.id,
        Comment.parent_id.is_(None),
        Comment.deleted_at.is_(None),
        Comment.hidden_at.is_(None),
    ]
    if user is not None:
        conditions.append(Comment.author_id.is_distinct_from(user.id))
    return and_(*conditions)


def round_state(pillar: Pillar, user: User | None) -> RoundState:
    """The next statement for this person (a visitor sees the first one), with how many are left."""
    priority = func.coalesce(Statement.priority, NEW_PRIORITY)
    point_query = (
        select(Point, priority.label("priority"))
        .outerjoin(Statement, Statement.point_id == Point.id)
        .where(Point.pillar_id == pillar.id)
    )
    comment_query = (
        select(Comment, priority.label("priority"))
        .outerjoin(Statement, Statement.comment_id == Comment.id)
        .where(_comment_filter(pillar, user))
    )
    if user is not None:
        mine = exists().where(StatementVote.user_id == user.id, StatementVote.statement_id == Statement.id)
        point_query = point_query.where(~mine)
        comment_query = comment_query.where(~mine)
    best_point = db.session.execute(point_query.order_by(priority.desc(), Point.position).limit(1)).first()
    best_comment = db.session.execute(
        comment_query.order_by(priority.desc(), Comment.created_at, Comment.id).limit(1)
    ).first()
    remaining = db.session.scalar(select(func.count()).select_from(point_query.subquery())) or 0
    remaining += db.session.scalar(select(func.count()).select_from(comment_query.subquery())) or 0
    answered = 0
    if user is not None:
        answered = (
            db.session.scalar(
                select(func.count())
                .select_from(StatementVote)
                .join(Statement, Statement.id == StatementVote.statement_id)
                .where(StatementVote.user_id == user.id, Statement.pillar_id == pillar.id)
            )
            or 0
        )
    item = None
    if best_point is not None and (best_comment is None or best_point.priority >= best_comment.priority):
        point = best_point[0]
        item = RoundItem(StatementRef(POINT, point.id), point.text, point.position, None)
    elif best_comment is not None:
        comment = best_comment[0]
        label = comment.author.perspective_label if comment.author is not None else None
        item = RoundItem(StatementRef(COMMENT, comment.id), comment.body, None, label)
    return RoundState(item, remaining, answered)


def statement_item(pillar: Pillar, ref: StatementRef, user: User | None) -> RoundItem | None:
    """One chosen statement (to change an answer), if it still is one of this pillar's."""
    if ref.kind == POINT:
        point = db.session.get(Point, ref.id)
        if point is None or point.pillar_id != pillar.id:
            return None
        return RoundItem(ref, point.text, point.position, None)
    comment = db.session.get(Comment, ref.id)
    if comment is None or not comment_is_statement(comment, pillar.id):
        return None
    if user is not None and comment.author_id == user.id:
        return None
    label = comment.author.perspective_label if comment.author is not None else None
    return RoundItem(ref, comment.body, None, label)


def answer_of(user: User | None, ref: StatementRef | None) -> str | None:
    """This person's answer to the statement (agree, disagree, pass), or None."""
    if user is None or ref is None:
        return None
    column = Statement.point_id if ref.kind == POINT else Statement.comment_id
    return db.session.scalar(
        select(StatementVote.choice)
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(StatementVote.user_id == user.id, column == ref.id)
    )
