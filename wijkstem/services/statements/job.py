"""`flask wijkstem common-ground`: compute the common ground per pillar, nationally and per
municipality, and store it for the pages (they never compute statistics themselves).

Safe to run from cron on several machines at once: on PostgreSQL the run holds a transaction-level
advisory lock (a second run at the same moment finds it taken and stops), and every result is an
upsert of the whole figure for (pillar, scope), so running twice gives the same rows. On SQLite
(one machine) writers wait for each other anyway.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from sqlalchemy import delete, func, or_, select, text, update
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


def _statements() -> dict[int, dict]:
    """Every statement that still is one: a point, or a visible top-level comment. Without texts:
    only the few statements that make a list get theirs (see _fill_texts)."""
    rows = db.session.execute(
        select(Statement.id, Statement.pillar_id, Point.id, Point.position, Comment.id, User.perspective)
        .outerjoin(Point, Point.id == Statement.point_id)
        .outerjoin(Comment, Comment.id == Statement.comment_id)
        .outerjoin(User, User.id == Comment.author_id)
        .where(
            or_(
                Point.id.is_not(None),
                (Comment.id.is_not(None)) & Comment.deleted_at.is_(None) & Comment.hidden_at.is_(None),
            )
        )
    )
    return {
        sid: {
            "pillar_id": pillar_id,
            "ref": f"punt-{point_id}" if point_id else f"reactie-{comment_id}",
            "position": position,
            "author_perspective": None if point_id else author_perspective,
        }
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


def _tallies(*group_by) -> dict[tuple, dict[str, Tally]]:
    """(statement id, *group_by values) -> perspective -> Tally, from the counters."""
    from wijkstem.models import StatementVoteCounter as C

    rows = db.session.execute(
        select(C.statement_id, *group_by, C.perspective, C.choice, func.sum(C.count))
        .group_by(C.statement_id, *group_by, C.perspective, C.choice)
        .having(func.sum(C.count) > 0)
    )
    counts: dict[tuple, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for row in rows:
        *key, perspective, choice, count = row
        counts[tuple(key)][perspective][choice] += int(count)
    return {
        key: {g: Tally(c[AGREE], c[DISAGREE], c[UNSURE]) for g, c in groups.items()} for key, groups in counts.items()
    }


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


def _groups_json(groups: dict[str, Tally]) -> dict[str, dict]:
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


def _item(statement: dict, groups: dict[str, Tally], **extra) -> dict:
    return {
        "ref": statement["ref"],
        "position": statement["position"],
        "text": statement.get("text", ""),
        "author_perspective": statement["author_perspective"],
        "groups": _groups_json(groups),
        **extra,
    }


def build_result(
    statements: dict[int, dict], tallies: dict[int, dict[str, Tally]], voters: dict[str, int], min_voters: int
) -> dict:
    """The figure for one pillar in one scope; `tallies`: statement id -> perspective -> Tally."""
    missing = {g: max(0, min_voters - voters.get(g, 0)) for g in PERSPECTIVES}
    common, differences = [], []
    representative: dict[str, list] = {g: [] for g in PERSPECTIVES}
    if any(missing.values()):
        tallies = {}  # nothing is shown before every perspective has enough voters: no work either
    for sid, groups in tallies.items():
        statement = statements.get(sid)
        if statement is None or all(t.seen < min_voters for t in groups.values()):
            continue
        score = maths.common_ground_score(groups, PERSPECTIVES, min_voters)
        if score is not None:
            common.append((score, sid, _item(statement, groups, score=round(score, 4))))
        difference = maths.biggest_difference(groups, PERSPECTIVES, min_voters)
        if difference is not None:
            item = _item(statement, groups, more=difference.more, less=difference.less, z=round(difference.z, 3))
            differences.append((difference.z, sid, item))
        for g in PERSPECTIVES:
            found = maths.representativeness(groups, g, PERSPECTIVES, min_voters)
            if found is not None:
                item = _item(statement, groups, direction=found.direction, ratio=round(found.ratio, 3))
                representative[g].append((found.metric, sid, item))

    def best(scored: list) -> list:
        # Highest first; equal scores: the older statement (lower id) first, so reruns agree.
        return [item for _score, _sid, item in sorted(scored, key=lambda s: (-s[0], s[1]))[:TOP]]

    return {
        "min_voters": min_voters,
        "voters": {g: voters.get(g, 0) for g in PERSPECTIVES},
        "missing": missing,
        "enough": not any(missing.values()),
        "common_ground": best(common),
        "differences": best(differences),
        "representative": {g: best(items) for g, items in representative.items()},
    }


def _upsert(pillar_id: int, scope: str, data: dict, now) -> None:
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CommonGroundResult).values(pillar_id=pillar_id, scope=scope, computed_at=now, data=data)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["pillar_id", "scope"],
            set_={"computed_at": statement.excluded.computed_at, "data": statement.excluded.data},
        )
    )


def _store_priorities(statements: dict[int, dict], national: dict[tuple, dict[str, Tally]]) -> None:
    rows = []
    for (sid,), groups in national.items():
        if sid not in statements:
            continue
        total = sum(groups.values(), Tally())
        rows.append(
            {
                "id": sid,
                "priority": maths.priority(total, maths.spread(groups, PERSPECTIVES)),
                "bridging": maths.bridging(groups, PERSPECTIVES),
            }
        )
    if rows:
        db.session.execute(update(Statement), rows)  # ORM bulk update by primary key


def _local_tallies():
    """(municipality id, {statement id: {perspective: Tally}}) per municipality, streamed in order,
    so only one municipality's counters are in memory at a time."""
    from wijkstem.models import StatementVoteCounter as C

    rows = db.session.execute(
        select(C.municipality_id, C.statement_id, C.perspective, C.choice, C.count)
        .where(C.count > 0)
        .order_by(C.municipality_id)
        .execution_options(yield_per=20_000)
    )
    for municipality_id, group in groupby(rows, key=lambda row: row[0]):
        counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for _m, sid, perspective, choice, count in group:
            counts[sid][perspective][choice] += int(count)
        yield (
            municipality_id,
            {
                sid: {g: Tally(c[AGREE], c[DISAGREE], c[UNSURE]) for g, c in groups.items()}
                for sid, groups in counts.items()
            },
        )


def run_common_ground(min_voters: int) -> JobReport:
    """Compute and store every pillar's common ground; commits. ran=False: another run holds the lock."""
    if not _take_lock():
        db.session.rollback()
        return JobReport(ran=False)
    now = utcnow()
    statements = _statements()
    pillar_ids = list(db.session.scalars(select(Pillar.id)))
    national = _tallies()
    national_voters = _voters()
    computed: list[tuple[int, str, dict]] = []
    for pillar_id in pillar_ids:
        tallies = {
            key[0]: groups
            for key, groups in national.items()
            if key[0] in statements and statements[key[0]]["pillar_id"] == pillar_id
        }
        computed.append(
            (pillar_id, NATIONAL, build_result(statements, tallies, national_voters.get((pillar_id,), {}), min_voters))
        )
    local_voters = _voters(StatementVote.counted_municipality_id)
    codes = dict(db.session.execute(select(Municipality.id, Municipality.code)).tuples().all())
    for municipality_id, local in _local_tallies():
        by_pillar: dict[int, dict[int, dict[str, Tally]]] = defaultdict(dict)
        for sid, groups in local.items():
            if sid in statements:
                by_pillar[statements[sid]["pillar_id"]][sid] = groups
        for pillar_id, tallies in by_pillar.items():
            voters = local_voters.get((pillar_id, municipality_id), {})
            computed.append((pillar_id, codes[municipality_id], build_result(statements, tallies, voters, min_voters)))
    _fill_texts([data for _pillar, _scope, data in computed])
    for pillar_id, scope, data in computed:
        _upsert(pillar_id, scope, {**data, "computed_at": iso_utc(now)}, now)
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
    _store_priorities(statements, national)
    db.session.commit()
    return JobReport(ran=True, results=len(computed), statements=len(statements))
