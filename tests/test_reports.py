from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import Comment, Report
from wijkstem.services import comments, reports
from wijkstem.subjects import Subject


def test_report_a_comment_thanks_the_reporter(client_for, make_user, pillar):
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Koop nu goedkope pillen")
    browser = client_for(make_user())
    response = browser.post(
        f"/reacties/{comment.id}/melden", data={"reason": "spam", "text": "reclame"}, follow_redirects=True
    )
    assert "Bedankt voor je melding. Een moderator kijkt ernaar." in response.get_data(as_text=True)
    report = db.session.scalar(select(Report))
    assert (report.subject_type, report.subject_id, report.reason, report.text, report.status) == (
        "comment",
        comment.id,
        "spam",
        "reclame",
        "open",
    )
    again = browser.post(f"/reacties/{comment.id}/melden", data={"reason": "other"}, follow_redirects=True)
    assert "Je hebt dit al gemeld." in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 1


def test_report_without_reason_shows_the_error(client_for, make_user, pillar):
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Iets")
    html = client_for(make_user()).post(f"/reacties/{comment.id}/melden", data={"text": "hm"}).get_data(as_text=True)
    assert "Kies een reden." in html and "Er ging iets mis" in html


def test_comment_is_hidden_after_three_distinct_reporters(client, make_user, pillar):
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Kwetsende tekst")
    for n in range(3):
        assert not db.session.get(Comment, comment.id).is_hidden, n
        reports.report_item(make_user(), "comment", comment.id, "offensive")
        db.session.expire_all()
    hidden = db.session.get(Comment, comment.id)
    assert hidden.is_hidden and hidden.hidden_reason == "reports"
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Kwetsende tekst" not in html and "verborgen tot een moderator" in html


def test_threshold_is_configurable(app, make_user, pillar):
    app.config["REPORT_HIDE_THRESHOLD"] = 1
    try:
        comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Eén melding is genoeg")
        reports.report_item(make_user(), "comment", comment.id, "other")
    finally:
        app.config["REPORT_HIDE_THRESHOLD"] = 3
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).is_hidden


def test_cannot_report_own_comment(make_user, pillar):
    writer = make_user()
    comment = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Mijn eigen")
    with pytest.raises(reports.ReportError):
        reports.report_item(writer, "comment", comment.id, "spam")


def test_download_my_data_lists_reports(client, login, make_user, pillar):
    user = make_user()
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Iets")
    reports.report_item(user, "comment", comment.id, "off-topic", "klopt niet")
    login(user)
    assert client.get("/account/mijn-gegevens").json["reports"][0]["reason"] == "off-topic"


def test_the_thanks_shows_next_to_the_reported_comment(client_for, make_user, pillar):  # noqa: F811
    """The page opens at the comment (#reactie-N), so the thanks must be there, not only in the top flash."""
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Koop nu goedkope pillen")
    browser = client_for(make_user())
    response = browser.post(f"/reacties/{comment.id}/melden", data={"reason": "spam"})
    assert response.headers["Location"].endswith(f"?gemeld={comment.id}#reactie-{comment.id}")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    after_comment = page[page.index(f'id="reactie-{comment.id}"') :]
    assert '<p class="alert alert--success">Bedankt voor je melding. Een moderator kijkt ernaar.</p>' in after_comment
