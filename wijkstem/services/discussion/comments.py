"""Comments ("reacties") on any subject: a pillar now, an experience later.

Every function takes (subject_type, subject_id), where subject_type is a wijkstem.subjects.Subject
that can be commented on; the Subject also knows the page that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeGuard

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, literal, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, HelpfulMark, Point, Statement, User
from wijkstem.models.comments import HELD_FOR_REVIEW
from wijkstem.pagination import Page
from wijkstem.perspectives import PERSPECTIVES
from wijkstem.services.accounts.mail import queue_mail
from wijkstem.services.discussion import comment_counts as counters
from wijkstem.services.discussion.comment_holding import must_hold
from wijkstem.services.moderation import content_visibility
from wijkstem.subjects import Subject, forget_subjects
from wijkstem.urls import absolute_url

MIN_LENGTH = 2
MAX_LENGTH = 2000
EDIT_WINDOW = timedelta(minutes=15)
PER_PAGE = 20
SORTS = ("nieuw", "oud", "waardevol", "iedereen")
# "Waardevol voor iedereen": by the least-convinced perspective's smoothed agreement with the comment,
# as the common-ground job stored it (services.statements); a comment nobody answered counts as ½.
UNANSWERED_BRIDGING = 0.5


class CommentError(Exception):
    """A rule about comments said no; str(error) is a message for the user."""


class NotConfirmed(CommentError):
    pass


class NotAllowed(CommentError):
    pass


def subject_location(subject_type: str, subject_id: int) -> tuple[str, dict]:
    """(endpoint, url values) of the page showing what a comment is about."""
    return Subject(subject_type).location(subject_id)


def _check_may_write(user: User) -> None:
    if user.is_blocked:
        raise NotAllowed(_l("Je account is geblokkeerd. Je kunt nu niet reageren."))
    if not user.is_confirmed:
        raise NotConfirmed(_l("Bevestig eerst je e-mailadres. Daarna kun je reageren."))


def _clean(body: str) -> str:
    body = (body or "").strip().replace("\r\n", "\n")
    if len(body) < MIN_LENGTH:
        raise CommentError(_l("Schrijf een reactie van minstens %(n)s tekens.", n=MIN_LENGTH))
    if len(body) > MAX_LENGTH:
        raise CommentError(_l("Je reactie mag hoogstens %(n)s tekens lang zijn.", n=format_decimal(MAX_LENGTH)))
    return body


def post_comment(author: User, subject_type: str, subject_id: int, body: str, point: Point | None = None) -> Comment:
    """A new comment on a subject; a point must belong to the pillar commented on."""
    _check_may_write(author)
    body = _clean(body)
    if not Subject(subject_type).is_commentable:
        raise ValueError(f"{subject_type} cannot be commented on")
    if point is not None and (subject_type != Subject.PILLAR or point.pillar_id != subject_id):
        raise CommentError(_l("Kies een punt van deze pijler."))
    comment = Comment(
        subject_type=subject_type,
        subject_id=subject_id,
        point_id=point.id if point else None,
        author_id=author.id,
        body=body,
    )
    _hold_if_needed(comment, author)
    db.session.add(comment)
    if not comment.is_held:
        counters.count_comment_shown(comment)
    db.session.commit()
    return comment


def _hold_if_needed(comment: Comment, author: User) -> None:
    if must_hold(author, comment.body):
        content_visibility.hold_for_review(comment)


def reply_to(author: User, parent: Comment, body: str) -> Comment:
    """One level of replies: a reply to a reply joins the same thread. The writer gets a mail."""
    _check_may_write(author)
    body = _clean(body)
    top = parent if parent.parent_id is None else db.session.get_one(Comment, parent.parent_id)
    if top.is_held or parent.is_held:
        raise NotAllowed(_l("Op deze reactie kun je nog niet antwoorden."))
    reply = Comment(
        subject_type=top.subject_type,
        subject_id=top.subject_id,
        point_id=top.point_id,
        parent_id=top.id,
        author_id=author.id,
        body=body,
    )
    _hold_if_needed(reply, author)
    db.session.add(reply)
    db.session.flush()
    if not reply.is_held:  # a held reply notifies once a moderator publishes it
        counters.count_comment_shown(reply)
        notify_reply(parent, reply, author)
    db.session.commit()
    return reply


def notify_reply(parent: Comment, reply: Comment, author: User) -> None:
    recipient = parent.author
    if recipient is None or recipient.id == author.id or parent.is_deleted:
        return
    if not recipient.notify_replies or not recipient.is_confirmed or recipient.is_blocked:
        return
    endpoint, values = subject_location(reply.subject_type, reply.subject_id)
    queue_mail(
        recipient.email,
        _l("%(name)s reageerde op je reactie op wijkstem", name=author.display_name),
        "comment_reply",
        locale=recipient.locale,
        about=author,
        user=recipient,
        author=author,
        reply=reply,
        link=absolute_url(endpoint, **values) + f"#reactie-{reply.id}",
        settings_link=absolute_url("accounts.profile"),
    )


def can_edit(comment: Comment, user: User) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and comment.author_id == user.id
        and not comment.is_deleted
        and not user.is_blocked
        and utcnow() - comment.created_at <= EDIT_WINDOW
    )


def _is_signed_in(user: User | None) -> TypeGuard[User]:
    return user is not None and getattr(user, "is_authenticated", False)


def can_delete(comment: Comment, user: User | None) -> bool:
    """Only the writer removes a comment."""
    return _is_signed_in(user) and comment.author_id == user.id


def can_report(comment: Comment, user: User | None) -> bool:
    """Someone signed in reports, or finds valuable, what others wrote, never their own."""
    return _is_signed_in(user) and comment.author_id != user.id


def edit_comment(user: User, comment: Comment, body: str) -> Comment:
    """Only the writer, only within 15 minutes; the comment then shows it was edited."""
    if not can_edit(comment, user):
        raise NotAllowed(_l("Je kunt een reactie alleen in de eerste 15 minuten aanpassen."))
    body = _clean(body)
    if body != comment.body:
        comment.body = body
        comment.edited_at = utcnow()
    db.session.commit()
    return comment


def delete_comment(user: User, comment: Comment) -> None:
    """The writer removes the text; the place stays ("verwijderd door de schrijver") so replies keep context."""
    if comment.author_id != user.id:
        raise NotAllowed(_l("Je kunt alleen je eigen reacties verwijderen."))
    if not comment.is_deleted:
        counters.before_hiding(Comment.id == comment.id)
        comment.body = ""
        comment.deleted_at = utcnow()
    db.session.commit()


def toggle_helpful(user: User, comment: Comment) -> bool:
    """'Waardevol': once per person per comment, never on your own. Returns whether it is marked now."""
    if not getattr(user, "is_authenticated", False) or not user.is_confirmed or user.is_blocked:
        raise NotAllowed(_l("Log in met een bevestigd account om een reactie waardevol te vinden."))
    if comment.author_id == user.id:
        raise NotAllowed(_l("Je kunt je eigen reactie niet waardevol vinden."))
    if comment.is_deleted or comment.is_hidden:
        raise NotAllowed(_l("Deze reactie is niet meer te zien."))
    removed = db.session.execute(
        delete(HelpfulMark).where(HelpfulMark.comment_id == comment.id, HelpfulMark.user_id == user.id)
    ).rowcount  # type: ignore[attr-defined]  # a DML statement gives a CursorResult, typed as Result
    if removed:
        _add_helpful(comment.id, -removed)
        db.session.commit()
        return False
    try:
        db.session.add(HelpfulMark(comment_id=comment.id, user_id=user.id))
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # a double click: it is marked already
        return True
    _add_helpful(comment.id, +1)
    db.session.commit()
    return True


def _add_helpful(comment_id: int, delta: int) -> None:
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id)
        .values(helpful_count=Comment.helpful_count + delta)
        .execution_options(synchronize_session=False)
    )


def find_comment(comment_id: int) -> Comment | None:
    return db.session.get(Comment, comment_id)


@dataclass
class Thread:
    page: Page[Comment]  # the top-level comments
    replies: dict[int, list[Comment]]
    helpful_ids: set[int]
    sort: str
    perspective: str | None
    after: int | None  # the comment this page continues after (None: the first page)
    next_after: int | None  # the cursor of the next page (None: this is the last page)
    editable_ids: set[int] = field(default_factory=set)
    # What the viewer may do, so the template only shows it.
    deletable_ids: set[int] = field(default_factory=set)
    reportable_ids: set[int] = field(default_factory=set)
    markable_ids: set[int] = field(default_factory=set)
    can_write: bool = False

    @property
    def comments(self) -> list[Comment]:
        return self.page.items


def _bridging():
    return func.coalesce(Statement.bridging, UNANSWERED_BRIDGING)


def _sort_columns(sort: str) -> tuple:
    return {
        "nieuw": (Comment.created_at, Comment.id),
        "oud": (Comment.created_at, Comment.id),
        "waardevol": (Comment.helpful_count, Comment.created_at, Comment.id),
        "iedereen": (_bridging(), Comment.created_at, Comment.id),
    }[sort]


def _after(sort: str, comment_id: int):
    """Keyset condition: the comments sorted after this one (compares against its row, looked up inline)."""
    columns = _sort_columns(sort)
    anchor = aliased(Comment)
    own_columns = columns[1:-1] if sort == "iedereen" else columns[:-1]  # "iedereen" starts with a join
    values: list[Any] = [
        select(getattr(anchor, column.key)).where(anchor.id == comment_id).scalar_subquery() for column in own_columns
    ] + [literal(comment_id)]
    if sort == "iedereen":
        bridging = select(Statement.bridging).where(Statement.comment_id == comment_id).scalar_subquery()
        values.insert(0, func.coalesce(bridging, UNANSWERED_BRIDGING))
    row = tuple_(*columns)
    return row > tuple_(*values) if sort == "oud" else row < tuple_(*values)


def comment_thread(
    subject_type: str,
    subject_id: int,
    viewer: User | None = None,
    sort: str = "nieuw",
    perspective: str | None = None,
    after: int | None = None,
    per_page: int = PER_PAGE,
) -> Thread:
    """One page of top-level comments with all their replies, in three queries whatever the size.

    Keyset pages ("Meer reacties" carries the last comment shown), read along an index per sort order,
    so a page costs the same on the 5,000th page as on the first.
    """
    sort = sort if sort in SORTS else "nieuw"
    perspective = perspective if perspective in PERSPECTIVES else None
    columns = _sort_columns(sort)
    order = columns if sort == "oud" else tuple(column.desc() for column in columns)
    shown = _shown_to(viewer)
    query = (
        select(Comment)
        .options(joinedload(Comment.author), joinedload(Comment.point))
        .where(Comment.subject_type == subject_type, Comment.subject_id == subject_id, Comment.parent_id.is_(None))
        .where(shown)
        .order_by(*order)
        .limit(per_page + 1)
    )
    if sort == "iedereen":
        query = query.outerjoin(Statement, Statement.comment_id == Comment.id)
    if after is not None:
        query = query.where(_after(sort, after))
    if perspective:
        query = query.join(User, User.id == Comment.author_id).where(User.perspective == perspective)
    comments = list(db.session.scalars(query).unique())
    has_more = len(comments) > per_page
    comments = comments[:per_page]
    replies: dict[int, list[Comment]] = {c.id: [] for c in comments}
    if comments:
        for reply in db.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.parent_id.in_(list(replies)), shown)
            .order_by(Comment.created_at, Comment.id)
        ):
            assert reply.parent_id is not None  # the query selects replies only
            replies[reply.parent_id].append(reply)
    all_ids = list(replies) + [r.id for rs in replies.values() for r in rs]
    helpful_ids = helpful_among(viewer, all_ids)
    everything = comments + [r for rs in replies.values() for r in rs]
    editable = {c.id for c in everything if viewer is not None and can_edit(c, viewer)}
    of_others = {c.id for c in everything if can_report(c, viewer)}
    return Thread(
        Page(comments, has_next=has_more, next_cursor=str(comments[-1].id) if has_more else None, is_keyset=True),
        replies,
        helpful_ids,
        sort,
        perspective,
        after,
        comments[-1].id if has_more else None,
        editable,
        deletable_ids={c.id for c in everything if can_delete(c, viewer)},
        reportable_ids=of_others,
        markable_ids=of_others,
        can_write=_is_signed_in(viewer) and not viewer.is_blocked,
    )


def helpful_among(viewer: User | None, comment_ids: list[int]) -> set[int]:
    """Which of these comments the viewer found valuable."""
    if not _is_signed_in(viewer) or not comment_ids:
        return set()
    return set(
        db.session.scalars(
            select(HelpfulMark.comment_id).where(
                HelpfulMark.user_id == viewer.id, HelpfulMark.comment_id.in_(comment_ids)
            )
        )
    )


def own_comments_among(viewer: User, comment_ids: list[int]) -> list[Comment]:
    """The viewer's own comments among these (for their edit and delete links)."""
    if not comment_ids:
        return []
    return list(db.session.scalars(select(Comment).where(Comment.id.in_(comment_ids), Comment.author_id == viewer.id)))


def has_held_comments(viewer: User, subject_type: str, subject_id: int) -> bool:
    """Whether the viewer wrote a comment on this subject that waits for a moderator (only they see it)."""
    # By author only, so the database reads the author's few comments (their index), never the subject's many.
    held = db.session.execute(
        select(Comment.subject_type, Comment.subject_id).where(
            Comment.author_id == viewer.id, Comment.hidden_reason == HELD_FOR_REVIEW
        )
    )
    return (subject_type, subject_id) in set(held.tuples())


def _shown_to(viewer: User | None):
    """Everything but comments held for review; those only their writer sees."""
    not_held = or_(Comment.hidden_reason.is_(None), Comment.hidden_reason != HELD_FOR_REVIEW)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return or_(not_held, Comment.author_id == viewer.id)
    return not_held


def _visible():
    return (Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))


def comment_counts_by_point(subject_type: str, subject_id: int) -> dict[int | None, int]:
    """Visible comments per point (None: about the subject as a whole), from the counters."""
    return counters.counts_by_point(subject_type, subject_id)


def comment_counts(subject_type: str, subject_ids: list[int] | None = None) -> dict[int, int]:
    """Visible comments per subject of this type (only these subjects, when given), from the counters."""
    return counters.counts_by_subject(subject_type, subject_ids)


def forget_comments(user: User) -> None:
    """On account deletion: comments without replies go; one with replies keeps its place, empty."""
    for mark in db.session.scalars(select(HelpfulMark).where(HelpfulMark.user_id == user.id)).all():
        _add_helpful(mark.comment_id, -1)
        db.session.delete(mark)
    counters.before_hiding(Comment.author_id == user.id)
    own = db.session.scalars(select(Comment).where(Comment.author_id == user.id)).all()
    with_replies = set(db.session.scalars(select(Comment.parent_id).where(Comment.parent_id.in_([c.id for c in own]))))
    for comment in own:
        if comment.id in with_replies:  # keep the place so the other people's replies keep their context
            comment.body = ""
            comment.author_id = None
            comment.deleted_at = comment.deleted_at or utcnow()
        else:
            db.session.delete(comment)
    forget_subjects(Subject.COMMENT, [c.id for c in own if c.id not in with_replies])
    db.session.flush()


def export_comments(user: User) -> tuple[str, dict]:
    comments = db.session.scalars(select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)).all()
    marks = db.session.scalars(select(HelpfulMark).where(HelpfulMark.user_id == user.id)).all()
    return (
        "comments",
        {
            "comments": [
                {
                    "id": c.id,
                    "subject": {"type": c.subject_type, "id": c.subject_id},
                    "point_id": c.point_id,
                    "reply_to": c.parent_id,
                    "body": c.body,
                    "created_at": iso_utc(c.created_at),
                    "edited_at": iso_utc(c.edited_at),
                    "deleted_at": iso_utc(c.deleted_at),
                }
                for c in comments
            ],
            "helpful": [{"comment_id": m.comment_id, "created_at": iso_utc(m.created_at)} for m in marks],
        },
    )
