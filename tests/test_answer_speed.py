"""The answer POST of the voting round at petition speed: few statements, exactly once under parallel
tabs, counters equal to a recount (as tests/test_endorse_speed.py for the endorse POST).

How fast it is lives in `make bench` (docs/benchmarks.md); these tests hold what makes it fast and right.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from tests.conftest import all_at_once, counting_queries
from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import Pillar, StatementVote
from wijkstem.services.discussion import comments
from wijkstem.services.statements.counters import counter_table, recount_votes
from wijkstem.subjects import Subject
from wijkstem.web.lookups import pillar_key_or_404

PATH = f"/manifest/{SLUG}/stellingen"

# Statements of one answer POST, beside the commit: the person (log-in), the point (or comment) with
# its statement in one query (on PostgreSQL it also locks the person's row), then ONE statement that
# inserts or changes the answer and moves the counter rows (it was 9-12 before). A statement's very
# first answer adds one INSERT of the statement row. The pillar costs no query once the process
# knows it (wijkstem/web/lookups.py, pillar_key_or_404).
STATEMENTS = {
    "postgresql": {"first": 4, "new": 3, "change": 3, "same": 3},
    # SQLite has no data-modifying CTEs: the answer, a savepoint around the insert, the counter(s).
    "sqlite": {"first": 8, "new": 7, "change": 6, "same": 3},
}


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _post(browser, ref: str, keuze: str):
    return browser.post(PATH, data={"stelling": ref, "keuze": keuze})


def _recounted_equals_moved() -> None:
    db.session.expire_all()
    moved = counter_table()
    rows = db.session.execute(
        select(StatementVote.statement_id, StatementVote.counted_perspective, StatementVote.choice)
    ).all()
    assert sum(moved.values()) == len(rows)
    recount_votes()
    assert counter_table() == moved


def test_the_answer_post_costs_a_fixed_few_statements(make_user, client_for, pillar):
    ref = f"punt-{pillar.points[0].id}"
    first, second = client_for(make_user()), client_for(make_user(perspective="politician"))
    expected = STATEMENTS[_dialect()]
    pillar_key_or_404(SLUG)  # this process has served the pillar's POSTs before
    for browser, keuze, case in (
        (first, "eens", "first"),  # the statement row is made on this answer
        (second, "oneens", "new"),
        (second, "weet-niet", "change"),
        (second, "weet-niet", "same"),
    ):
        with counting_queries() as statements:
            answer = _post(browser, ref, keuze)
        assert answer.status_code == 302 and "vorige=" in answer.headers["Location"], case
        assert len(statements) <= expected[case], case + ": " + " / ".join(q.split("\n")[0][:50] for q in statements)
    totals = {(p, c): n for (_s, p, _m, c), n in counter_table().items()}
    assert totals == {("resident", "agree"): 1, ("politician", "pass"): 1}
    _recounted_equals_moved()


def test_answers_on_a_comment_count_and_the_writer_cannot_answer_their_own(make_user, client_for, pillar):
    writer, reader = make_user(), make_user(perspective="professional")
    comment = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Meer bankjes in het park")
    db.session.commit()
    ref = f"reactie-{comment.id}"
    assert _post(client_for(writer), ref, "eens").status_code == 302
    assert _post(client_for(reader), ref, "oneens").status_code == 302
    assert {(p, c): n for (_s, p, _m, c), n in counter_table().items()} == {("professional", "disagree"): 1}
    _recounted_equals_moved()


def test_parallel_tabs_answer_and_change_exactly_once(app, make_user, client_for, pillar):
    """Eight people, each in two tabs, answer and change three statements at random at the same time;
    afterwards one answer per person and statement, and the counters equal the table and a recount."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite serialises every write with a file lock, so requests cannot race there; run on PostgreSQL")
    points = db.session.scalar(select(Pillar).where(Pillar.slug == SLUG)).points
    refs = [f"punt-{point.id}" for point in points[:3]]
    people = [make_user(perspective=("resident", "professional", "politician")[n % 3]) for n in range(8)]
    tabs = [client_for(person) for person in people for _ in range(2)]
    failures: list[str] = []

    def storm(index: int) -> None:
        chance = random.Random(index)
        for _ in range(12):
            answer = _post(tabs[index], chance.choice(refs), chance.choice(("eens", "oneens", "weet-niet")))
            if answer.status_code != 302 or "vorige=" not in answer.headers["Location"]:
                failures.append(f"{answer.status_code} {answer.headers.get('Location')}")

    all_at_once(storm, len(tabs))
    assert failures == []

    db.session.expire_all()
    rows = db.session.execute(select(StatementVote.statement_id, StatementVote.user_id)).all()
    assert len(rows) == len(set(rows))  # never doubled
    assert db.session.scalar(select(func.count(func.distinct(StatementVote.user_id)))) == len(people)
    _recounted_equals_moved()
