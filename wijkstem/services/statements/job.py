"""`flask wijkstem common-ground`: compute the common ground per pillar, nationally and per
municipality, and store it for the pages (they never compute statistics themselves).

Safe to run from cron on several machines at once: on PostgreSQL the run holds a transaction-level
advisory lock (a second run at the same moment finds it taken and stops), and every result is an
upsert of the whole figure for (pillar, scope), so running twice gives the same rows. On SQLite
(one machine) writers wait for each other anyway.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import case, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from wijkstem.clock import iso_utc, utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, CommonGroundResult, Municipality, Pillar, Point, Statement, StatementVote, User
from wijkstem.models.statements import AGREE, DISAGREE, UNSURE
from wijkstem.perspectives import POLITICIAN, PROFESSIONAL, RESIDENT
from wijkstem.services.statements import maths
from wijkstem.services.statements.maths import Tally

PERSPECTIVES = (RESIDENT, PROFESSIONAL, POLITICIAN)
NATIONAL = "NL"
TOP = 5
LOCK_KEY = 21_021  # the advisory lock of this job (issue 21)
MAX_TEXT = 600


@dataclass(frozen=True)
class JobReport:
    ran: bool
    results: int = 0
    statements: int = 0


def _take_lock() -> bool:
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    return bool(db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY}))


class StatementInfo:
    """What a list item needs of a statement, compact (one small object per statement, not a dict);
    read like the dict build_result also accepts: info["ref"]."""

    __slots__ = ("author_perspective", "pillar_id", "position", "ref")

    def __init__(self, pillar_id: int, ref: str, position: int | None, author_perspective: str | None) -> None:
        self.pillar_id, self.ref, self.position, self.author_perspective = pillar_id, ref, position, author_perspective

    def __getitem__(self, name: str):
        return getattr(self, name)

    def get(self, name: str, default=None):
        return getattr(self, name, default)


def _still(query):
    """Only statements that still are one: a point, or a visible top-level comment."""
    return (
        query.outerjoin(Point, Point.id == Statement.point_id)
        .outerjoin(Comment, Comment.id == Statement.comment_id)
        .where(
            or_(
                Point.id.is_not(None),
                (Comment.id.is_not(None)) & Comment.deleted_at.is_(None) & Comment.hidden_at.is_(None),
            )
        )
    )


def _statements() -> dict[int, StatementInfo]:
    """Every statement that still is one. Without texts: only the few statements that make a list
    get theirs (see _fill_texts)."""
    rows = db.session.execute(
        _still(
            select(Statement.id, Statement.pillar_id, Point.id, Point.position, Comment.id, User.perspective)
        ).outerjoin(User, User.id == Comment.author_id)
    )
    return {
        sid: StatementInfo(
            pillar_id,
            f"punt-{point_id}" if point_id else f"reactie-{comment_id}",
            position,
            None if point_id else author_perspective,
        )
        for sid, pillar_id, point_id, position, comment_id, author_perspective in rows
    }


def _fill_texts(results: list[dict]) -> None:
    """Put the text of every statement that made a list into its items (one query per 1,000)."""
    items = [
        item
        for data in results
        for item in (
            data["common_ground"]
            + data["differences"]
            + [i for group in data["representative"].values() for i in group]
        )
    ]
    wanted = {
        kind: {int(item["ref"].split("-")[1]) for item in items if item["ref"].startswith(kind)}
        for kind in ("punt", "reactie")
    }
    texts: dict[str, str] = {}
    for kind, model, column in (("punt", Point, Point.text), ("reactie", Comment, Comment.body)):
        ids = sorted(wanted[kind])
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            for key, value in db.session.execute(select(model.id, column).where(model.id.in_(chunk))):
                texts[f"{kind}-{key}"] = (value or "")[:MAX_TEXT]
    for item in items:
        item["text"] = texts.get(item["ref"], "")


def _tally_rows(*group_by, min_seen: int = 0):
    """Per (*group_by, statement, perspective) of the statements that still are one: agree,
    disagree and pass summed in SQL (one row, not three), leaving out perspectives without answers.
    With min_seen, only statements of which some perspective in that group has min_seen answers:
    the others cannot make any list (build_result skips them), so they need not leave the database."""
    from wijkstem.models import StatementVoteCounter as C

    still = _still(select(Statement.id, Statement.pillar_id)).subquery("still")
    keys = (*group_by, still.c.pillar_id, C.statement_id, C.perspective)
    seen = func.sum(C.count)
    tallied = (
        select(
            *keys,
            func.sum(case((C.choice == AGREE, C.count), else_=0)).label("agree"),
            func.sum(case((C.choice == DISAGREE, C.count), else_=0)).label("disagree"),
            func.sum(case((C.choice == UNSURE, C.count), else_=0)).label("passes"),
            func.max(seen).over(partition_by=(*group_by, C.statement_id)).label("most"),
        )
        .join(still, still.c.id == C.statement_id)
        .group_by(*keys)
        .having(seen > 0)
        .subquery("tallied")
    )
    order = [tallied.c[column.name] for column in group_by] + [tallied.c.pillar_id, tallied.c.statement_id]
    query = select(*(c for c in tallied.c if c.name != "most")).order_by(*order)
    if min_seen:
        query = query.where(tallied.c.most >= min_seen)
    return query


def _per_statement(rows) -> Iterator[tuple[tuple, int, dict[str, Tally]]]:
    """Rows ordered by (*group, pillar, statement) -> (group + pillar, statement id, {perspective: Tally})."""
    for (*head, sid), group in groupby(rows, key=lambda row: tuple(row[:-4])):
        yield tuple(head), sid, {row[-4]: Tally(int(row[-3]), int(row[-2]), int(row[-1])) for row in group}


def _voters(*group_by) -> dict[tuple, dict[str, int]]:
    """(pillar id, *group_by values) -> perspective -> distinct people who answered."""
    rows = db.session.execute(
        select(
            Statement.pillar_id,
            *group_by,
            StatementVote.counted_perspective,
            func.count(func.distinct(StatementVote.user_id)),
        )
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(StatementVote.counted_perspective.is_not(None))
        .group_by(Statement.pillar_id, *group_by, StatementVote.counted_perspective)
    )
    voters: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in rows:
        *key, perspective, count = row
        voters[tuple(key)][perspective] = int(count)
    return voters


def _groups_json(groups: Mapping[str, Tally]) -> dict[str, dict]:
    return {
        g: {
            "agree": groups.get(g, Tally()).agree,
            "disagree": groups.get(g, Tally()).disagree,
            "pass": groups.get(g, Tally()).passes,
            "seen": groups.get(g, Tally()).seen,
            "pa": round(maths.p_agree(groups.get(g, Tally())), 4),
        }
        for g in PERSPECTIVES
    }


def _item(statement, groups: Mapping[str, Tally], **extra) -> dict:
    return {
        "ref": statement["ref"],
        "position": statement["position"],
        "text": statement.get("text", ""),
        "author_perspective": statement["author_perspective"],
        "groups": _groups_json(groups),
        **extra,
    }


class _Best:
    """The TOP highest scores seen so far, equal scores to the older statement (lower id); holds
    TOP entries, however many statements stream past, and makes the list items of those only."""

    def __init__(self) -> None:
        self.heap: list[tuple[float, int, object, Mapping[str, Tally], dict]] = []

    def offer(self, score: float, sid: int, statement, groups: Mapping[str, Tally], extra: dict) -> None:
        entry = (score, -sid, statement, groups, extra)
        if len(self.heap) < TOP:
            heapq.heappush(self.heap, entry)
        elif (score, -sid) > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[dict]:
        ranked = sorted(self.heap, key=lambda e: (-e[0], -e[1]))
        return [_item(statement, groups, **extra) for _score, _sid, statement, groups, extra in ranked]


def build_result(
    statements: Mapping[int, Any],
    tallies: Mapping[int, Mapping[str, Tally]] | Iterable[tuple[int, Mapping[str, Tally]]],
    voters: Mapping[str, int],
    min_voters: int,
) -> dict:
    """The figure for one pillar in one scope; `tallies`: statement id -> perspective -> Tally, as a
    mapping or streamed as (statement id, groups) pairs (only the best TOP of each list are kept)."""
    missing = {g: max(0, min_voters - voters.get(g, 0)) for g in PERSPECTIVES}
    common, differences = _Best(), _Best()
    representative = {g: _Best() for g in PERSPECTIVES}
    pairs = tallies.items() if isinstance(tallies, Mapping) else tallies
    if any(missing.values()):
        pairs = ()  # nothing is shown before every perspective has enough voters: no work either
    for sid, groups in pairs:
        statement = statements.get(sid)
        if statement is None or all(t.seen < min_voters for t in groups.values()):
            continue
        score = maths.common_ground_score(groups, PERSPECTIVES, min_voters)
        if score is not None:
            common.offer(score, sid, statement, groups, {"score": round(score, 4)})
        difference = maths.biggest_difference(groups, PERSPECTIVES, min_voters)
        if difference is not None:
            extra = {"more": difference.more, "less": difference.less, "z": round(difference.z, 3)}
            differences.offer(difference.z, sid, statement, groups, extra)
        for g in PERSPECTIVES:
            found = maths.representativeness(groups, g, PERSPECTIVES, min_voters)
            if found is not None:
                extra = {"direction": found.direction, "ratio": round(found.ratio, 3)}
                representative[g].offer(found.metric, sid, statement, groups, extra)
    return {
        "min_voters": min_voters,
        "voters": {g: voters.get(g, 0) for g in PERSPECTIVES},
        "missing": missing,
        "enough": not any(missing.values()),
        "common_ground": common.items(),
        "differences": differences.items(),
        "representative": {g: best.items() for g, best in representative.items()},
    }


def _store_results(computed: list[tuple[int, str, dict]], now) -> None:
    """Every (pillar, scope) figure as a whole-row upsert, all in one executemany."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CommonGroundResult)
    statement = statement.on_conflict_do_update(
        index_elements=["pillar_id", "scope"],
        set_={"computed_at": statement.excluded.computed_at, "data": statement.excluded.data},
    )
    rows = [
        {"pillar_id": pillar_id, "scope": scope, "computed_at": now, "data": {**data, "computed_at": iso_utc(now)}}
        for pillar_id, scope, data in computed
    ]
    for start in range(0, len(rows), 500):
        db.session.execute(statement, rows[start : start + 500])


_PRIORITIES_PG = text(
    "UPDATE statements SET priority = new.priority, bridging = new.bridging "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:priorities AS double precision[]), "
    "CAST(:bridgings AS double precision[])) AS new (id, priority, bridging) WHERE statements.id = new.id"
)


def _store_priorities(rows: list[tuple[int, float, float]]) -> None:
    """(statement id, priority, bridging) for the voting round's order and the comment sort: on
    PostgreSQL one UPDATE ... FROM unnest per 10,000, elsewhere an ORM bulk update by primary key."""
    for start in range(0, len(rows), 10_000):
        chunk = rows[start : start + 10_000]
        if db.session.get_bind().dialect.name == "postgresql":
            ids, priorities, bridgings = (list(column) for column in zip(*chunk, strict=True))
            db.session.execute(_PRIORITIES_PG, {"ids": ids, "priorities": priorities, "bridgings": bridgings})
        else:
            db.session.execute(update(Statement), [{"id": i, "priority": p, "bridging": b} for i, p, b in chunk])


def _matched(keys: list[tuple], entries: Iterator[tuple[tuple, int, dict[str, Tally]]]):
    """Per key (in the stream's order): its (statement id, groups) pairs from the stream, or none.
    The whole stream is read, also what no key takes."""
    streamed = groupby(entries, key=lambda entry: entry[0])
    current = next(streamed, None)
    for key in keys:
        tallies: Iterator[tuple[int, dict[str, Tally]]] = iter(())
        while current is not None and current[0] < key:
            current = next(streamed, None)
        if current is not None and current[0] == key:
            tallies = ((sid, groups) for _key, sid, groups in current[1])
        yield key, tallies
    _drain(streamed)


def _national(
    statements: Mapping[int, StatementInfo], pillar_ids: list[int], min_voters: int, priorities: list
) -> Iterator[tuple[int, dict]]:
    """(pillar id, national figure) per pillar, all statements streamed in one query in the order of
    pillar; every statement's (id, priority, bridging) is added to `priorities` on the way."""
    voters = _voters()
    rows = db.session.execute(_tally_rows().execution_options(yield_per=20_000))

    def with_priorities() -> Iterator[tuple[tuple, int, dict[str, Tally]]]:
        for head, sid, groups in _per_statement(rows):
            total = sum(groups.values(), Tally())
            spread = maths.spread(groups, PERSPECTIVES)
            priorities.append((sid, maths.priority(total, spread), maths.bridging(groups, PERSPECTIVES)))
            yield head, sid, groups

    for (pillar_id,), pairs in _matched([(p,) for p in sorted(pillar_ids)], with_priorities()):
        result = build_result(statements, pairs, voters.get((pillar_id,), {}), min_voters)
        _drain(pairs)  # the rest, when build_result had no need of them: their priorities still count
        yield pillar_id, result


def _local(statements: Mapping[int, StatementInfo], min_voters: int) -> Iterator[tuple[int, int, dict]]:
    """(pillar id, municipality id, figure) for every pillar and municipality where answers count.
    Only the statements that can make a list leave the database (see _tally_rows), streamed in the
    order of municipality and pillar, so one place's figures are in memory at a time."""
    from wijkstem.models import StatementVoteCounter as C

    still = _still(select(Statement.id, Statement.pillar_id)).subquery("still")
    places = db.session.execute(
        select(C.municipality_id, still.c.pillar_id)
        .join(still, still.c.id == C.statement_id)
        .where(C.count > 0)
        .group_by(C.municipality_id, still.c.pillar_id)
        .order_by(C.municipality_id, still.c.pillar_id)
    ).all()
    voters = _voters(StatementVote.counted_municipality_id)
    rows = db.session.execute(_tally_rows(C.municipality_id, min_seen=min_voters).execution_options(yield_per=20_000))
    for (municipality_id, pillar_id), tallies in _matched([tuple(place) for place in places], _per_statement(rows)):
        local_voters = voters.get((pillar_id, municipality_id), {})
        yield pillar_id, municipality_id, build_result(statements, tallies, local_voters, min_voters)


def run_common_ground(min_voters: int) -> JobReport:
    """Compute and store every pillar's common ground; commits. ran=False: another run holds the lock."""
    if not _take_lock():
        db.session.rollback()
        return JobReport(ran=False)
    now = utcnow()
    statements = _statements()
    priorities: list[tuple[int, float, float]] = []
    pillar_ids = list(db.session.scalars(select(Pillar.id)))
    computed: list[tuple[int, str, dict]] = [
        (pillar_id, NATIONAL, data) for pillar_id, data in _national(statements, pillar_ids, min_voters, priorities)
    ]
    codes = dict(db.session.execute(select(Municipality.id, Municipality.code)).tuples().all())
    computed += [(pillar_id, codes[place], data) for pillar_id, place, data in _local(statements, min_voters)]
    _fill_texts([data for _pillar, _scope, data in computed])
    _store_results(computed, now)
    kept = {(pillar_id, scope) for pillar_id, scope, _data in computed}
    # Places where nobody's answers count any more (all deleted or blocked) lose their figure.
    stale = [
        result_id
        for result_id, pillar_id, scope in db.session.execute(
            select(CommonGroundResult.id, CommonGroundResult.pillar_id, CommonGroundResult.scope)
        )
        if (pillar_id, scope) not in kept
    ]
    if stale:
        db.session.execute(delete(CommonGroundResult).where(CommonGroundResult.id.in_(stale)))
    _store_priorities(priorities)
    db.session.commit()
    return JobReport(ran=True, results=len(computed), statements=len(statements))


def _drain(items: Iterable) -> None:
    """Read an iterator to its end for what reading it does (the streamed query moves on)."""
    deque(items, maxlen=0)
