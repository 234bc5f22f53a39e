"""Statements and their answers (Eens / Oneens / Weet ik niet), the voting round and the common ground
between residents, professionals and politicians. What other areas may call is named here."""

from wijkstem.services.statements.counters import forget_votes, recount_votes, recount_votes_for_user
from wijkstem.services.statements.votes import (
    NotAllowed,
    OwnStatement,
    StatementGone,
    StatementRef,
    VoteError,
    answer_statement,
    export_votes,
)

__all__ = [
    "NotAllowed",
    "OwnStatement",
    "StatementGone",
    "StatementRef",
    "VoteError",
    "answer_statement",
    "export_votes",
    "forget_votes",
    "recount_votes",
    "recount_votes_for_user",
]
