from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from tests.moderation_fixtures import admin, make_request, moderator, professional, sign_in
from tests.organisation_fixtures import make_organisation
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, User
from wijkstem.services.content.content import seed_content
from wijkstem.services.moderation import audit
from wijkstem.services.moderation.audit import AuditLogIsAppendOnly
from wijkstem.services.organisations.organisation_verification import report_organisation

__all__ = ["admin", "moderator", "professional"]


@pytest.fixture
def restore_texts():
    yield
    seed_content(force=True)


def _scenarios(professional, make_user) -> dict[str, tuple[str, dict]]:
    """For every moderation and admin POST endpoint: a URL and form data for a valid action."""
    request = make_request(professional)
    bulk = make_request(make_user(perspective="politician", perspective_role="raadslid"))
    target = make_user(display_name="Bert Blok")
    blocked = make_user(display_name="Geblokte Gea", blocked_at=utcnow())
    return {
        "moderation.decide": (f"/moderatie/verificatie/{request.id}/besluit", {"action": "approve"}),
        "moderation.decide_selected": (
            "/moderatie/verificatie/selectie",
            {"action": "reject", "ids": [bulk.id], "reason_text": "Onvolledig"},
        ),
        "moderation.block": (f"/moderatie/gebruikers/{target.id}/blokkeren", {"reason_text": "Spam"}),
        "moderation.unblock": (f"/moderatie/gebruikers/{blocked.id}/deblokkeren", {}),
        "admin.change_role": (f"/beheer/gebruikers/{target.id}/rol", {"role": "moderator"}),
        "admin.edit_text": ("/beheer/teksten/pillar:lange-termijn:title", {"text": "Kies voor de lange termijn!"}),
    }


def test_every_moderation_and_admin_post_route_writes_an_audit_entry(
    app, client, admin, professional, make_user, restore_texts
):
    post_endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in ("moderation", "admin")
    }
    scenarios = _scenarios(professional, make_user)
    assert post_endpoints == set(scenarios), "give every moderation/admin POST route a scenario here"
    sign_in(client, admin)
    for endpoint, (url, data) in scenarios.items():
        before = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
        response = client.post(url, data=data)
        assert response.status_code == 302, endpoint
        after = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
        assert after > before, f"{endpoint} wrote no audit entry"
        newest = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert newest.actor_id == admin.id and newest.after is not None, endpoint


def test_the_log_cannot_be_changed_or_deleted_through_the_orm(moderator):
    entry = audit.record(moderator, "user.block", "user", 1, "Spam")
    db.session.commit()
    entry.reason = "iets anders"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).reason == "Spam"


def entries_in(html: str) -> int:
    return html.count('class="audit-log__entry"')


def test_the_log_reads_as_sentences_about_named_people(client, moderator, admin, make_user):
    author = make_user(display_name="A. de Vries")
    audit.record(
        moderator, "report.hide", "comment", 7, "spam", {"hidden": None}, {"hidden": "moderator"}, about=author
    )
    audit.record(
        admin, "user.role", "user", author.id, None, {"role": "participant"}, {"role": "moderator"}, about=author
    )
    db.session.commit()
    sign_in(client, admin)
    html = client.get("/beheer/logboek").get_data(as_text=True)
    assert "<p>Reactie van A. de Vries verborgen: spam — door moderator Mo Derator</p>" in html
    assert "<p>A. de Vries is nu moderator — door beheerder Ad Min</p>" in html
    assert "{&#34;hidden&#34;" not in html and "report.hide" not in html.split("<ol")[1]
    assert f'href="/beheer/gebruikers/{author.id}">Bekijk het account van A. de Vries</a>' in html


def _entries(moderator, admin):
    old = audit.record(moderator, "verification.approved", "verification_request", 1, None, {"a": 1}, {"a": 2})
    old.created_at = utcnow() - timedelta(days=10)
    audit.record(moderator, "user.block", "user", 2, '=HYPERLINK("x")', {"blocked": False}, {"blocked": True})
    audit.record(admin, "user.role", "user", 3, None, {"role": "participant"}, {"role": "moderator"})
    db.session.commit()


def test_admin_browses_and_filters_the_log(client, moderator, admin):
    _entries(moderator, admin)
    sign_in(client, admin)
    html = client.get("/beheer/logboek").get_data(as_text=True)
    assert entries_in(html) == 3 and "user.role" in html and "Mo Derator" in html
    html = client.get("/beheer/logboek?action=user.block").get_data(as_text=True)
    assert entries_in(html) == 1 and "user.block" in html
    html = client.get("/beheer/logboek?actor=ad+m").get_data(as_text=True)
    assert entries_in(html) == 1 and "user.role" in html
    since = (utcnow() - timedelta(days=2)).date().isoformat()
    html = client.get(f"/beheer/logboek?date_from={since}").get_data(as_text=True)
    assert entries_in(html) == 2
    html = client.get("/beheer/logboek?date_from=gisteren").get_data(as_text=True)
    assert entries_in(html) == 3  # a broken date is ignored, never a 500


def test_log_pages(client, admin, monkeypatch):
    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    for number in range(5):
        audit.record(admin, "user.role", "user", number, None)
    db.session.commit()
    sign_in(client, admin)
    html = client.get("/beheer/logboek").get_data(as_text=True)
    assert entries_in(html) == 2 and "Volgende pagina" in html and "Vorige pagina" not in html
    html = client.get("/beheer/logboek?pagina=3").get_data(as_text=True)
    assert entries_in(html) == 1 and "Vorige pagina" in html and "Volgende pagina" not in html


def test_csv_export_follows_the_filter_and_defuses_formulas(client, moderator, admin):
    _entries(moderator, admin)
    sign_in(client, admin)
    response = client.get("/beheer/logboek.csv?action=user.block")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:5] == ["id", "created_at", "actor_id", "actor_label", "action"]
    assert len(rows) == 2 and rows[1][4] == "user.block"
    assert rows[1][8] == '\'=HYPERLINK("x")'
    assert rows[0][-1] == "action_label" and rows[1][-1] == "Account geblokkeerd"


def test_the_log_shows_what_each_action_means_in_plain_dutch(client, moderator, admin):
    _entries(moderator, admin)
    audit.record(admin, "something.new", "user", 4, None)
    db.session.commit()
    sign_in(client, admin)
    html = client.get("/beheer/logboek").get_data(as_text=True)
    assert "<p>Rol van een verwijderd account bevestigd — door moderator Mo Derator</p>" in html
    assert (
        "<p>Account van een verwijderd account geblokkeerd: =HYPERLINK(&#34;x&#34;) — door moderator Mo Derator</p>"
        in html
    )
    assert "verification.approved</p>" not in html
    assert '<option value="user.role">Rol van account veranderd</option>' in html
    assert "<p>something.new — door beheerder Ad Min</p>" in html  # an action without a sentence shows its code
    html = client.get("/beheer/logboek?action=user.block", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert entries_in(html) == 1


def test_nobody_else_reads_the_log(client, moderator):
    sign_in(client, moderator)
    assert client.get("/beheer/logboek").status_code == 403
    assert client.get("/beheer/logboek.csv").status_code == 403


def test_anonymised_actor_keeps_the_record(app, moderator):
    audit.record(moderator, "user.block", "user", 1, "Spam")
    db.session.commit()
    audit.anonymise(moderator)  # what services.accounts.personal_data.erase_account does
    db.session.delete(db.session.get(User, moderator.id))
    db.session.commit()
    entry = db.session.scalar(db.select(AuditEntry))
    assert (entry.actor_id, entry.actor_label, entry.reason) == (None, "verwijderd account", "Spam")


def _queue_scenarios(professional, make_user) -> dict[tuple[str, str], tuple[int, dict]]:
    """For every action of every moderation queue: an item id and form data for a valid decision."""
    from sqlalchemy import select

    from tests.experience_builders import make_experience
    from wijkstem.models import Pillar, Report
    from wijkstem.services.discussion import comments, reports

    def reported_comment() -> int:
        pillar_id = db.session.scalar(select(Pillar.id).limit(1))
        comment = comments.post_comment(make_user(), "pillar", pillar_id, "Een gemelde reactie")
        reports.report_item(make_user(), "comment", comment.id, "spam")
        return db.session.scalar(
            select(Report.id).where(Report.subject_id == comment.id, Report.subject_type == "comment")
        )

    def reported_organisation(name: str) -> int:
        organisation = make_organisation(make_user(), name=name, verified=True)
        report_organisation(make_user(), organisation, "spam", None)
        return organisation.id

    def held_comment() -> int:
        pillar_id = db.session.scalar(select(Pillar.id).limit(1))
        links = "https://a.example https://b.example https://c.example"
        comment = comments.post_comment(make_user(), "pillar", pillar_id, f"Kijk hier: {links}")
        assert comment.is_held
        return comment.id

    return {
        ("verificatie", "approve"): (make_request(professional).id, {}),
        ("verificatie", "reject"): (
            make_request(make_user(perspective="politician")).id,
            {"reason_text": "Onvolledig"},
        ),
        ("ervaringen", "approve"): (make_experience(make_user(), approve=False).id, {}),
        ("ervaringen", "reject"): (make_experience(make_user(), approve=False).id, {"reason_text": "Namen"}),
        ("gemeld", "approve"): (reported_comment(), {}),
        ("gemeld", "hide"): (reported_comment(), {"reason_text": "Spam"}),
        ("gemeld", "restore"): (reported_comment(), {}),
        ("controle", "approve"): (held_comment(), {}),
        ("controle", "reject"): (held_comment(), {"reason_text": "Reclame"}),
        ("organisaties", "approve"): (make_organisation(make_user(), name="Vraagt Een").id, {}),
        ("organisaties", "reject"): (make_organisation(make_user(), name="Vraagt Twee").id, {"reason_text": "Onbekend"}),
        ("organisatie-meldingen", "approve"): (reported_organisation("Gemeld Een"), {}),
        ("organisatie-meldingen", "hide"): (reported_organisation("Gemeld Twee"), {"reason_text": "Nep"}),
    }


def test_every_queue_action_writes_an_audit_entry(client, admin, professional, make_user):
    from wijkstem.services.moderation.moderation_queue import queues

    scenarios = _queue_scenarios(professional, make_user)
    assert {(q.name, action) for q in queues() for action in q.actions} == set(scenarios)
    sign_in(client, admin)
    for (name, action), (item_id, data) in scenarios.items():
        before = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
        response = client.post(f"/moderatie/{name}/{item_id}/besluit", data={"action": action, **data})
        assert response.status_code == 302, (name, action)
        newest = db.session.scalar(db.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == before + 1, (name, action)
        assert newest.actor_id == admin.id and newest.before is not None and newest.after is not None, (name, action)
