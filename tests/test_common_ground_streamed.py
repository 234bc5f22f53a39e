"""The streamed common-ground job stores what the figure of every pillar and place is when all
answers are read at once (the job before it streamed): answers counted straight from the answers
table into dicts, build_result on the whole thing, priorities from the same counts."""

from __future__ import annotations

import contextlib
import random
from collections import defaultdict

import pytest
from sqlalchemy import select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import CommonGroundResult, Municipality, Pillar, Statement, StatementVote
from wijkstem.services import statements
from wijkstem.services.discussion import comments
from wijkstem.services.statements import job, maths
from wijkstem.services.statements.maths import Tally
from wijkstem.services.statements.votes import StatementRef
from wijkstem.subjects import Subject

GROUPS = ("resident", "professional", "politician")
CHOICE = {"agree": 0, "disagree": 1, "pass": 2}


@pytest.fixture(autouse=True)
def _in_a_request(app):
    with app.test_request_context():
        yield


def _whole_figures(min_voters: int) -> tuple[dict, dict]:
    """Every (pillar, scope) figure and every statement's (priority, bridging), from all answers at once."""
    infos = job._statements()
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for sid, perspective, place, choice in db.session.execute(
        select(
            StatementVote.statement_id,
            StatementVote.counted_perspective,
            StatementVote.counted_municipality_id,
            StatementVote.choice,
        ).where(StatementVote.counted_perspective.is_not(None))
    ):
        if sid in infos:
            for scope in (job.NATIONAL, place):
                counts[(infos[sid].pillar_id, scope, sid, perspective)][CHOICE[choice]] += 1
    tallies: dict[tuple, dict[int, dict[str, Tally]]] = defaultdict(lambda: defaultdict(dict))
    for (pillar_id, scope, sid, perspective), (a, d, p) in counts.items():
        tallies[(pillar_id, scope)][sid][perspective] = Tally(a, d, p)
    codes = dict(db.session.execute(select(Municipality.id, Municipality.code)).tuples().all())
    national, local = job._voters(), job._voters(StatementVote.counted_municipality_id)
    pillars = db.session.scalars(select(Pillar.id)).all()
    figures = {}
    for pillar_id, scope in {*tallies, *((p, job.NATIONAL) for p in pillars)}:
        voters = national.get((pillar_id,), {}) if scope == job.NATIONAL else local.get((pillar_id, scope), {})
        label = scope if scope == job.NATIONAL else codes[scope]
        figures[(pillar_id, label)] = job.build_result(infos, tallies[(pillar_id, scope)], voters, min_voters)
    job._fill_texts(list(figures.values()))
    priorities = {
        sid: (
            maths.priority(sum(groups.values(), Tally()), maths.spread(groups, GROUPS)),
            maths.bridging(groups, GROUPS),
        )
        for (_pillar, scope), by_statement in tallies.items()
        if scope == job.NATIONAL
        for sid, groups in by_statement.items()
    }
    return figures, priorities


def test_the_streamed_job_stores_the_figures_of_all_answers_read_at_once(make_user, pillar, utrecht):
    places = db.session.scalars(select(Municipality).order_by(Municipality.id).limit(3)).all()
    people = [
        make_user(perspective=GROUPS[n % 3], municipality=places[(n // 3) % len(places)] if n % 4 else utrecht)
        for n in range(36)
    ]
    writers = people[:3]
    said = [comments.post_comment(w, Subject.PILLAR, pillar.id, f"Stelling van {w.display_name}") for w in writers]
    hidden = comments.post_comment(people[5], Subject.PILLAR, pillar.id, "Deze reactie gaat later weg")
    db.session.commit()
    refs = [StatementRef("punt", point.id) for point in pillar.points] + [
        StatementRef("reactie", c.id) for c in (*said, hidden)
    ]
    chance = random.Random(21)
    lean = {"resident": (6, 1, 1), "professional": (3, 2, 2), "politician": (1, 5, 1)}
    for person in people:
        for n, ref in enumerate(refs):
            # Every third statement nearly everyone agrees with; on the others residents lean to agree
            # and politicians to disagree, so every list has something in it.
            weights = (12, 1, 1) if n % 3 == 0 else lean[person.perspective]
            choice = chance.choices(("agree", "disagree", "pass"), weights)[0]
            if chance.random() < 0.8:
                with contextlib.suppress(statements.OwnStatement):  # nobody answers their own comment
                    statements.answer_statement(person, pillar, ref, choice)
    hidden.hidden_at = utcnow()  # no longer a statement: it leaves every figure
    people[7].blocked_at = utcnow()  # their answers stop counting
    from wijkstem.services.statements.counters import recount_votes_for_user

    recount_votes_for_user(people[7])
    db.session.commit()

    for min_voters in (1, 2, 3):
        assert job.run_common_ground(min_voters=min_voters).ran
        db.session.expire_all()
        stored = {
            (r.pillar_id, r.scope): {k: v for k, v in r.data.items() if k != "computed_at"}
            for r in db.session.scalars(select(CommonGroundResult))
        }
        figures, priorities = _whole_figures(min_voters)
        assert stored == figures
        assert any(f["common_ground"] for f in figures.values()) and any(f["differences"] for f in figures.values())
        assert min_voters > 1 or any(f["common_ground"] for (_p, scope), f in figures.items() if scope != job.NATIONAL)
        rows = {
            sid: (p, b)
            for sid, p, b in db.session.execute(select(Statement.id, Statement.priority, Statement.bridging))
        }
        assert {sid: rows[sid] for sid in priorities} == priorities
