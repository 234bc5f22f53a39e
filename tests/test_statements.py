"""Answering statements (Eens / Oneens / Weet ik niet): one per person, changeable, counted by
perspective and municipality in the same transaction, and gone with a block or a deleted account."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from tests.moderation_fixtures import sign_in
from wijkstem.extensions import db
from wijkstem.models import Municipality, StatementVote
from wijkstem.services import statements
from wijkstem.services.accounts import accounts
from wijkstem.services.discussion import comments
from wijkstem.services.statements.counters import counter_table
from wijkstem.services.statements.votes import StatementRef
from wijkstem.subjects import Subject


@pytest.fixture(autouse=True)
def _in_a_request(app):
    with app.test_request_context():
        yield


def point_ref(pillar, n: int = 0) -> StatementRef:
    return StatementRef("punt", pillar.points[n].id)


def answer(user, pillar, ref, choice):
    return statements.answer_statement(user, pillar, ref, choice)


def test_one_changeable_answer_per_person_counted_by_perspective_and_place(make_user, pillar, utrecht):
    resident, politician = make_user(), make_user(perspective="politician", perspective_role="raadslid")
    answer(resident, pillar, point_ref(pillar), "agree")
    answer(politician, pillar, point_ref(pillar), "disagree")
    answer(resident, pillar, point_ref(pillar), "agree")  # twice the same: nothing moves
    sid = db.session.scalar(select(StatementVote.statement_id))
    assert counter_table() == {
        (sid, "resident", utrecht.id, "agree"): 1,
        (sid, "politician", utrecht.id, "disagree"): 1,
    }

    answer(resident, pillar, point_ref(pillar), "pass")  # changed
    assert counter_table() == {(sid, "resident", utrecht.id, "pass"): 1, (sid, "politician", utrecht.id, "disagree"): 1}
    assert db.session.scalar(select(func.count()).select_from(StatementVote)) == 2


def test_own_comment_hidden_comment_and_unknown_choice_are_refused(make_user, pillar):
    writer, other = make_user(), make_user()
    comment = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Buurthuizen moeten open blijven")
    db.session.commit()
    ref = StatementRef("reactie", comment.id)
    with pytest.raises(statements.OwnStatement, match="eigen reactie"):
        answer(writer, pillar, ref, "agree")
    with pytest.raises(statements.VoteError, match="Kies Eens"):
        answer(other, pillar, ref, "misschien")
    comments.delete_comment(writer, comment)
    with pytest.raises(statements.StatementGone):
        answer(other, pillar, ref, "agree")
    with pytest.raises(statements.StatementGone):  # a point of another pillar
        from wijkstem.models import Point

        foreign = db.session.scalar(select(Point).where(Point.pillar_id != pillar.id).limit(1))
        answer(other, pillar, StatementRef("punt", foreign.id), "agree")


def test_blocked_and_unconfirmed_people_cannot_answer(make_user, pillar):
    with pytest.raises(statements.NotAllowed, match="Bevestig"):
        answer(make_user(email_confirmed_at=None), pillar, point_ref(pillar), "agree")
    from wijkstem.clock import utcnow

    with pytest.raises(statements.NotAllowed, match="geblokkeerd"):
        answer(make_user(blocked_at=utcnow()), pillar, point_ref(pillar), "agree")


def test_counters_equal_a_recount_after_answers_changes_blocks_moves_and_deletions(client, make_user, pillar, utrecht):
    people = [make_user(perspective=p) for p in ("resident", "professional", "politician") * 3]
    writer = make_user(perspective="professional")
    comment = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Een vaste wijkregisseur per buurt")
    db.session.commit()
    refs = [point_ref(pillar, 0), point_ref(pillar, 1), StatementRef("reactie", comment.id)]
    for n, person in enumerate(people):
        for m, ref in enumerate(refs):
            answer(person, pillar, ref, ("agree", "disagree", "pass")[(n + m) % 3])
    answer(people[0], pillar, refs[0], "disagree")  # changes
    answer(people[1], pillar, refs[2], "agree")

    sign_in(client, make_user(role="admin"))
    client.post(f"/moderatie/gebruikers/{people[2].id}/blokkeren", data={"reason_text": "Spam"})
    amsterdam = db.session.scalar(select(Municipality).where(Municipality.code == "GM0363"))
    profile = accounts.Profile(
        display_name=people[3].display_name,
        perspective="politician",
        perspective_role="raadslid",
        municipality=amsterdam,
        wijk=None,
        show_name=True,
    )
    accounts.update_profile(people[3], profile)
    accounts.delete_account(people[4], PASSWORD)
    accounts.delete_account(writer, PASSWORD)  # their comment goes, with everyone's answers to it

    db.session.expire_all()
    live = counter_table()
    assert sum(live.values()) == 2 * 7  # two points x seven people still counted
    assert ("politician", amsterdam.id) in {(k[1], k[2]) for k in live}
    assert statements.recount_votes() == 14
    assert counter_table() == live


def test_exported_with_my_data(make_user, pillar):
    from wijkstem.services.accounts.personal_data import export_sections

    person = make_user()
    answer(person, pillar, point_ref(pillar, 2), "agree")
    assert export_sections(person)["statement_answers"][0]["answer"] == "agree"
