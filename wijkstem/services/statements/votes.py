"""Answering a statement: Eens, Oneens or Weet ik niet; one answer per person, changeable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Row, select, text, true
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


# What comment_is_statement reads, and who wrote it.
_STATEMENT_CHECK_COLUMNS = (
    Comment.subject_type,
    Comment.subject_id,
    Comment.parent_id,
    Comment.deleted_at,
    Comment.hidden_at,
    Comment.author_id,
)


def comment_is_statement(comment: Comment | Row, pillar_id: int) -> bool:
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


def _locking_the_person(query, user: User):
    """PostgreSQL: the same query, also locking the person's row (as people_counters.lock_person), so
    the lock costs no round trip of its own; the statement after it sees the person's last answer."""
    if not _on_postgresql():
        return query
    me = select(User.id).where(User.id == user.id).with_for_update(key_share=True).subquery("me")
    return query.join(me, true())


def _statement_id_for(user: User, pillar: Pillar, ref: StatementRef) -> int:
    """The statement row's id for this point or comment, made on its first answer. The point or
    comment and its statement come in one query (a LEFT JOIN), which on PostgreSQL also locks the person."""
    if ref.kind == POINT:
        point_row = db.session.execute(
            _locking_the_person(
                select(Point.pillar_id, Statement.id).outerjoin(Statement, Statement.point_id == Point.id), user
            ).where(Point.id == ref.id)
        ).first()
        if point_row is None or point_row[0] != pillar.id:
            raise StatementGone(_l("Deze stelling bestaat niet meer."))
        statement_id, keys = point_row[1], {"point_id": ref.id}
    else:
        # Only the columns the checks read, not the whole comment: this is the busiest POST's query.
        comment_row = db.session.execute(
            _locking_the_person(
                select(*_STATEMENT_CHECK_COLUMNS, Statement.id.label("statement_id")).outerjoin(
                    Statement, Statement.comment_id == Comment.id
                ),
                user,
            ).where(Comment.id == ref.id)
        ).first()
        if comment_row is None or not comment_is_statement(comment_row, pillar.id):
            raise StatementGone(_l("Deze reactie is niet meer te zien."))
        if comment_row.author_id == user.id:
            raise OwnStatement(_l("Je kunt niet stemmen over je eigen reactie."))
        statement_id, keys = comment_row.statement_id, {"comment_id": ref.id}
    if statement_id is not None:
        return int(statement_id)
    dialect = postgresql if _on_postgresql() else sqlite
    made = db.session.scalar(
        dialect.insert(Statement)
        .values(pillar_id=pillar.id, created_at=utcnow(), **keys)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(Statement.id)
    )
    if made is not None:
        return int(made)
    column = Statement.point_id if ref.kind == POINT else Statement.comment_id
    return int(db.session.scalars(select(Statement.id).where(column == ref.id)).one())  # made by a parallel tab


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


# The answer POST on PostgreSQL: after the person's row is locked (_statement_id_for locks it, so
# two tabs of one person take turns and this statement's snapshot holds their last answer), ONE
# statement inserts the answer or changes it, and moves the counter rows: +1 under the new choice,
# and on a change -1 under the old one, both under the key the answer is counted under (kept on the
# row). The same answer twice changes nothing (the WHERE of DO UPDATE) and moves nothing.
_ANSWER_PG = text(
    """WITH old AS (
  SELECT choice FROM statement_votes WHERE statement_id = :statement_id AND user_id = :user_id
), changed AS (
  INSERT INTO statement_votes (statement_id, user_id, choice, created_at, counted_perspective,
                               counted_municipality_id)
  VALUES (:statement_id, :user_id, :choice, :now, :perspective, :municipality_id)
  ON CONFLICT (statement_id, user_id)
  DO UPDATE SET choice = excluded.choice, changed_at = excluded.created_at
  WHERE statement_votes.choice <> excluded.choice
  RETURNING statement_id, choice, counted_perspective, counted_municipality_id
), moves AS (
  SELECT statement_id, counted_perspective, counted_municipality_id, choice, 1 AS delta FROM changed
  UNION ALL
  SELECT changed.statement_id, changed.counted_perspective, changed.counted_municipality_id, old.choice, -1
  FROM changed CROSS JOIN old
), counter AS (
  INSERT INTO statement_vote_counters (statement_id, perspective, municipality_id, choice, count)
  SELECT statement_id, counted_perspective, counted_municipality_id, choice, delta FROM moves
  WHERE counted_perspective IS NOT NULL AND counted_municipality_id IS NOT NULL
  ON CONFLICT (statement_id, perspective, municipality_id, choice)
  DO UPDATE SET count = statement_vote_counters.count + excluded.count
)
SELECT count(*) FROM changed"""
)


def _answer_in_one_statement(user: User, statement_id: int, choice: str) -> bool:
    """PostgreSQL: insert or change the answer and move its counters; False when nothing changed."""
    key = vote_key(user)
    parameters = {
        "statement_id": statement_id,
        "user_id": user.id,
        "choice": choice,
        "now": utcnow(),
        "perspective": key[0] if key else None,
        "municipality_id": key[1] if key else None,
    }
    return bool(db.session.execute(_ANSWER_PG, parameters).scalar())


def _answer(user: User, statement_id: int, choice: str) -> bool:
    """SQLite (one writer at a time): read the answer, then insert or change it and move the counters."""
    mine = select(StatementVote).where(StatementVote.statement_id == statement_id, StatementVote.user_id == user.id)
    vote = db.session.scalar(mine.with_for_update())
    if vote is None:
        key = vote_key(user)
        try:
            with db.session.begin_nested():
                db.session.add(
                    StatementVote(
                        statement_id=statement_id,
                        user_id=user.id,
                        choice=choice,
                        created_at=utcnow(),
                        counted_perspective=key[0] if key else None,
                        counted_municipality_id=key[1] if key else None,
                    )
                )
        except IntegrityError:
            # The same answer from a parallel tab: change that one instead.
            vote = db.session.scalars(mine.with_for_update()).one()
        else:
            move_vote(statement_id, key, choice, +1)
            return True
    if vote.choice == choice:
        return False
    key = counted_key(vote)
    move_vote(statement_id, key, vote.choice, -1)
    move_vote(statement_id, key, choice, +1)
    vote.choice = choice
    vote.changed_at = utcnow()
    return True


def answer_statement(user: User, pillar: Pillar, ref: StatementRef, choice: str) -> bool:
    """One answer per person per statement, changeable, never on their own comment; the counters
    move in the same transaction. Commits; True when the answer is new or changed."""
    _check_may_vote(user)
    if choice not in CHOICES:
        raise VoteError(_l("Kies Eens, Oneens of Weet ik niet."))
    statement_id = _statement_id_for(user, pillar, ref)
    if _on_postgresql():
        changed = _answer_in_one_statement(user, statement_id, choice)
    else:
        changed = _answer(user, statement_id, choice)
    db.session.commit()
    return changed


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
