"""Answering a statement: Eens, Oneens or Weet ik niet; one answer per person, changeable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Pillar, Point, Statement, StatementVote, User
from wijkstem.models.statements import CHOICES
from wijkstem.services.statements.counters import counted_key, move_vote, vote_key
from wijkstem.subjects import Subject

POINT = "punt"
COMMENT = "reactie"
_REF = re.compile(r"^(punt|reactie)-(\d{1,10})$")


class VoteError(Exception):
    """A rule about answering said no; str(error) is a message for the user."""


class NotAllowed(VoteError):
    pass


class OwnStatement(VoteError):
    pass


class StatementGone(VoteError):
    pass


@dataclass(frozen=True)
class StatementRef:
    """A point or a comment, as it travels in the form: "punt-12", "reactie-345"."""

    kind: str
    id: int

    @classmethod
    def parse(cls, text: str | None) -> StatementRef | None:
        match = _REF.match(text or "")
        if not match or int(match.group(2)) >= 2**31:
            return None
        return cls(match.group(1), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.kind}-{self.id}"


def comment_is_statement(comment: Comment, pillar_id: int) -> bool:
    """Top-level, visible (approved, not hidden or removed) comments on the pillar are statements."""
    return (
        comment.subject_type == Subject.PILLAR
        and comment.subject_id == pillar_id
        and comment.parent_id is None
        and comment.deleted_at is None
        and comment.hidden_at is None
    )


def _check_may_vote(user: User) -> None:
    if user.is_blocked:
        raise NotAllowed(_l("Je account is geblokkeerd. Je kunt nu geen stellingen beantwoorden."))
    if not user.is_confirmed:
        raise NotAllowed(_l("Bevestig eerst je e-mailadres. Daarna kun je stellingen beantwoorden."))


def _statement_for(user: User, pillar: Pillar, ref: StatementRef) -> Statement:
    """The statement row for this point or comment, made on its first answer."""
    if ref.kind == POINT:
        point = db.session.get(Point, ref.id)
        if point is None or point.pillar_id != pillar.id:
            raise StatementGone(_l("Deze stelling bestaat niet meer."))
        column, keys = Statement.point_id, {"point_id": point.id}
    else:
        comment = db.session.get(Comment, ref.id)
        if comment is None or not comment_is_statement(comment, pillar.id):
            raise StatementGone(_l("Deze reactie is niet meer te zien."))
        if comment.author_id == user.id:
            raise OwnStatement(_l("Je kunt niet stemmen over je eigen reactie."))
        column, keys = Statement.comment_id, {"comment_id": comment.id}
    statement = db.session.scalar(select(Statement).where(column == ref.id))
    if statement is not None:
        return statement
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(Statement)
        .values(pillar_id=pillar.id, created_at=utcnow(), **keys)
        .on_conflict_do_nothing(index_elements=list(keys))
    )
    return db.session.scalars(select(Statement).where(column == ref.id)).one()


def answer_statement(user: User, pillar: Pillar, ref: StatementRef, choice: str) -> StatementVote:
    """One answer per person per statement, changeable, never on their own comment; the counters
    move in the same transaction."""
    _check_may_vote(user)
    if choice not in CHOICES:
        raise VoteError(_l("Kies Eens, Oneens of Weet ik niet."))
    statement = _statement_for(user, pillar, ref)
    mine = select(StatementVote).where(StatementVote.statement_id == statement.id, StatementVote.user_id == user.id)
    vote = db.session.scalar(mine.with_for_update())
    if vote is None:
        key = vote_key(user)
        try:
            with db.session.begin_nested():
                vote = StatementVote(
                    statement_id=statement.id,
                    user_id=user.id,
                    choice=choice,
                    created_at=utcnow(),
                    counted_perspective=key[0] if key else None,
                    counted_municipality_id=key[1] if key else None,
                )
                db.session.add(vote)
        except IntegrityError:
            # The same answer from a parallel tab: change that one instead.
            vote = db.session.scalars(mine.with_for_update()).one()
        else:
            move_vote(statement.id, key, choice, +1)
            db.session.commit()
            return vote
    if vote.choice != choice:
        key = counted_key(vote)
        move_vote(statement.id, key, vote.choice, -1)
        move_vote(statement.id, key, choice, +1)
        vote.choice = choice
        vote.changed_at = utcnow()
    db.session.commit()
    return vote


def export_votes(user: User) -> tuple[str, list]:
    rows = db.session.execute(
        select(StatementVote, Statement)
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(StatementVote.user_id == user.id)
        .order_by(StatementVote.created_at, StatementVote.id)
    )
    return (
        "statement_answers",
        [
            {
                "statement": str(
                    StatementRef(POINT, s.point_id) if s.point_id else StatementRef(COMMENT, s.comment_id or 0)
                ),
                "answer": vote.choice,
                "created_at": iso_utc(vote.created_at),
                "changed_at": iso_utc(vote.changed_at),
            }
            for vote, s in rows
        ],
    )
