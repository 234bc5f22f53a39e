"""Endorsement counters: moved in the same transaction as the endorsement, read by every page.

An endorsement is counted under (pillar, perspective, municipality, verified) of its endorser,
unless the endorser is blocked. The key it is counted under is kept on the endorsement, so a
change to the person later moves it from the old key to the new one (see recount_for_user).

The same moves keep the hourly history (EndorsementHourly: the hour the endorsement was given),
so charts over time read aggregates, not every endorsement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Date, Integer, and_, case, cast, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from wijkstem.extensions import db
from wijkstem.models import (
    Endorsement,
    EndorsementCounter,
    EndorsementHourly,
    Municipality,
    PeopleCounter,
    Pillar,
    User,
)
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL, RESIDENT
from wijkstem.services.endorsements import people_counters

CounterKey = tuple[str, int, bool]  # perspective, municipality id, verified


@dataclass(frozen=True)
class EndorsementCounts:
    total: int = 0
    resident: int = 0
    professional: int = 0
    politician: int = 0
    verified: int = 0  # verified professionals + politicians among the endorsers

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "resident": self.resident,
            "professional": self.professional,
            "politician": self.politician,
            "verified": self.verified,
        }

    def share(self, perspective: str) -> int:
        """Percentage of the total from this perspective, for the bars."""
        return round(100 * getattr(self, perspective) / self.total) if self.total else 0


def counter_key(user: User) -> CounterKey | None:
    if user.is_blocked:
        return None
    return (user.perspective, user.municipality_id, user.is_verified)


def _add_to_count(model, keys: dict, delta: int) -> None:
    """Insert the row for `keys` with `delta`, or add `delta` to its count: one statement, no race."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**keys, count=delta)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys), set_={"count": model.count + statement.excluded.count}
    )
    db.session.execute(statement)


def _upsert(pillar_id: int, key: CounterKey, delta: int) -> None:
    perspective, municipality_id, verified = key
    keys = {
        "pillar_id": pillar_id,
        "perspective": perspective,
        "municipality_id": municipality_id,
        "verified": verified,
    }
    _add_to_count(EndorsementCounter, keys, delta)


def _history_keys(pillar_id: int, key: CounterKey, given_at: datetime) -> dict:
    perspective, municipality_id, verified = key
    return {
        "pillar_id": pillar_id,
        "municipality_id": municipality_id,
        "perspective": perspective,
        "verified": verified,
        "day": given_at.date(),
        "hour": given_at.hour,
    }


def move_count(pillar_id: int, key: CounterKey, given_at: datetime, delta: int) -> None:
    """Add `delta` to the counter and to the hourly history under `key` for an endorsement given at
    `given_at`. On PostgreSQL both upserts travel as one statement (the counter's as a CTE): one
    round trip less on every endorse and withdraw, the busiest write of the site."""
    perspective, municipality_id, verified = key
    counter_keys = {
        "pillar_id": pillar_id,
        "perspective": perspective,
        "municipality_id": municipality_id,
        "verified": verified,
    }
    history_keys = _history_keys(pillar_id, key, given_at)
    if db.session.get_bind().dialect.name != "postgresql":
        _add_to_count(EndorsementCounter, counter_keys, delta)
        _add_to_count(EndorsementHourly, history_keys, delta)
        return
    counter = postgresql.insert(EndorsementCounter).values(**counter_keys, count=delta)
    counter = counter.on_conflict_do_update(
        index_elements=list(counter_keys), set_={"count": EndorsementCounter.count + counter.excluded.count}
    )
    history = postgresql.insert(EndorsementHourly).values(**history_keys, count=delta)
    history = history.on_conflict_do_update(
        index_elements=list(history_keys), set_={"count": EndorsementHourly.count + history.excluded.count}
    )
    db.session.execute(history.add_cte(counter.cte("counter_moved")))


def keep_hourly_history(endorsement: Endorsement, key: CounterKey, delta: int) -> None:
    """Move the endorsement in the history under the hour it was given, beside the counter move."""
    _add_to_count(EndorsementHourly, _history_keys(endorsement.pillar_id, key, endorsement.created_at), delta)


def count_in(endorsement: Endorsement, key: CounterKey | None) -> None:
    """Move the endorsement's +1 from the key it is counted under to `key` (None: uncounted)."""
    old = _counted_key(endorsement)
    if old == key:
        return
    if old is not None:
        _upsert(endorsement.pillar_id, old, -1)
        keep_hourly_history(endorsement, old, -1)
    if key is not None:
        _upsert(endorsement.pillar_id, key, +1)
        keep_hourly_history(endorsement, key, +1)
    endorsement.counted_perspective = key[0] if key else None
    endorsement.counted_municipality_id = key[1] if key else None
    endorsement.counted_verified = key[2] if key else False


def uncount(endorsement: Endorsement) -> None:
    old = _counted_key(endorsement)
    if old is not None:
        _upsert(endorsement.pillar_id, old, -1)
        keep_hourly_history(endorsement, old, -1)


def _counted_key(endorsement: Endorsement) -> CounterKey | None:
    if endorsement.counted_perspective is None or endorsement.counted_municipality_id is None:
        return None
    return (endorsement.counted_perspective, endorsement.counted_municipality_id, bool(endorsement.counted_verified))


def recount_for_user(user: User) -> None:
    """Bring this person's endorsements under their current perspective, place, verification and
    block; call it after changing any of those. Does not commit."""
    key = counter_key(user)
    named = key is not None and people_counters.is_named(user)
    mine = list(db.session.scalars(select(Endorsement).where(Endorsement.user_id == user.id)))
    was = people_counters.key_of_endorsements(mine)
    for endorsement in mine:
        count_in(endorsement, key)
        endorsement.counted_named = named
    people_counters.move_person(was, (*key, named) if key is not None and mine else None)


def _day_and_hour(moment):
    """SQL for the (UTC) day and hour of a timestamp column, as the history stores them."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.date(moment), cast(func.strftime("%H", moment), Integer)
    return cast(moment, Date), cast(func.extract("hour", moment), Integer)


def _rebuild(model, names: list[str], rows) -> None:
    """Empty the table and fill it with `rows` (one INSERT ... SELECT).

    On PostgreSQL the table is truncated and its indexes, primary-key, unique and foreign-key
    constraints are dropped for the insert and made again afterwards: building an index once from
    a million rows takes seconds, keeping four indexes and two foreign-key checks up to date row by
    row took minutes. All in the caller's transaction: nobody sees the table half-built.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        db.session.execute(delete(model))
        db.session.execute(insert(model).from_select(names, rows))
        return
    table = model.__tablename__
    run = db.session.execute
    # The GROUP BY of a million rows hashed in memory (~150 MB in the database server, for this
    # transaction only), not spilled to disk in batches.
    run(text("SET LOCAL work_mem = '256MB'"))
    run(text("SET LOCAL maintenance_work_mem = '128MB'"))
    constraints = run(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:table AS regclass) AND contype IN ('p', 'u', 'f') ORDER BY contype DESC"
        ),
        {"table": table},
    ).all()
    indexes = run(
        text(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = CAST(:table AS regclass) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)"
        ),
        {"table": table},
    ).all()
    run(text(f'TRUNCATE "{table}"'))
    for name, _definition in constraints:
        run(text(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'))
    for name, _definition in indexes:
        run(text(f'DROP INDEX "{name}"'))
    run(insert(model).from_select(names, rows))
    for _name, definition in indexes:
        run(text(definition))
    for name, definition in constraints:
        run(text(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))


def recount_all() -> int:
    """Rebuild every counter and the hourly history from the endorsements (`flask wijkstem recount`);
    returns the total.

    Set-based, so it runs in the database in seconds at a million endorsements: first every
    endorsement whose counted key differs from its endorser's current key is moved, then the
    counters and the hourly history are summed afresh, each with one INSERT ... SELECT ... GROUP BY.
    """
    counted = User.blocked_at.is_(None)
    verified = User.is_verified
    key = {
        "counted_perspective": case((counted, User.perspective), else_=None),
        "counted_municipality_id": case((counted, User.municipality_id), else_=None),
        "counted_verified": and_(counted, verified),
        "counted_named": and_(counted, verified, User.show_name.is_(True)),
    }
    db.session.execute(
        update(Endorsement)
        .where(Endorsement.user_id == User.id)
        .where(or_(*(getattr(Endorsement, column).is_distinct_from(value) for column, value in key.items())))
        .values(**key)
        .execution_options(synchronize_session=False)
    )
    columns = (
        Endorsement.pillar_id,
        Endorsement.counted_perspective,
        Endorsement.counted_municipality_id,
        Endorsement.counted_verified,
    )
    is_counted = (Endorsement.counted_perspective.is_not(None), Endorsement.counted_municipality_id.is_not(None))
    _rebuild(
        EndorsementCounter,
        ["pillar_id", "perspective", "municipality_id", "verified", "count"],
        select(*columns, func.count()).where(*is_counted).group_by(*columns),
    )
    day, hour = _day_and_hour(Endorsement.created_at)
    history = (*columns, day, hour)
    _rebuild(
        EndorsementHourly,
        ["pillar_id", "perspective", "municipality_id", "verified", "day", "hour", "count"],
        select(*history, func.count()).where(*is_counted).group_by(*history),
    )
    people = (
        Endorsement.counted_municipality_id,
        Endorsement.counted_perspective,
        Endorsement.counted_verified,
        Endorsement.counted_named,
    )
    _rebuild(
        PeopleCounter,
        ["municipality_id", "perspective", "verified", "named", "count"],
        select(*people, func.count(func.distinct(Endorsement.user_id))).where(*is_counted).group_by(*people),
    )
    total = db.session.scalars(select(func.coalesce(func.sum(EndorsementCounter.count), 0))).one()
    db.session.commit()
    return int(total)


def _fold(rows) -> dict:
    sums: dict = {}
    for group, perspective, verified, count in rows:
        parts = sums.setdefault(group, Counter())
        parts["total"] += count
        parts[perspective] += count
        if verified and perspective in (PROFESSIONAL, POLITICIAN):
            parts["verified"] += count
    return {
        group: EndorsementCounts(
            total=c["total"],
            resident=c[RESIDENT],
            professional=c[PROFESSIONAL],
            politician=c[POLITICIAN],
            verified=c["verified"],
        )
        for group, c in sums.items()
    }


def _grouped(*conditions) -> dict[str, EndorsementCounts]:
    rows = db.session.execute(
        select(
            Pillar.slug, EndorsementCounter.perspective, EndorsementCounter.verified, func.sum(EndorsementCounter.count)
        )
        .join(Pillar, Pillar.id == EndorsementCounter.pillar_id)
        .where(*conditions)
        .group_by(Pillar.slug, EndorsementCounter.perspective, EndorsementCounter.verified)
    )
    return _fold((slug, perspective, verified, int(count or 0)) for slug, perspective, verified, count in rows)


def pillar_counts() -> dict[str, EndorsementCounts]:
    """Pillar slug -> national counts (pillars nobody endorses yet are missing: use .get)."""
    return _grouped()


def municipality_pillar_counts(municipality_id: int) -> dict[str, EndorsementCounts]:
    return _grouped(EndorsementCounter.municipality_id == municipality_id)


def counts_for_pillar(pillar_id: int) -> EndorsementCounts:
    rows = db.session.execute(
        select(EndorsementCounter.perspective, EndorsementCounter.verified, func.sum(EndorsementCounter.count))
        .where(EndorsementCounter.pillar_id == pillar_id)
        .group_by(EndorsementCounter.perspective, EndorsementCounter.verified)
    )
    folded = _fold((pillar_id, perspective, verified, int(count or 0)) for perspective, verified, count in rows)
    return folded.get(pillar_id, EndorsementCounts())


def municipality_participation(limit: int = 10) -> list[tuple[Municipality, int]]:
    """Municipalities with the most supporters (people, each counted once), most first."""
    total = func.sum(PeopleCounter.count).label("total")
    rows = db.session.execute(
        select(Municipality, total)
        .join(PeopleCounter, PeopleCounter.municipality_id == Municipality.id)
        .group_by(Municipality.id)
        .having(total > 0)
        .order_by(total.desc(), Municipality.name)
        .limit(limit)
    )
    return [(municipality, int(count)) for municipality, count in rows]
