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
    """Every statement that still is one: a point, or a visible top-level comment."""
    rows = db.session.execute(
        select(
            Statement.id,
            Statement.pillar_id,
            Point.id,
            Point.position,
            Point.text,
            Comment.id,
            Comment.body,
            User.perspective,
        )
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
    found = {}
    for sid, pillar_id, point_id, position, point_text, comment_id, body, author_perspective in rows:
        found[sid] = {
            "pillar_id": pillar_id,
            "ref": f"punt-{point_id}" if point_id else f"reactie-{comment_id}",
            "position": position,
            "text": (point_text if point_id else body or "")[:MAX_TEXT],
            "author_perspective": None if point_id else author_perspective,
        }
    return found


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
        "text": statement["text"],
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
    for sid, groups in tallies.items():
        statement = statements.get(sid)
        if statement is None:
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


def run_common_ground(min_voters: int) -> JobReport:
    """Compute and store every pillar's common ground; commits. ran=False: another run holds the lock."""
    if not _take_lock():
        db.session.rollback()
        return JobReport(ran=False)
    now = utcnow()
    statements = _statements()
    by_pillar: dict[int, set[int]] = defaultdict(set)
    for sid, statement in statements.items():
        by_pillar[statement["pillar_id"]].add(sid)
    pillar_ids = list(db.session.scalars(select(Pillar.id)))
    national = _tallies()
    national_voters = _voters()
    results = 0
    for pillar_id in pillar_ids:
        tallies = {key[0]: groups for key, groups in national.items() if key[0] in by_pillar[pillar_id]}
        data = build_result(statements, tallies, national_voters.get((pillar_id,), {}), min_voters)
        _upsert(pillar_id, NATIONAL, {**data, "computed_at": iso_utc(now)}, now)
        results += 1
    from wijkstem.models import StatementVoteCounter as C

    local = _tallies(C.municipality_id)
    local_voters = _voters(StatementVote.counted_municipality_id)
    codes = dict(db.session.execute(select(Municipality.id, Municipality.code)).tuples().all())
    scopes: dict[tuple[int, int], dict[int, dict[str, Tally]]] = defaultdict(dict)
    for (sid, municipality_id), groups in local.items():
        if sid in statements:
            scopes[(statements[sid]["pillar_id"], municipality_id)][sid] = groups
    kept = set()
    for (pillar_id, municipality_id), tallies in scopes.items():
        data = build_result(statements, tallies, local_voters.get((pillar_id, municipality_id), {}), min_voters)
        _upsert(pillar_id, codes[municipality_id], {**data, "computed_at": iso_utc(now)}, now)
        kept.add((pillar_id, codes[municipality_id]))
        results += 1
    # Places where nobody's answers count any more (all deleted or blocked) lose their figure.
    for result in db.session.scalars(select(CommonGroundResult).where(CommonGroundResult.scope != NATIONAL)):
        if (result.pillar_id, result.scope) not in kept:
            db.session.execute(delete(CommonGroundResult).where(CommonGroundResult.id == result.id))
    _store_priorities(statements, national)
    db.session.commit()
    return JobReport(ran=True, results=results, statements=len(statements))
