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

from wijkstem.extensions import db
from wijkstem.models import User

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


def tell_author(author: User | None, what: str, decision: str, reason: str | None = None) -> None:
    """Mail the author the decision and its reason (in the caller's transaction)."""
    from wijkstem.services.mail import queue_mail

    if author is None:
        return
    queue_mail(
        author.email,
        _l("Een moderator heeft een besluit genomen"),
        "moderation_decision",
        locale=author.locale,
        user=author,
        what=what,
        decision=decision,
        reason=reason,
    )
