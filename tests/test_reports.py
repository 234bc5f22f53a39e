from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import Comment, Report
from wijkstem.services.discussion import comments, reports
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
    assert "Kies een reden." in html and "Controleer wat je hebt ingevuld" in html


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


def test_melden_links_to_the_report_page_which_thanks_and_leads_back(client_for, make_user, pillar):
    """Under each comment a plain link (no form per comment); the report page asks why, says thanks
    after sending and links back to the comment."""
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Koop nu goedkope pillen")
    browser = client_for(make_user())
    pillar_page = browser.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert f'<a class="utrecht-link utrecht-link--html-a nl-link comment__report" href="/reacties/{comment.id}/melden">Melden</a>' in pillar_page
    assert 'name="reason"' not in pillar_page  # the reasons are asked on the report page only
    form_page = browser.get(f"/reacties/{comment.id}/melden").get_data(as_text=True)
    assert "Koop nu goedkope pillen" in form_page and "Meld deze reactie" in form_page

    response = browser.post(f"/reacties/{comment.id}/melden", data={"reason": "spam"})
    assert response.headers["Location"] == f"/reacties/{comment.id}/melden"
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bedankt voor je melding. Een moderator kijkt ernaar." in page
    assert "Je hebt deze reactie gemeld." in page and "Meld deze reactie" not in page
    assert f'href="/manifest/{SLUG}#reactie-{comment.id}">Terug naar de reactie</a>' in page


def test_the_report_page_says_when_you_reported_already(client_for, make_user, pillar):
    comment = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Iets")
    reporter = make_user()
    reports.report_item(reporter, Subject.COMMENT, comment.id, "spam")
    page = client_for(reporter).get(f"/reacties/{comment.id}/melden").get_data(as_text=True)
    assert "Je hebt deze reactie gemeld. Een moderator kijkt ernaar." in page and 'name="reason"' not in page
