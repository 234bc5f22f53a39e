"""Comment counters equal the comments table after every way a comment appears or disappears."""

from __future__ import annotations

from sqlalchemy import func, select, update

from tests.conftest import PASSWORD
from tests.moderation_fixtures import sign_in
from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import Comment, CommentCounter
from wijkstem.services.accounts import accounts
from wijkstem.services.discussion import comment_review, comments, reports
from wijkstem.services.discussion.comment_counts import recount_comments
from wijkstem.services.moderation import content_visibility
from wijkstem.subjects import Subject


def from_table() -> dict:
    key = func.coalesce(Comment.point_id, 0)
    rows = db.session.execute(
        select(Comment.subject_type, Comment.subject_id, key, func.count())
        .where(Comment.hidden_at.is_(None), Comment.deleted_at.is_(None))
        .group_by(Comment.subject_type, Comment.subject_id, key)
    )
    return {(t, s, p): n for t, s, p, n in rows}


def from_counters() -> dict:
    db.session.expire_all()
    return {
        (c.subject_type, c.subject_id, c.point_key): c.count
        for c in db.session.scalars(select(CommentCounter))
        if c.count
    }


def assert_counted(expected_total: int) -> None:
    counted = from_counters()
    assert counted == from_table()
    assert sum(counted.values()) == expected_total


def test_counters_follow_posting_replying_deleting_and_hiding(make_user, pillar):
    anna, bert = make_user(), make_user()
    moderator = make_user(role="moderator")
    point = pillar.points[1]
    first = comments.post_comment(anna, Subject.PILLAR, pillar.id, "Over het tweede punt", point)
    comments.post_comment(bert, Subject.PILLAR, pillar.id, "Over de hele pijler")
    reply = comments.reply_to(bert, first, "Eens")
    assert_counted(3)
    assert comments.comment_counts_by_point(Subject.PILLAR, pillar.id) == {point.id: 2, None: 1}

    comments.delete_comment(bert, reply)
    comments.delete_comment(bert, reply)  # twice: counted once
    assert_counted(2)

    for reporter in (make_user(), make_user(), make_user()):
        reports.report_item(reporter, Subject.COMMENT, first.id, "spam")
    assert_counted(1)
    content_visibility.show_again(Subject.COMMENT, first.id)
    db.session.commit()
    assert_counted(2)

    content_visibility.hide(Subject.COMMENT, first.id, content_visibility.BY_MODERATOR)
    content_visibility.hide(Subject.COMMENT, first.id, content_visibility.BY_MODERATOR)
    db.session.commit()
    assert_counted(1)
    content_visibility.show_again(Subject.COMMENT, first.id)
    db.session.commit()
    assert_counted(2)
    assert moderator.is_moderator


def test_held_comment_counts_once_a_moderator_publishes_it(app, make_user, pillar):
    app.config["COMMENT_HOLD_FIRST"] = 1
    try:
        held = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Mijn eerste reactie")
    finally:
        app.config["COMMENT_HOLD_FIRST"] = 0
    assert held.is_held
    assert_counted(0)
    with app.test_request_context():
        comment_review.approve(make_user(role="moderator"), held.id)
        db.session.commit()
    assert_counted(1)


def test_block_and_unblock_move_the_counters(app, client, make_user, pillar):
    person = make_user(display_name="Boze Bert")
    comments.post_comment(person, Subject.PILLAR, pillar.id, "Iets wat Bert zei")
    reported = comments.post_comment(person, Subject.PILLAR, pillar.id, "Iets wat al gemeld was")
    content_visibility.hide(Subject.COMMENT, reported.id, content_visibility.BY_REPORTS)
    db.session.commit()
    comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Iemand anders")
    assert_counted(2)

    sign_in(client, make_user(role="moderator"))
    client.post(f"/moderatie/gebruikers/{person.id}/blokkeren", data={"reason_text": "Schelden", "hide_content": "y"})
    assert_counted(1)
    client.post(f"/moderatie/gebruikers/{person.id}/deblokkeren")
    assert_counted(2)  # the reported comment stays hidden


def test_account_deletion_uncounts_the_comments(make_user, pillar):
    leaving, staying = make_user(), make_user()
    answered = comments.post_comment(leaving, Subject.PILLAR, pillar.id, "Hier komt een antwoord op")
    comments.post_comment(leaving, Subject.PILLAR, pillar.id, "Hier niet")
    comments.reply_to(staying, answered, "Mijn antwoord")
    assert_counted(3)
    accounts.delete_account(leaving, PASSWORD)
    assert_counted(1)


def test_recount_rebuilds_counters_that_went_wrong(make_user, pillar):
    anna = make_user()
    for text in ("een", "twee", "drie"):
        comments.post_comment(anna, Subject.PILLAR, pillar.id, f"Reactie {text}", pillar.points[0])
    db.session.execute(update(CommentCounter).values(count=99))
    db.session.commit()
    assert recount_comments() == 3
    db.session.commit()
    assert_counted(3)


def test_pages_and_api_read_the_counters(client, make_user, pillar):
    anna = make_user()
    comments.post_comment(anna, Subject.PILLAR, pillar.id, "Over punt een", pillar.points[0])
    comments.post_comment(anna, Subject.PILLAR, pillar.id, "Over de pijler")
    db.session.execute(update(CommentCounter).values(count=7))  # what the pages show comes from here
    db.session.commit()
    data = client.get("/api/v1/pillars").get_json()
    assert next(p for p in data["pillars"] if p["slug"] == SLUG)["comments"] == 14
    assert client.get(f"/api/v1/pillars/{SLUG}").get_json()["points"][0]["comments"] == 7
    assert "Reacties (14)" in client.get(f"/manifest/{SLUG}").get_data(as_text=True)
