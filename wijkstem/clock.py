"""One notion of 'now': naive UTC, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def iso_utc(moment: datetime | None) -> str | None:
    """A stored (naive UTC) moment as ISO 8601 with a "Z", as exports and the API write it."""
    return moment.isoformat() + "Z" if moment is not None else None
