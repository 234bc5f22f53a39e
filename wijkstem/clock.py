"""One notion of 'now': naive UTC, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# The calendar the people of the platform live by (dates typed into forms, "today").
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def iso_utc(moment: datetime | None) -> str | None:
    """A stored (naive UTC) moment as ISO 8601 with a "Z", as exports and the API write it."""
    return moment.isoformat() + "Z" if moment is not None else None


def today_in_the_netherlands() -> date:
    """Today's date in Europe/Amsterdam: at 00:30 there it is already the next day, while UTC is not."""
    return utcnow().replace(tzinfo=UTC).astimezone(LOCAL_TIME).date()
