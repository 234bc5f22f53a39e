"""The endorse POST at petition speed: few statements, exactly once under a storm of parallel
clicks, counters equal to a recount, and the person sees their own action on the next page.

How fast it is lives in `make bench` (docs/benchmarks.md); these tests hold what makes it fast and right.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from tests.conftest import all_at_once, counting_queries
from tests.participation_fixtures import SLUG, counter_totals
from wijkstem.extensions import db
from wijkstem.models import Endorsement, EndorsementHourly, Follow, PeopleCounter, Pillar
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.web.lookups import pillar_key_or_404

# Statements of one POST, beside the commit: the person (log-in), then on PostgreSQL the lock on the
# person and ONE statement that inserts (or deletes) and moves all three counters. The pillar costs
# no query once the process knows it (wijkstem/web/lookups.py, pillar_key_or_404).
STATEMENTS = {
    "postgresql": {"steunen": 3, "steun-intrekken": 3},
    # SQLite has no data-modifying CTEs: insert, counter, history, the person's other endorsements,
    # the people counter, in a savepoint (a local file: no round trips to save).
    "sqlite": {"steunen": 8, "steun-intrekken": 6},
}


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _people_rows() -> dict[tuple, int]:
    db.session.expire_all()
    return {
        (r.municipality_id, r.perspective, r.verified, r.named): r.count
        for r in db.session.scalars(select(PeopleCounter))
        if r.count
    }


def _hourly_rows() -> dict[tuple, int]:
    return {
        (r.pillar_id, r.municipality_id, r.perspective, r.verified, r.day, r.hour): r.count
        for r in db.session.scalars(select(EndorsementHourly))
        if r.count
    }


def _all_counters() -> tuple[dict, dict, dict]:
    return counter_totals(), _people_rows(), _hourly_rows()


def test_the_endorse_and_withdraw_posts_cost_a_fixed_few_statements(make_user, client_for, pillar):
    browser = client_for(make_user())
    pillar_key_or_404(SLUG)  # this process has served the pillar's POSTs before
    for action in ("steunen", "steun-intrekken"):
        with counting_queries() as statements:
            assert browser.post(f"/manifest/{SLUG}/{action}", data={}).status_code == 302
        assert len(statements) == STATEMENTS[_dialect()][action], statements


def test_a_double_click_costs_no_more_and_counts_once(make_user, client_for, pillar):
    browser = client_for(make_user())
    browser.post(f"/manifest/{SLUG}/steunen", data={})
    with counting_queries() as statements:
        again = browser.post(f"/manifest/{SLUG}/steunen", data={})
    assert again.status_code == 302 and again.headers["Location"].endswith("/bedankt")
    assert len(statements) <= STATEMENTS[_dialect()]["steunen"]
    assert sum(counter_totals().values()) == 1
    assert sum(_people_rows().values()) == 1


def test_who_endorses_sees_it_and_the_new_count_on_the_next_page(make_user, client_for, pillar):
    others = [client_for(make_user()) for _ in range(2)]
    for other in others:
        other.post(f"/manifest/{SLUG}/steunen", data={})
    me = client_for(make_user())
    before = me.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "2 mensen steunen deze pijler" in before and "Je steunt deze pijler." not in before

    answer = me.post(f"/manifest/{SLUG}/steunen", data={"motivation": "Omdat de buurt het weet"})
    thanks = me.get(answer.headers["Location"]).get_data(as_text=True)
    assert "3 mensen steunen deze pijler" in thanks
    page = me.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Je steunt deze pijler." in page and "Omdat de buurt het weet" in page
    assert "3 mensen steunen deze pijler" in page

    me.post(f"/manifest/{SLUG}/steun-intrekken", data={})
    page = me.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Je steunt deze pijler." not in page and "2 mensen steunen deze pijler" in page


def test_parallel_endorse_and_withdraw_storm_counts_exactly_once(app, make_user, client_for, pillar):
    """Eight people, each in two tabs, endorse and withdraw three pillars at random at the same time;
    afterwards every counter (pillar, hourly history, people) equals the table and a recount."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite serialises every write with a file lock, so requests cannot race there; run on PostgreSQL")
    slugs = list(db.session.scalars(select(Pillar.slug).order_by(Pillar.position)))
    people = [make_user(perspective=("resident", "professional", "politician")[n % 3]) for n in range(8)]
    tabs = [client_for(person) for person in people for _ in range(2)]
    failures: list[str] = []

    def storm(index: int) -> None:
        chance = random.Random(index)
        for _ in range(12):
            action = chance.choice(("steunen", "steun-intrekken"))
            answer = tabs[index].post(f"/manifest/{chance.choice(slugs)}/{action}", data={})
            if answer.status_code != 302:
                failures.append(f"{action}: {answer.status_code}")

    all_at_once(storm, len(tabs))
    assert failures == []

    db.session.expire_all()
    rows = db.session.execute(select(Endorsement.user_id, Endorsement.pillar_id)).all()
    assert len(rows) == len(set(rows))  # never doubled
    assert sum(counter_totals().values()) == len(rows)
    supporters = db.session.scalar(select(func.count(func.distinct(Endorsement.user_id))))
    assert sum(_people_rows().values()) == supporters
    assert sum(_hourly_rows().values()) == len(rows)
    moved = _all_counters()
    recount_all()
    assert _all_counters() == moved


def test_the_pillar_known_without_a_query_is_the_real_one(make_user, client_for, pillar):
    """Endorsing with "follow this pillar" after the process knows the pillar links the existing
    pillar (no second pillar is made), and an unknown pillar is still the not-found page."""
    pillar_key_or_404(SLUG)
    pillars_before = db.session.scalar(select(func.count()).select_from(Pillar))
    browser = client_for(make_user())
    answer = browser.post(f"/manifest/{SLUG}/steunen", data={"follow_pillar": "y"})
    assert answer.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Pillar)) == pillars_before
    assert db.session.scalar(select(func.count()).select_from(Endorsement)) == 1
    assert db.session.scalar(select(Follow.pillar_id)) == pillar.id
    assert browser.post("/manifest/bestaat-niet/steunen", data={}).status_code == 404
    assert browser.post("/manifest/bestaat-niet/stellingen", data={}).status_code == 404
