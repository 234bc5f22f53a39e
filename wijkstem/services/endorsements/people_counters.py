"""People counters: how many people from a municipality support at least one pillar, each once.

This is the headline number of a municipality everywhere (page, print, PDF, poster, preview
image, embed, badge, API, milestones, digest). A person is counted under (perspective,
municipality, verified, named) of their current key as long as at least one of their endorsements
counts; the key is the one their endorsements are counted under (Endorsement.counted_*), so a change
to the person moves them from the old key to the new one (see endorsement_counters.recount_for_user).

Moves happen in the transaction of the endorsement: +1 when a person's first counted endorsement
arrives, -1 when their last one goes. On PostgreSQL the person's row is locked first, so two
endorsements of one person in parallel (two tabs) count them once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from wijkstem.extensions import db
from wijkstem.models import Endorsement, PeopleCounter, User
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL, RESIDENT

PeopleKey = tuple[str, int, bool, bool]  # perspective, municipality id, verified, named


@dataclass(frozen=True)
class PeopleCounts:
    """People who support at least one pillar, each counted once, and how they split."""

    total: int = 0
    resident: int = 0
    professional: int = 0
    politician: int = 0
    verified: int = 0  # verified professionals and politicians
    named: int = 0  # of those, the ones who show their name

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "resident": self.resident,
            "professional": self.professional,
            "politician": self.politician,
            "verified": self.verified,
        }

    @property
    def present_perspectives(self) -> tuple[str, ...]:
        return tuple(p for p in (RESIDENT, PROFESSIONAL, POLITICIAN) if getattr(self, p))


def is_named(user: User) -> bool:
    """Shown by name on the municipality page: verified and chose to show their name."""
    return user.is_verified and bool(user.show_name) and not user.is_blocked


def lock_person(user_id: int) -> None:
    """Serialise this person's endorsement changes (PostgreSQL), so 'first' and 'last' are right."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(User.id).where(User.id == user_id).with_for_update(key_share=True))


def counted_endorsements_of(user_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Endorsement)
            .where(Endorsement.user_id == user_id, Endorsement.counted_municipality_id.is_not(None))
        )
        or 0
    )


def _add(key: PeopleKey, delta: int) -> None:
    perspective, municipality_id, verified, named = key
    keys = {"municipality_id": municipality_id, "perspective": perspective, "verified": verified, "named": named}
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(PeopleCounter).values(**keys, count=delta)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={"count": PeopleCounter.count + statement.excluded.count}
    )
    db.session.execute(statement)


def move_person(old: PeopleKey | None, new: PeopleKey | None) -> None:
    """Move one person from the key they are counted under to `new` (None: not counted)."""
    if old == new:
        return
    if old is not None:
        _add(old, -1)
    if new is not None:
        _add(new, +1)


def key_of_endorsements(endorsements: Iterable[Endorsement]) -> PeopleKey | None:
    """The key a person is counted under now: that of their counted endorsements (all alike)."""
    for e in endorsements:
        if e.counted_perspective is not None and e.counted_municipality_id is not None:
            return (e.counted_perspective, e.counted_municipality_id, bool(e.counted_verified), bool(e.counted_named))
    return None


def fold(rows) -> PeopleCounts:
    """PeopleCounts from (perspective, verified, named, count) rows; rows without a perspective are skipped."""
    parts = {RESIDENT: 0, PROFESSIONAL: 0, POLITICIAN: 0}
    verified = named = 0
    for perspective, is_verified, is_named_, count in rows:
        if perspective is None:
            continue
        count = int(count or 0)
        parts[perspective] = parts.get(perspective, 0) + count
        if is_verified and perspective in (PROFESSIONAL, POLITICIAN):
            verified += count
            if is_named_:
                named += count
    return PeopleCounts(
        total=sum(parts.values()),
        resident=parts[RESIDENT],
        professional=parts[PROFESSIONAL],
        politician=parts[POLITICIAN],
        verified=verified,
        named=named,
    )


def people_in(municipality_id: int) -> PeopleCounts:
    """One small query over at most 12 counter rows, whatever the number of people."""
    rows = db.session.execute(
        select(PeopleCounter.perspective, PeopleCounter.verified, PeopleCounter.named, PeopleCounter.count).where(
            PeopleCounter.municipality_id == municipality_id
        )
    )
    return fold(rows)


def people_nationally() -> PeopleCounts:
    rows = db.session.execute(
        select(
            PeopleCounter.perspective, PeopleCounter.verified, PeopleCounter.named, func.sum(PeopleCounter.count)
        ).group_by(PeopleCounter.perspective, PeopleCounter.verified, PeopleCounter.named)
    )
    return fold(rows)


def people_by_municipality(municipality_ids: Iterable[int] | None = None) -> dict[int, PeopleCounts]:
    """Municipality id -> people (municipalities without supporters are missing: use .get)."""
    query = select(
        PeopleCounter.municipality_id,
        PeopleCounter.perspective,
        PeopleCounter.verified,
        PeopleCounter.named,
        PeopleCounter.count,
    )
    if municipality_ids is not None:
        query = query.where(PeopleCounter.municipality_id.in_(list(municipality_ids)))
    rows: dict[int, list] = {}
    for place, perspective, verified, named, count in db.session.execute(query):
        rows.setdefault(place, []).append((perspective, verified, named, count))
    return {place: fold(r) for place, r in rows.items()}
