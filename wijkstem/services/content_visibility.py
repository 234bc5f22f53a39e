"""Hiding and restoring what people wrote (comments, experiences), and what blocking someone does.

Every hidden item carries a reason code, so that each decision undoes only its own hiding:
lifting a block brings back what the block hid, never what reports or a moderator hid.
"""

from __future__ import annotations

from sqlalchemy import select, update

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, CouncilResponse, Experience, User
from wijkstem.services.comments import COMMENT
from wijkstem.services.council_responses import COUNCIL_RESPONSE
from wijkstem.services.experience_moderation import EXPERIENCE
from wijkstem.services.reports import HIDDEN_BY_REPORTS
from wijkstem.signals import user_blocked, user_unblocked

BY_REPORTS = HIDDEN_BY_REPORTS
BY_MODERATOR = "moderator"
BY_BLOCK = "blocked"

MODELS = {COMMENT: Comment, EXPERIENCE: Experience, COUNCIL_RESPONSE: CouncilResponse}


def is_hidden(subject_type: str, subject_id: int) -> bool:
    model = MODELS[subject_type]
    return db.session.scalar(select(model.hidden_at).where(model.id == subject_id)) is not None


def hide_for(subject_type: str, subject_id: int, code: str) -> None:
    """Hidden now for this reason (it keeps the moment it was first hidden). Does not commit."""
    model = MODELS[subject_type]
    db.session.execute(
        update(model)
        .where(model.id == subject_id)
        .values(hidden_at=db.func.coalesce(model.hidden_at, utcnow()), hidden_reason=code)
        .execution_options(synchronize_session="fetch")
    )


def show_again(subject_type: str, subject_id: int) -> None:
    """Visible again, whatever hid it. Does not commit."""
    model = MODELS[subject_type]
    db.session.execute(
        update(model)
        .where(model.id == subject_id)
        .values(hidden_at=None, hidden_reason=None)
        .execution_options(synchronize_session="fetch")
    )


@user_blocked.connect
def _follow_block(user: User, hide_content: bool = False, **_extra) -> None:
    if hide_content:
        for model in MODELS.values():
            db.session.execute(
                update(model)
                .where(model.author_id == user.id, model.hidden_at.is_(None))
                .values(hidden_at=utcnow(), hidden_reason=BY_BLOCK)
                .execution_options(synchronize_session="fetch")
            )


@user_unblocked.connect
def _follow_unblock(user: User, **_extra) -> None:
    for model in MODELS.values():
        db.session.execute(
            update(model)
            .where(model.author_id == user.id, model.hidden_reason == BY_BLOCK)
            .values(hidden_at=None, hidden_reason=None)
            .execution_options(synchronize_session="fetch")
        )
