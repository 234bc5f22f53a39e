"""Comments held for review in the moderation workspace (queue "controle"), oldest first.

Approving publishes the comment: it counts from then on and a reply notifies the writer it
answers. Rejecting keeps it hidden and tells its writer why.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wijkstem.extensions import db
from wijkstem.models import Comment, User
from wijkstem.models.comments import HELD_FOR_REVIEW
from wijkstem.services.discussion.comment_holding import count_links
from wijkstem.services.discussion.comments import notify_reply, subject_location
from wijkstem.services.moderation import audit, content_visibility
from wijkstem.services.moderation.moderation_queue import (
    APPROVE,
    NOT_FOUND,
    REJECT,
    ItemNotFound,
    ModerationError,
    QueueItem,
    QueueProvider,
    comment_reference,
    tell_author,
)
from wijkstem.subjects import Subject

QUEUE = "controle"


def _held():
    return select(Comment).where(Comment.hidden_reason == HELD_FOR_REVIEW, Comment.hidden_at.is_not(None))


def _as_item(comment: Comment) -> QueueItem:
    endpoint, values = subject_location(comment.subject_type, comment.subject_id)
    name = comment.author.display_name if comment.author else "—"
    return QueueItem(
        kind=Subject.COMMENT,
        id=comment.id,
        title=str(
            _l("Antwoord van %(name)s", name=name) if comment.parent_id else _l("Reactie van %(name)s", name=name)
        ),
        body=comment.body,
        author=comment.author,
        created_at=comment.created_at,
        note=str(_l("Nog niet te zien voor anderen")),
        facts=[(_l("Links"), str(count_links(comment.body)))],
        page=(endpoint, values),
    )


def pending_items(limit: int = 50) -> list[QueueItem]:
    rows = db.session.scalars(
        _held().options(joinedload(Comment.author)).order_by(Comment.created_at, Comment.id).limit(limit)
    )
    return [_as_item(comment) for comment in rows]


def _held_comment(item_id: int) -> Comment | None:
    return db.session.scalar(_held().where(Comment.id == item_id))


def find_item(item_id: int) -> QueueItem | None:
    comment = _held_comment(item_id)
    return _as_item(comment) if comment is not None else None


def count_pending() -> int:
    return db.session.scalar(select(func.count()).select_from(_held().subquery())) or 0


def _state(comment: Comment) -> dict:
    return {"hidden": comment.hidden_reason if comment.hidden_at else None}


def approve(moderator: User, item_id: int, reason: str | None = None) -> None:
    comment = _held_comment(item_id)
    if comment is None:
        raise ItemNotFound(NOT_FOUND)
    if comment.author is not None and comment.author.is_blocked:
        raise ModerationError(
            _l("De schrijver is geblokkeerd. Wijs deze reactie af, of deblokkeer eerst de schrijver.")
        )
    before = _state(comment)
    content_visibility.show_again(Subject.COMMENT, comment.id)
    db.session.refresh(comment)
    if comment.parent_id is not None and comment.author is not None:
        notify_reply(db.session.get_one(Comment, comment.parent_id), comment, comment.author)
    audit.record(
        moderator, "review.approve", Subject.COMMENT, comment.id, reason, before, _state(comment), about=comment.author
    )
    what, title, link = comment_reference(comment)
    subject = _l("Je reactie op ‘%(title)s’ staat online", title=title) if title else _l("Je reactie staat online")
    tell_author(comment.author, what, str(_l("geplaatst, iedereen kan hem nu lezen")), reason, link, subject)


def reject(moderator: User, item_id: int, reason: str | None = None) -> None:
    comment = _held_comment(item_id)
    if comment is None:
        raise ItemNotFound(NOT_FOUND)
    before = _state(comment)
    content_visibility.hide(Subject.COMMENT, comment.id, content_visibility.BY_MODERATOR)
    db.session.refresh(comment)
    audit.record(
        moderator, "review.reject", Subject.COMMENT, comment.id, reason, before, _state(comment), about=comment.author
    )
    what, _title, link = comment_reference(comment)
    tell_author(comment.author, what, str(_l("niet geplaatst")), reason, link)


QUEUE_PROVIDER = QueueProvider(
    name=QUEUE,
    label=_l("Reacties ter controle"),
    pending=pending_items,
    find=find_item,
    count=count_pending,
    handlers={APPROVE: approve, REJECT: reject},
    action_hints={APPROVE: _l("De reactie komt op de site, zichtbaar voor iedereen.")},
)
