"""Decision mails name the item and link to it, never ask for a reply, and come once per decision."""

from __future__ import annotations

from sqlalchemy import select

from tests.moderation_fixtures import mail_to, sign_in
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject


def _held_comment(app, make_user):
    app.config["COMMENT_HOLD_FIRST"] = 1
    try:
        pillar = db.session.scalar(select(Pillar).filter_by(slug="lange-termijn"))
        comment = comments.post_comment(make_user(email="olga@example.org"), Subject.PILLAR, pillar.id, "Eerste reactie")
    finally:
        app.config["COMMENT_HOLD_FIRST"] = 0
    return comment


def _decide(app, make_user, comment, action, reason=""):
    client = app.test_client()
    sign_in(client, make_user(role="moderator"))
    client.post(f"/moderatie/controle/{comment.id}/besluit", data={"action": action, "reason_text": reason})


def test_approved_comment_mail_names_the_pillar_and_links_to_the_comment(app, make_user):
    comment = _held_comment(app, make_user)
    _decide(app, make_user, comment, "approve")
    (mail,) = mail_to("olga@example.org")
    assert mail.subject == "Je reactie op ‘Kies voor de lange termijn’ staat online"
    assert f"http://localhost/manifest/lange-termijn#reactie-{comment.id}" in mail.body_text
    assert "je reactie op ‘Kies voor de lange termijn’" in mail.body_text
    assert "Antwoord dan op deze mail" not in mail.body_text
    assert "Antwoorden op deze mail komt niet aan." in mail.body_text


def test_rejected_comment_mail_points_to_the_organisation_for_questions(app, make_user):
    app.config["WIJKSTEM_ORGANISATION_EMAIL"] = "vragen@voorbeeld.nl"
    try:
        comment = _held_comment(app, make_user)
        _decide(app, make_user, comment, "reject", "Spam of reclame")
    finally:
        app.config["WIJKSTEM_ORGANISATION_EMAIL"] = ""
    (mail,) = mail_to("olga@example.org")
    assert mail.subject == "Besluit over je reactie op ‘Kies voor de lange termijn’"
    assert "Reden: Spam of reclame" in mail.body_text
    assert "Mail dan naar vragen@voorbeeld.nl" in mail.body_text
