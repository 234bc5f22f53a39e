"""`flask wijkstem common-ground` computes and stores the common ground; pages read what it stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.conftest import PASSWORD
from wijkstem.extensions import db
from wijkstem.models import CommonGroundResult, Statement
from wijkstem.services import statements
from wijkstem.services.accounts import accounts
from wijkstem.services.discussion import comments
from wijkstem.services.statements.job import LOCK_KEY, run_common_ground
from wijkstem.services.statements.votes import StatementRef
from wijkstem.subjects import Subject

GROUPS = ("resident", "professional", "politician")


@pytest.fixture(autouse=True)
def _in_a_request(app):
    with app.test_request_context():
        yield


def vote_round(make_user, pillar, per_group: int = 3):
    """Everyone agrees with point 1; residents agree and politicians disagree with point 2."""
    people = {g: [make_user(perspective=g) for _ in range(per_group)] for g in GROUPS}
    agreed, split = StatementRef("punt", pillar.points[0].id), StatementRef("punt", pillar.points[1].id)
    for g, members in people.items():
        for person in members:
            statements.answer_statement(person, pillar, agreed, "agree")
            statements.answer_statement(
                person, pillar, split, {"resident": "agree", "politician": "disagree"}.get(g, "pass")
            )
    return people


def national(pillar) -> dict:
    db.session.expire_all()
    return db.session.scalar(
        select(CommonGroundResult.data).where(
            CommonGroundResult.pillar_id == pillar.id, CommonGroundResult.scope == "NL"
        )
    )


def test_the_job_stores_common_ground_and_differences_nationally_and_per_place(make_user, pillar, utrecht):
    vote_round(make_user, pillar)
    report = run_common_ground(min_voters=3)
    assert report.ran
    data = national(pillar)
    assert data["enough"] and data["voters"] == dict.fromkeys(GROUPS, 3)
    assert [item["ref"] for item in data["common_ground"]] == [f"punt-{pillar.points[0].id}"]
    assert [item["ref"] for item in data["differences"]] == [f"punt-{pillar.points[1].id}"]
    difference = data["differences"][0]
    assert (difference["more"], difference["less"]) == ("resident", "politician")
    assert difference["groups"]["politician"] == {"agree": 0, "disagree": 3, "pass": 0, "seen": 3, "pa": 0.2}
    local = db.session.scalar(select(CommonGroundResult.data).where(CommonGroundResult.scope == utrecht.code))
    assert local["common_ground"][0]["ref"] == data["common_ground"][0]["ref"]
    priorities = db.session.scalars(select(Statement.priority)).all()
    assert all(p is not None for p in priorities)


def test_running_twice_gives_the_same_rows_and_too_few_voters_say_how_many_more(make_user, pillar):
    vote_round(make_user, pillar, per_group=2)
    run_common_ground(min_voters=5)
    first = national(pillar)
    run_common_ground(min_voters=5)
    second = national(pillar)
    assert {k: v for k, v in first.items() if k != "computed_at"} == {
        k: v for k, v in second.items() if k != "computed_at"
    }
    assert second["missing"] == dict.fromkeys(GROUPS, 3) and not second["enough"]
    assert second["common_ground"] == []
    assert (
        db.session.scalar(
            select(db.func.count()).select_from(CommonGroundResult).where(CommonGroundResult.scope == "NL")
        )
        == 3
    )


def test_blocked_and_deleted_people_leave_the_result_at_the_next_run(client, make_user, pillar):
    people = vote_round(make_user, pillar)
    run_common_ground(min_voters=3)
    assert national(pillar)["common_ground"]
    from tests.moderation_fixtures import sign_in

    sign_in(client, make_user(role="admin"))
    client.post(f"/moderatie/gebruikers/{people['politician'][0].id}/blokkeren", data={"reason_text": "Spam"})
    accounts.delete_account(people["resident"][0], PASSWORD)
    run_common_ground(min_voters=3)
    data = national(pillar)
    assert data["voters"] == {"resident": 2, "professional": 3, "politician": 2}
    assert data["common_ground"] == [] and data["missing"]["politician"] == 1


def test_a_deleted_persons_comment_leaves_the_stored_result_at_once(make_user, pillar):
    writer = make_user(perspective="professional")
    comment = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Quokka-stelling: elke wijk een budget")
    db.session.commit()
    for g in GROUPS:
        for _ in range(2):
            statements.answer_statement(make_user(perspective=g), pillar, StatementRef("reactie", comment.id), "agree")
    run_common_ground(min_voters=2)
    assert "Quokka-stelling" in str(national(pillar))
    accounts.delete_account(writer, PASSWORD)
    assert "Quokka-stelling" not in str(national(pillar))


def test_a_second_run_while_one_holds_the_lock_does_nothing(app, make_user, pillar):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite has one writer at a time anyway")
    vote_round(make_user, pillar)
    with db.engine.connect() as other_machine:
        other_machine.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        try:
            assert run_common_ground(min_voters=3).ran is False
        finally:
            other_machine.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
    assert national(pillar) is None
    assert run_common_ground(min_voters=3).ran


def test_the_command_runs_the_job_and_recount_counts_answers(app, make_user, pillar):
    vote_round(make_user, pillar, per_group=1)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["wijkstem", "common-ground"])
    assert "Gemeenschappelijke grond berekend" in result.output, result.output
    result = runner.invoke(args=["wijkstem", "recount"])
    assert "6 stemmen geteld" in result.output, result.output
