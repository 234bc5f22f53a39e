"""Moderation queues: capabilities register what waits for a decision and how to decide on it.

A capability (verification, experiences, reports on comments...) defines one QueueProvider;
wijkstem.capabilities registers them all when the app is made.
The workspace at /moderatie lists every registered queue; `decide()` applies the rules that hold
for every queue (the item exists, a moderator never decides on their own content, a reason where
one is required) and commits the handler's changes, its audit record and its mail together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkstem.extensions import db
from wijkstem.models import User
from wijkstem.models.accounts import ADMIN, MODERATOR

APPROVE = "approve"
REJECT = "reject"
HIDE = "hide"
RESTORE = "restore"
ACTIONS = (APPROVE, REJECT, HIDE, RESTORE)
ACTION_LABELS = {APPROVE: _l("Goedkeuren"), REJECT: _l("Afwijzen"), HIDE: _l("Verbergen"), RESTORE: _l("Terugzetten")}
REASON_REQUIRED = {REJECT, HIDE}

# Reasons a moderator can pick; "anders" means they write their own.
STANDARD_REASONS = (
    _l("Niet over het manifest of de wijk"),
    _l("Beledigend of discriminerend"),
    _l("Persoonlijke gegevens van anderen"),
    _l("Reclame of spam"),
    _l("Niet te controleren"),
)


@dataclass
class QueueItem:
    kind: str
    id: int
    title: str
    body: str
    author: User | None
    created_at: datetime
    reports: list[Any] = field(default_factory=list)  # objects with .reason and .created_at
    url: str | None = None
    note: str | None = None  # a line above the content, e.g. that this is an edit, or hidden
    facts: list[tuple[Any, str]] = field(default_factory=list)  # (label, value) shown under the content
    page: tuple[str, dict] | None = None  # (endpoint, values) of the page on the site that shows it
    image: tuple[str, dict] | None = None  # (endpoint, values) of a photo to show as a thumbnail
    image_alt: str = ""
    # (title, (endpoint, values)) of published items this one looks like, e.g. a story told before
    related: list[tuple[str, tuple[str, dict]]] = field(default_factory=list)


Handler = Callable[[User, int, str | None], None]


@dataclass
class QueueProvider:
    """pending(limit) returns items oldest first; find(id) one item or None; count() the number waiting.

    Handlers change the item, call audit.record() and queue_mail() for the author, and do NOT commit.
    """

    name: str
    label: Any
    pending: Callable[[int], list[QueueItem]]
    find: Callable[[int], QueueItem | None]
    count: Callable[[], int]
    handlers: dict[str, Handler]
    # Reasons offered in this queue (a verification request is never spam or an insult).
    reasons: tuple[Any, ...] = STANDARD_REASONS
    # action -> one sentence beside the buttons that says what the button does.
    action_hints: dict[str, Any] = field(default_factory=dict)

    @property
    def actions(self) -> list[str]:
        return [action for action in ACTIONS if action in self.handlers]


_registry: dict[str, QueueProvider] = {}


def register_queue(provider: QueueProvider) -> None:
    unknown = set(provider.handlers) - set(ACTIONS)
    if unknown:
        raise ValueError(f"unknown moderation actions {unknown}")
    _registry[provider.name] = provider


def queues() -> list[QueueProvider]:
    return list(_registry.values())


def queue(name: str) -> QueueProvider | None:
    return _registry.get(name)


def queue_counts() -> list[tuple[QueueProvider, int]]:
    return [(provider, provider.count()) for provider in queues()]


class ModerationError(Exception):
    """A rule said no; str(error) is a message for the moderator."""


class ItemNotFound(ModerationError):
    pass


NOT_FOUND = _l("Dit item bestaat niet meer of is al afgehandeld.")


class OwnContent(ModerationError):
    pass


class ReasonRequired(ModerationError):
    pass


class ActionNotAvailable(ModerationError):
    pass


def _check(provider: QueueProvider, moderator: User, action: str, item_id: int, reason: str | None) -> None:
    if action not in provider.handlers:
        raise ActionNotAvailable(_l("Deze actie kan niet in deze wachtrij."))
    if action in REASON_REQUIRED and not (reason or "").strip():
        raise ReasonRequired(_l("Kies of schrijf een reden."))
    item = provider.find(item_id)
    if item is None:
        raise ItemNotFound(NOT_FOUND)
    if item.author is not None and item.author.id == moderator.id:
        raise OwnContent(_l("Over je eigen bijdrage of aanvraag beslist een andere moderator."))


def decide(provider: QueueProvider, moderator: User, action: str, item_id: int, reason: str | None = None) -> None:
    """One decision on one item, in one transaction."""
    try:
        _check(provider, moderator, action, item_id, reason)
        provider.handlers[action](moderator, item_id, (reason or "").strip() or None)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def decide_many(
    provider: QueueProvider, moderator: User, action: str, item_ids: list[int], reason: str | None = None
) -> tuple[int, list[str]]:
    """Bulk approve/reject: all allowed items in one transaction; returns (done, messages for skipped items)."""
    done, skipped = 0, []
    try:
        for item_id in dict.fromkeys(item_ids):
            try:
                _check(provider, moderator, action, item_id, reason)
            except (ItemNotFound, OwnContent) as error:
                skipped.append(f"#{item_id}: {error}")
                continue
            provider.handlers[action](moderator, item_id, (reason or "").strip() or None)
            done += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return done, skipped


def tell_author(
    author: User | None,
    what: str,
    decision: str,
    reason: str | None = None,
    link: str | None = None,
    subject: str | None = None,
    next_step: str | None = None,
) -> None:
    """Mail the author the decision, naming the item and linking to it (in the caller's transaction);
    `next_step`: what the person can do now, with its own link in the text.

    One mail per decision; the mail never asks for a reply (it comes from a no-reply address)."""
    from wijkstem.services.accounts.mail import queue_mail

    if author is None:
        return
    queue_mail(
        author.email,
        subject or _l("Besluit over %(what)s", what=what),
        "moderation_decision",
        locale=author.locale,
        user=author,
        what=what,
        decision=decision,
        reason=reason,
        link=link,
        next_step=next_step,
    )


def comment_reference(comment) -> tuple[str, str | None, str]:
    """("je reactie op ‘Kies voor de lange termijn’", its title, the link to the comment)."""
    from wijkstem.subjects import Subject
    from wijkstem.urls import absolute_url

    subject_type = Subject(comment.subject_type)
    subject = db.session.get(subject_type.model, comment.subject_id)
    title = getattr(subject, "title", None)
    endpoint, values = subject_type.location(comment.subject_id)
    link = f"{absolute_url(endpoint, **values)}#reactie-{comment.id}"
    what = str(_l("je reactie op ‘%(title)s’", title=title)) if title else str(_l("je reactie"))
    return what, title, link


def other_moderators(moderator: User) -> int:
    """How many others could decide on this moderator's own items (moderators and admins)."""
    return (
        db.session.scalar(
            select(func.count()).select_from(User).where(User.role.in_((MODERATOR, ADMIN)), User.id != moderator.id)
        )
        or 0
    )
