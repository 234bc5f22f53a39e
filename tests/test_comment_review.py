"""Comments held for review: a new account's first comments and comments with many links (issue 6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.moderation_fixtures import audit_actions, mail_to, sign_in
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, Pillar
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject

LINKS = "https://een.example https://twee.example https://drie.example"


@pytest.fixture
def pillar(app) -> Pillar:
    return db.session.scalar(select(Pillar).order_by(Pillar.position))


@pytest.fixture
def hold_first(app):
    app.config["COMMENT_HOLD_FIRST"] = 1
    yield
    app.config["COMMENT_HOLD_FIRST"] = 0


def browser(app, user=None):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _post(client, pillar, body):
    return client.post(f"/manifest/{pillar.slug}/reacties", data={"body": body, "point": ""}, follow_redirects=True)


def _decide(client, item_id, action, reason=""):
    return client.post(
        f"/moderatie/controle/{item_id}/besluit", data={"action": action, "reason_text": reason}, follow_redirects=True
    )


def test_a_new_accounts_first_comment_waits_and_only_its_writer_sees_it(app, make_user, pillar, hold_first):
    author = make_user(display_name="Nina Nieuw")
    page = _post(browser(app, author), pillar, "Mijn eerste reactie hier").get_data(as_text=True)
    assert "Je reactie wacht op controle door een moderator." in page
    assert "Wacht op controle door een moderator." in page and "Mijn eerste reactie hier" in page
    comment = db.session.scalar(select(Comment))
    assert (comment.hidden_reason, comment.hidden_at is not None) == ("review", True)

    for other in (browser(app), browser(app, make_user())):
        html = other.get(f"/manifest/{pillar.slug}").get_data(as_text=True)
        assert "Mijn eerste reactie hier" not in html and f"reactie-{comment.id}" not in html
        assert "Reacties (0)" in html and "Deze reactie is verborgen" not in html
    assert "Reacties (0)" in browser(app, author).get(f"/manifest/{pillar.slug}").get_data(as_text=True)


def test_a_comment_with_many_links_waits_and_trusted_people_never_wait(app, make_user, pillar):
    regular = make_user()
    assert not comments.post_comment(regular, Subject.PILLAR, pillar.id, "Twee links: https://a.example www.b.example").is_held
    assert comments.post_comment(regular, Subject.PILLAR, pillar.id, f"Kijk: {LINKS}").is_held
    verified = make_user(perspective="professional", perspective_role="gemeente", verified_at=utcnow())
    moderator = make_user(role="moderator")
    for trusted in (verified, moderator):
        assert not comments.post_comment(trusted, Subject.PILLAR, pillar.id, f"Kijk: {LINKS}").is_held


def test_after_one_published_comment_the_next_one_does_not_wait(app, make_user, pillar, hold_first):
    author = make_user()
    first = comments.post_comment(author, Subject.PILLAR, pillar.id, "Eerste")
    second = comments.post_comment(author, Subject.PILLAR, pillar.id, "Tweede, nog voor de controle")
    assert first.is_held and second.is_held
    _decide(browser(app, make_user(role="moderator")), first.id, "approve")
    assert not comments.post_comment(author, Subject.PILLAR, pillar.id, "Derde").is_held


def test_moderator_approves_held_comments_oldest_first_and_they_count(app, make_user, pillar, hold_first):
    older = comments.post_comment(make_user(display_name="Olga Oud"), Subject.PILLAR, pillar.id, "De oudste reactie")
    comments.post_comment(make_user(display_name="Jan Jong"), Subject.PILLAR, pillar.id, "De jongste reactie")
    moderator = browser(app, make_user(role="moderator"))
    assert "Reacties ter controle</a>: <strong>2</strong>" in moderator.get("/moderatie").get_data(as_text=True)
    queue = moderator.get("/moderatie/controle").get_data(as_text=True)
    assert queue.index("De oudste reactie") < queue.index("De jongste reactie") and "Reactie van Olga Oud" in queue

    page = _decide(moderator, older.id, "approve").get_data(as_text=True)
    assert "Goedgekeurd." in page and "De oudste reactie" not in page
    html = browser(app).get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert "De oudste reactie" in html and "Reacties (1)" in html and "De jongste reactie" not in html
    assert audit_actions() == ["review.approve"]
    (mail,) = mail_to(older.author.email)
    assert "geplaatst" in mail.body_text


def test_an_approved_reply_notifies_the_writer_it_answers(app, make_user, pillar, hold_first):
    writer = make_user(display_name="Wim Schrijver", email="wim@example.org")
    comments.post_comment(make_user(role="moderator"), Subject.PILLAR, pillar.id, "Gewone reactie")  # never held
    top = db.session.scalar(select(Comment))
    top.author_id = writer.id
    db.session.commit()
    answerer = make_user(display_name="Anna Antwoord")
    page = browser(app, answerer).post(
        f"/reacties/{top.id}/reageren", data={"body": "Mijn eerste antwoord"}, follow_redirects=True
    )
    assert "Je antwoord wacht op controle door een moderator." in page.get_data(as_text=True)
    assert mail_to("wim@example.org") == []  # not yet: nobody can read it

    reply = db.session.scalar(select(Comment).where(Comment.parent_id == top.id))
    _decide(browser(app, make_user(role="moderator")), reply.id, "approve")
    assert any("Anna Antwoord" in m.subject for m in mail_to("wim@example.org"))
    assert "Mijn eerste antwoord" in browser(app).get(f"/manifest/{pillar.slug}").get_data(as_text=True)


def test_rejecting_needs_a_reason_keeps_it_hidden_and_tells_the_author(app, make_user, pillar):
    author = make_user()
    comment = comments.post_comment(author, Subject.PILLAR, pillar.id, f"Koop hier: {LINKS}")
    moderator = browser(app, make_user(role="moderator"))
    assert "Kies of schrijf een reden." in _decide(moderator, comment.id, "reject").get_data(as_text=True)
    page = _decide(moderator, comment.id, "reject", "Reclame").get_data(as_text=True)
    assert "Afgewezen. De schrijver krijgt een mail met de reden." in page
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden_reason == "moderator"
    assert "Koop hier" not in browser(app).get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert audit_actions() == ["review.reject"]
    (mail,) = mail_to(author.email)
    assert "niet geplaatst" in mail.body_text and "Reclame" in mail.body_text
    assert "Dit item bestaat niet meer" in _decide(moderator, comment.id, "approve").get_data(as_text=True)


def test_nobody_can_answer_a_held_comment(app, make_user, pillar):
    held = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, f"Links: {LINKS}")
    page = browser(app, make_user()).post(f"/reacties/{held.id}/reageren", data={"body": "Hallo daar"})
    assert "Op deze reactie kun je nog niet antwoorden." in page.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 1


def test_a_blocked_writers_held_comment_cannot_be_published(app, make_user, pillar, hold_first):
    from wijkstem.services.moderation import moderation_queue as mq

    writer = make_user()
    _post(browser(app, writer), pillar, "Mijn eerste reactie")
    held = db.session.scalar(select(Comment).where(Comment.author_id == writer.id))
    writer.blocked_at = utcnow()
    db.session.commit()
    moderator = make_user(role="moderator")
    with app.test_request_context(), pytest.raises(mq.ModerationError, match="geblokkeerd"):
        mq.decide(mq.queue("controle"), moderator, mq.APPROVE, held.id)
    db.session.refresh(held)
    assert held.hidden_at is not None
