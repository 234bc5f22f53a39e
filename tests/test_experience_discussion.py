"""Comments and reports on an experience, with the comment component; real comment counts."""

from __future__ import annotations

from sqlalchemy import select

from tests.experience_builders import make_experience
from tests.moderation_fixtures import sign_in
from wijkstem.extensions import db
from wijkstem.models import Comment, OutboxMessage, Report
from wijkstem.services.discussion import comments
from wijkstem.services.moderation import content_visibility


def _url(experience) -> str:
    return f"/ervaringen/{experience.id}-{experience.slug}"


def test_comment_reply_and_counts_on_an_experience(app, client, make_user):
    author, reader = make_user(display_name="Eva"), make_user(display_name="Ruben Reageerder")
    experience = make_experience(author, make_user(role="moderator"))
    sign_in(client, reader)

    response = client.post(f"/ervaringen/{experience.id}/reacties", data={"body": "Goed idee, dat doen wij ook!"})
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302 and response.location.endswith(f"{_url(experience)}#reactie-{comment.id}")
    assert (comment.subject_type, comment.subject_id) == ("experience", experience.id)
    page = client.get(_url(experience)).get_data(as_text=True)
    assert "Bedankt, je reactie staat erbij." in page and "Goed idee, dat doen wij ook!" in page
    assert "Reacties (1)" in page and "Ruben Reageerder" in page

    other = app.test_client()
    sign_in(other, author)
    reply = other.post(f"/reacties/{comment.id}/reageren", data={"body": "Dank je!"})
    assert reply.location.split("#")[0].endswith(_url(experience))  # back to the experience
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == reader.email))
    assert _url(experience) in mail.body_text

    assert "2 reacties" in client.get("/ervaringen").get_data(as_text=True)
    [item] = client.get("/api/v1/experiences").get_json()["items"]
    assert item["comment_count"] == 2


def test_a_comment_with_a_mistake_keeps_the_text(client, make_user):
    experience = make_experience(make_user(), make_user(role="moderator"))
    sign_in(client, make_user())
    html = client.post(f"/ervaringen/{experience.id}/reacties", data={"body": "x" * 2001}).get_data(as_text=True)
    assert "Controleer wat je hebt ingevuld" in html and "tussen 2 en 2.000 tekens" in html and "x" * 2001 in html
    assert db.session.scalar(select(Comment)) is None


def test_only_published_experiences_take_comments(client, make_user):
    author = make_user()
    pending = make_experience(author, approve=False)
    sign_in(client, make_user())
    assert client.post(f"/ervaringen/{pending.id}/reacties", data={"body": "Hallo"}).status_code == 404
    assert client.post(f"/ervaringen/{pending.id}/melden", data={"reason": "spam"}).status_code == 404
    sign_in(client, author)
    page = client.get(_url(pending)).get_data(as_text=True)
    assert 'id="reacties"' not in page


def test_anonymous_visitors_are_asked_to_log_in(client, make_user):
    experience = make_experience(make_user(), make_user(role="moderator"))
    page = client.get(_url(experience)).get_data(as_text=True)
    assert "Log in om te reageren" in page and "Deze ervaring melden" not in page
    response = client.post(f"/ervaringen/{experience.id}/reacties", data={"body": "Hallo"})
    assert response.location.startswith("/account/inloggen")


def test_report_an_experience_once_and_see_it_on_the_page(client, make_user):
    author = make_user()
    experience = make_experience(author, make_user(role="moderator"))
    reporter = make_user()
    sign_in(client, reporter)
    assert "Deze ervaring melden" in client.get(_url(experience)).get_data(as_text=True)

    html = client.post(f"/ervaringen/{experience.id}/melden", data={}).get_data(as_text=True)
    assert "Kies een reden." in html and "Waarom meld je deze ervaring?" in html
    page = client.post(
        f"/ervaringen/{experience.id}/melden", data={"reason": "personal-data", "text": "Adres"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Bedankt voor je melding." in page and "Je hebt deze ervaring gemeld." in page
    report = db.session.scalar(select(Report))
    assert (report.subject_type, report.subject_id, report.reason, report.text) == (
        "experience",
        experience.id,
        "personal-data",
        "Adres",
    )
    again = client.post(f"/ervaringen/{experience.id}/melden", data={"reason": "spam"}, follow_redirects=True)
    assert "Je hebt dit al gemeld." in again.get_data(as_text=True)

    sign_in(client, author)
    assert "Deze ervaring melden" not in client.get(_url(experience)).get_data(as_text=True)
    own = client.post(f"/ervaringen/{experience.id}/melden", data={"reason": "spam"}).get_data(as_text=True)
    assert "Je kunt je eigen bijdrage niet melden." in own


def test_hidden_comments_do_not_count(client, make_user):
    experience = make_experience(make_user(), make_user(role="moderator"))
    visible = comments.post_comment(make_user(), "experience", experience.id, "Zichtbaar")
    hidden = comments.post_comment(make_user(), "experience", experience.id, "Verborgen")
    content_visibility.hide("comment", hidden.id, content_visibility.BY_REPORTS)
    db.session.commit()
    page = client.get(_url(experience)).get_data(as_text=True)
    assert "Reacties (1)" in page and visible.body in page
    assert client.get("/api/v1/experiences").get_json()["items"][0]["comment_count"] == 1


def test_deleting_an_experience_with_the_account_takes_its_discussion_along(client, make_user):
    from tests.conftest import PASSWORD
    from wijkstem.models import HelpfulMark

    author = make_user()
    experience = make_experience(author, make_user(role="moderator"))
    first, second = make_user(), make_user()
    comment = comments.post_comment(first, "experience", experience.id, "Mooi verhaal")
    comments.reply_to(second, comment, "Vind ik ook")
    comments.toggle_helpful(second, comment)
    from wijkstem.services.discussion import reports

    reports.report_item(second, "experience", experience.id, "other")
    reports.report_item(second, "comment", comment.id, "other")
    sign_in(client, author)
    client.post("/account/verwijderen", data={"password": PASSWORD, "experiences": "verwijderen", "confirm": "y"})
    db.session.expire_all()
    assert db.session.scalar(select(Comment)) is None and db.session.scalar(select(Report)) is None
    assert db.session.scalar(select(HelpfulMark)) is None
    moderator = make_user(role="moderator")
    sign_in(client, moderator)
    assert "Gemelde bijdragen</a>: <strong>0</strong>" in client.get("/moderatie").get_data(as_text=True)
