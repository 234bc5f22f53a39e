"""Reported comments and experiences in the moderation workspace (/moderatie/gemeld)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.experience_builders import make_experience
from tests.moderation_fixtures import audit_actions, mail_to, sign_in
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, Comment, Experience, Pillar, Report
from wijkstem.services.discussion import comments, reports
from wijkstem.subjects import Subject


@pytest.fixture
def pillar(app) -> Pillar:
    return db.session.scalar(select(Pillar).order_by(Pillar.position))


def browser(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _reported_comment(make_user, pillar, reporters=1, body="Koop nu goedkope pillen"):
    author = make_user(display_name="Sam Schrijver")
    comment = comments.post_comment(author, Subject.PILLAR, pillar.id, body)
    people = [make_user(display_name=f"Melder {n}") for n in range(reporters)]
    for n, person in enumerate(people):
        reports.report_item(person, "comment", comment.id, "spam", f"reclame {n}")
    return author, comment, people


def _first_report_id(subject_type: str, subject_id: int) -> int:
    return db.session.scalar(
        select(Report.id)
        .where(Report.subject_type == subject_type, Report.subject_id == subject_id)
        .order_by(Report.id)
    )


def _decide(client, item_id: int, action: str, reason: str = ""):
    return client.post(
        f"/moderatie/gemeld/{item_id}/besluit", data={"action": action, "reason_text": reason}, follow_redirects=True
    )


def test_queue_lists_reported_items_oldest_first_with_their_reports(app, make_user, pillar):
    _author, first, _people = _reported_comment(make_user, pillar, reporters=2)
    story_author = make_user(display_name="Eva Ervaring")
    experience = make_experience(story_author, make_user(role="moderator"))
    reports.report_item(make_user(), "experience", experience.id, "personal-data", "Er staat een adres in")
    moderator = browser(app, make_user(role="moderator"))

    assert "Gemelde bijdragen</a>: <strong>2</strong>" in moderator.get("/moderatie").get_data(as_text=True)
    page = moderator.get("/moderatie/gemeld").get_data(as_text=True)
    assert page.index("Koop nu goedkope pillen") < page.index("Plantenbakken in de straat")
    assert "Reactie van Sam Schrijver" in page and "Meldingen (2)" in page
    assert "Spam of reclame" in page and "reclame 1" in page and "Er staan persoonsgegevens in" in page
    assert "gemeld door Melder 0" in page  # moderators may see who reported
    assert f'href="/manifest/{pillar.slug}#reactie-{first.id}"' in page
    assert f'href="/ervaringen/{experience.id}-{experience.slug}"' in page
    assert "Nog zichtbaar" in page


def test_hide_handles_the_reports_writes_the_log_and_tells_the_author_without_reporters(app, make_user, pillar):
    author, comment, people = _reported_comment(make_user, pillar, reporters=2)
    moderator_user = make_user(role="moderator")
    moderator = browser(app, moderator_user)
    item_id = _first_report_id("comment", comment.id)

    assert "Kies of schrijf een reden." in _decide(moderator, item_id, "hide").get_data(as_text=True)
    page = _decide(moderator, item_id, "hide", "Reclame hoort hier niet").get_data(as_text=True)
    assert "Verborgen. De schrijver krijgt een mail met de reden." in page
    assert "Niets te doen. Alles is afgehandeld." in page

    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden_reason == "moderator"
    rows = db.session.scalars(select(Report)).all()
    assert {(r.status, r.handled_by_id) for r in rows} == {("upheld", moderator_user.id)}
    assert all(r.handled_at is not None for r in rows)
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.subject_type, entry.subject_id, entry.about_user_id) == (
        "report.hide",
        "comment",
        comment.id,
        author.id,
    )
    assert entry.before == {"hidden": None, "open_reports": 2}
    assert entry.after == {"hidden": "moderator", "open_reports": 0}

    [mail] = mail_to(author.email)
    assert "Reclame hoort hier niet" in mail.body_text and "verborgen" in mail.body_text
    assert all(person.display_name not in mail.body_text for person in people)
    assert "Melder" not in mail.body_text

    public = app.test_client().get(f"/manifest/{pillar.slug}").get_data(as_text=True)
    assert "Koop nu goedkope pillen" not in public


def test_approve_after_the_threshold_brings_the_comment_back(app, make_user, pillar):
    author, comment, _people = _reported_comment(make_user, pillar, reporters=3)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden_reason == "reports"
    moderator = browser(app, make_user(role="admin"))
    assert "Verborgen na meldingen" in moderator.get("/moderatie/gemeld").get_data(as_text=True)

    assert "Goedgekeurd." in _decide(moderator, _first_report_id("comment", comment.id), "approve").get_data(True)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden_at is None
    assert {r.status for r in db.session.scalars(select(Report))} == {"dismissed"}
    assert audit_actions() == ["report.approve"]
    assert mail_to(author.email) == []  # nothing was hidden by a moderator
    assert "Koop nu goedkope pillen" in app.test_client().get(f"/manifest/{pillar.slug}").get_data(as_text=True)


def test_restore_a_reported_experience_and_a_new_report_opens_a_new_item(app, make_user, pillar, monkeypatch):
    app.config["REPORT_HIDE_THRESHOLD"] = 1
    try:
        experience = make_experience(make_user(), make_user(role="moderator"))
        reports.report_item(make_user(), "experience", experience.id, "offensive")
    finally:
        app.config["REPORT_HIDE_THRESHOLD"] = 3
    db.session.expire_all()
    assert db.session.get(Experience, experience.id).is_hidden
    assert app.test_client().get(f"/ervaringen/{experience.id}-{experience.slug}").status_code == 404
    assert "Plantenbakken" not in app.test_client().get("/ervaringen").get_data(as_text=True)

    moderator = browser(app, make_user(role="moderator"))
    page = _decide(moderator, _first_report_id("experience", experience.id), "restore").get_data(as_text=True)
    assert "Teruggezet." in page
    assert app.test_client().get(f"/ervaringen/{experience.id}-{experience.slug}").status_code == 200
    assert audit_actions() == ["report.restore"]
    mail = mail_to(experience.author.email)[-1]
    assert "Plantenbakken in de straat" in mail.body_text and "teruggezet: iedereen kan het weer zien" in mail.body_text

    reports.report_item(make_user(), "experience", experience.id, "spam")
    assert "Plantenbakken in de straat" in moderator.get("/moderatie/gemeld").get_data(as_text=True)


def test_a_moderator_cannot_decide_on_reports_about_their_own_comment(app, make_user, pillar):
    moderator_user = make_user(role="moderator")
    comment = comments.post_comment(moderator_user, Subject.PILLAR, pillar.id, "Mijn eigen reactie")
    reports.report_item(make_user(), "comment", comment.id, "other")
    page = _decide(browser(app, moderator_user), _first_report_id("comment", comment.id), "hide", "x")
    assert "Over je eigen bijdrage of aanvraag beslist een andere moderator." in page.get_data(as_text=True)
    assert db.session.scalar(select(Report.status)) == "open" and audit_actions() == []


def test_reporters_see_their_own_report_handled_and_nobody_elses(app, make_user, pillar):
    _author, comment, (first, second) = _reported_comment(make_user, pillar, reporters=2)
    mine = browser(app, first).get("/account/meldingen").get_data(as_text=True)
    assert "Een reactie" in mine and "Een moderator kijkt ernaar." in mine and "reclame 1" not in mine
    assert "Melder 1" not in mine

    _decide(browser(app, make_user(role="moderator")), _first_report_id("comment", comment.id), "hide", "Spam")
    mine = browser(app, first).get("/account/meldingen").get_data(as_text=True)
    assert "Afgehandeld" in mine and "de bijdrage is verborgen" in mine
    assert "Melder 1" not in mine and "reclame 1" not in mine
    assert mine.count('class="report-list__item"') == 1
    nothing = browser(app, make_user()).get("/account/meldingen").get_data(as_text=True)
    assert "Je hebt nog niets gemeld." in nothing


def test_restoring_visible_content_sends_no_mail(app, make_user, pillar):
    author, comment, _people = _reported_comment(make_user, pillar)
    moderator = browser(app, make_user(role="moderator"))
    assert "Teruggezet." in _decide(moderator, _first_report_id("comment", comment.id), "restore").get_data(
        as_text=True
    )
    assert audit_actions() == ["report.restore"] and mail_to(author.email) == []
