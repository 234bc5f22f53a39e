"""The bench's data generator, the set-based recount and `flask wijkstem demo`, at a small scale."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update

from tests.participation_fixtures import counter_totals
from tests.test_endorsement_counters import truth
from wijkstem.extensions import db
from wijkstem.models import Comment, Endorsement, Experience, HelpfulMark, User
from wijkstem.models.experiences import SEARCH_TABLE
from wijkstem.services.content.demo_data import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_STAFF, FULL, generate
from wijkstem.services.endorsements.endorsement_counters import recount_all

SMALL = FULL.scaled(0.001)  # 350 people, 1,000 endorsements, 100 comments, 20 experiences


@pytest.fixture(autouse=True)
def _empty_search_index(app):
    yield
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text(f"DELETE FROM {SEARCH_TABLE}"))  # noqa: S608
        db.session.commit()


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def test_generator_makes_the_sizes_asked_for_with_counters_that_add_up(app):
    generate(SMALL)
    assert _count(User) == SMALL.users == 350
    assert _count(Endorsement) == SMALL.endorsements == 1000
    assert _count(Comment) == SMALL.comments and _count(Comment, Comment.parent_id.is_not(None)) == SMALL.replies
    assert _count(HelpfulMark) == SMALL.helpful_marks
    assert db.session.scalar(select(func.sum(Comment.helpful_count))) == SMALL.helpful_marks
    assert _count(Experience, Experience.status == "approved") == SMALL.experiences
    assert counter_totals() == truth() and sum(truth().values()) == 1000
    # endorsements spread over months, never before the person joined
    first, last = db.session.execute(select(func.min(Endorsement.created_at), func.max(Endorsement.created_at))).one()
    assert (last - first).days > 150
    joined_late = select(Endorsement.id).join(User).where(Endorsement.created_at < User.created_at)
    assert db.session.scalars(joined_late).first() is None


def test_generated_people_show_up_on_the_pages(app, client):
    generate(SMALL)
    page = client.get("/manifest/bewoners-leidend")
    assert page.status_code == 200 and "Reacties" in page.get_data(as_text=True)
    found = client.get("/ervaringen?q=buurt")
    assert found.status_code == 200 and "Geen ervaringen gevonden" not in found.get_data(as_text=True)
    login = client.post("/account/inloggen", data={"email": f"deelnemer1@{DEMO_DOMAIN}", "password": DEMO_PASSWORD})
    assert login.status_code == 302


def test_recount_gives_the_same_counters_and_repairs_moved_keys(app):
    generate(SMALL)
    before = counter_totals()
    assert recount_all() == 1000
    assert counter_totals() == before
    # counted keys gone astray (as after a crash mid-change) are brought back to each person's own
    db.session.execute(update(Endorsement).values(counted_perspective=None, counted_municipality_id=None))
    db.session.execute(update(User).where(User.id % 10 == 0).values(perspective="politician"))
    db.session.commit()
    assert recount_all() == 1000
    assert counter_totals() == truth()


def test_demo_command_fills_an_empty_database(app):
    result = app.test_cli_runner().invoke(args=["wijkstem", "demo", "--scale", "0.0005"])
    assert result.exit_code == 0, result.output
    assert "175 mensen" in result.output and DEMO_PASSWORD in result.output
    # 175 participants, plus the demo moderator and administrator
    assert _count(User) == 175 + len(DEMO_STAFF) and _count(Experience) == 10
    # a second run adds more demo people (the same two staff): still no real accounts
    again = app.test_cli_runner().invoke(args=["wijkstem", "demo", "--scale", "0.0005"])
    assert again.exit_code == 0 and _count(User) == 350 + len(DEMO_STAFF)


def test_after_the_demo_command_counts_are_right_and_the_staff_can_log_in(app, client):
    """One command, nothing else to run: the comment counts on the pages are the comments' own."""
    from tests.conftest import log_in
    from wijkstem.services.discussion.comment_counts import counts_by_subject, recount_comments

    result = app.test_cli_runner().invoke(args=["wijkstem", "demo", "--scale", "0.0005"])
    assert result.exit_code == 0, result.output
    assert f"moderator@{DEMO_DOMAIN}" in result.output and f"beheerder@{DEMO_DOMAIN}" in result.output
    shown = counts_by_subject("pillar")
    assert sum(shown.values()) > 0
    recount_comments()
    assert counts_by_subject("pillar") == shown  # a recount would change nothing
    db.session.rollback()
    for email, page in ((f"moderator@{DEMO_DOMAIN}", "/moderatie"), (f"beheerder@{DEMO_DOMAIN}", "/beheer")):
        staff = db.session.scalar(select(User).where(User.email == email))
        log_in(client, staff, DEMO_PASSWORD)
        assert client.get(page).status_code == 200
        client.post("/account/uitloggen")


def test_demo_command_refuses_a_database_with_real_accounts(app, make_user):
    make_user(email="echt@example.org")
    result = app.test_cli_runner().invoke(args=["wijkstem", "demo"])
    assert result.exit_code != 0
    assert "echte accounts" in result.output
    assert _count(User) == 1 and _count(Endorsement) == 0
