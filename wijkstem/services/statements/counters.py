"""Answer counters: moved in the same transaction as the answer, read by the job and the pages.

An answer is counted under (statement, perspective, municipality, choice) of the person who gave
it, unless that person is blocked. The key it is counted under is kept on the answer row, so a
change of perspective, municipality or block moves it from the old key to the new one, as for
endorsements (services.endorsements.endorsement_counters).
"""

from __future__ import annotations

from sqlalchemy import case, delete, func, or_, select, update

from wijkstem.extensions import db
from wijkstem.models import StatementVote, StatementVoteCounter, User
from wijkstem.services.endorsements.endorsement_counters import _add_to_count, _rebuild

VoteKey = tuple[str, int]  # perspective, municipality id


def vote_key(user: User) -> VoteKey | None:
    if user.is_blocked:
        return None
    return (user.perspective, user.municipality_id)


def move_vote(statement_id: int, key: VoteKey | None, choice: str, delta: int) -> None:
    if key is None:
        return
    perspective, municipality_id = key
    _add_to_count(
        StatementVoteCounter,
        {
            "statement_id": statement_id,
            "perspective": perspective,
            "municipality_id": municipality_id,
            "choice": choice,
        },
        delta,
    )


def counted_key(vote: StatementVote) -> VoteKey | None:
    if vote.counted_perspective is None or vote.counted_municipality_id is None:
        return None
    return (vote.counted_perspective, vote.counted_municipality_id)


def recount_votes_for_user(user: User) -> None:
    """Bring this person's answers under their current perspective, place and block; call it after
    changing any of those. Does not commit."""
    key = vote_key(user)
    votes = db.session.scalars(select(StatementVote).where(StatementVote.user_id == user.id).with_for_update()).all()
    for vote in votes:
        old = counted_key(vote)
        if old == key:
            continue
        move_vote(vote.statement_id, old, vote.choice, -1)
        move_vote(vote.statement_id, key, vote.choice, +1)
        vote.counted_perspective = key[0] if key else None
        vote.counted_municipality_id = key[1] if key else None


def forget_votes(user: User) -> None:
    """On account deletion: the answers stop counting and go, and the person's comments leave the
    stored figures. Does not commit."""
    from wijkstem.services.statements.results import forget_statements_of

    forget_statements_of(user)
    rows = db.session.execute(
        delete(StatementVote)
        .where(StatementVote.user_id == user.id)
        .returning(
            StatementVote.statement_id,
            StatementVote.choice,
            StatementVote.counted_perspective,
            StatementVote.counted_municipality_id,
        )
        .execution_options(synchronize_session=False)
    ).all()
    for statement_id, choice, perspective, municipality_id in rows:
        if perspective is not None and municipality_id is not None:
            move_vote(statement_id, (perspective, municipality_id), choice, -1)
    db.session.flush()


def recount_votes() -> int:
    """Rebuild the answer counters from the answers (`flask wijkstem recount`); returns the number
    of answers counted. Set-based, like recount_all for endorsements; commits."""
    counted = User.blocked_at.is_(None)
    key = {
        "counted_perspective": case((counted, User.perspective), else_=None),
        "counted_municipality_id": case((counted, User.municipality_id), else_=None),
    }
    db.session.execute(
        update(StatementVote)
        .where(StatementVote.user_id == User.id)
        .where(or_(*(getattr(StatementVote, column).is_distinct_from(value) for column, value in key.items())))
        .values(**key)
        .execution_options(synchronize_session=False)
    )
    columns = (
        StatementVote.statement_id,
        StatementVote.counted_perspective,
        StatementVote.counted_municipality_id,
        StatementVote.choice,
    )
    _rebuild(
        StatementVoteCounter,
        ["statement_id", "perspective", "municipality_id", "choice", "count"],
        select(*columns, func.count())
        .where(StatementVote.counted_perspective.is_not(None), StatementVote.counted_municipality_id.is_not(None))
        .group_by(*columns),
    )
    total = db.session.scalar(select(func.coalesce(func.sum(StatementVoteCounter.count), 0)))
    db.session.commit()
    return int(total or 0)


def counter_table() -> dict[tuple[int, str, int, str], int]:
    """(statement, perspective, municipality, choice) -> count, leaving out zero rows (for checks)."""
    return {
        (c.statement_id, c.perspective, c.municipality_id, c.choice): c.count
        for c in db.session.scalars(select(StatementVoteCounter))
        if c.count
    }
