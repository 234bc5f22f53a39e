"""The small frictions of issue 22, each as a person meets it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import outbox_links, path_of
from tests.council_fixtures import council_member
from tests.moderation_fixtures import make_request, moderator, professional, sign_in
from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.models import CouncilResponse, VerificationRequest
from wijkstem.services.discussion import report_queue
from wijkstem.services.moderation.moderation_queue import APPROVE, RESTORE

__all__ = ["moderator", "professional"]  # fixtures

VERIFICATION = {"organisation": "Gemeente Utrecht", "function": "Wijkregisseur", "work_email": ""}


def test_the_280_character_motivation_states_its_limit_and_gets_a_counter(client, login, make_user, pillar):
    visitor_page = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Hoogstens 280 tekens." in visitor_page  # readable without JavaScript
    assert re.search(r'<textarea[^>]*id="motivation"[^>]*data-counter="280"', visitor_page)
    login(make_user())
    page = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Hoogstens 280 tekens." in page and re.search(r'<textarea[^>]*data-counter="280"', page)
    # The counter script is on every page, not only where the pillar's own script runs.
    assert "bindCounters" in client.get("/static/js/wijkstem.js").get_data(as_text=True)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("www.utrecht.nl/wijken/team", "https://www.utrecht.nl/wijken/team"),
        ("utrecht.nl", "https://utrecht.nl"),
        ("http://www.utrecht.nl", "http://www.utrecht.nl"),
    ],
)
def test_a_website_without_https_is_accepted(client, professional, typed, stored):
    sign_in(client, professional)
    response = client.post("/account/verificatie", data={**VERIFICATION, "evidence_url": typed})
    assert response.status_code == 302
    assert db.session.scalar(db.select(VerificationRequest.evidence_url)) == stored


def test_work_email_confirmation_lands_on_the_request_status(client, professional):
    sign_in(client, professional)
    client.post("/account/verificatie", data={**VERIFICATION, "evidence_url": "www.utrecht.nl", "work_email": "pia@utrecht.nl"})
    response = client.post(path_of(outbox_links("pia@utrecht.nl")[0]))
    assert response.status_code == 302 and response.headers["Location"] == "/account/verificatie"
    page = client.get("/account/verificatie").get_data(as_text=True)
    assert "Je werk-e-mailadres is bevestigd." in page and "Wacht op een moderator" in page and "(bevestigd)" in page


@pytest.mark.parametrize("typed", ["29-11-2026", "2026-11-29", "29/11/2026"])
def test_a_date_is_accepted_the_dutch_way_and_the_iso_way(client, login, typed):
    login(council_member())
    form = client.get("/gemeente/utrecht/raad/nieuw").get_data(as_text=True)
    assert "Bijvoorbeeld 29-11-2026." in form and "2026-11-29" not in form
    response = client.post(
        "/gemeente/utrecht/raad/nieuw", data={"kind": "response", "body": "Op de agenda.", "happened_on": typed}
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(CouncilResponse.happened_on)).isoformat() == "2026-11-29"


@pytest.mark.parametrize("typed", ["31-02-2026", "morgen", ""])
def test_a_wrong_date_gets_one_dutch_message(client, login, typed):
    login(council_member())
    html = client.post(
        "/gemeente/utrecht/raad/nieuw", data={"kind": "response", "body": "Op de agenda.", "happened_on": typed}
    ).get_data(as_text=True)
    assert html.count("Vul een datum in, bijvoorbeeld 29-11-2026.") == 2  # in the summary and beside the field
    assert "Not a valid date" not in html


def test_on_a_phone_the_experience_filters_fold_away_until_used(client):
    page = client.get("/ervaringen").get_data(as_text=True)
    panel = re.search(r"<details class=\"filter-panel\"[^>]*>", page)
    assert panel and " open" not in panel.group(0)
    assert page.index("Zoeken en filteren") < page.index('name="provincie"')
    filtered = client.get("/ervaringen?provincie=Utrecht").get_data(as_text=True)
    assert re.search(r"<details class=\"filter-panel\"[^>]* open>", filtered)  # the filter in use stays in view


def test_the_drop_downs_above_the_comments_look_alike(client, login, make_user, pillar):
    login(make_user())
    page = client.get(f"/manifest/{SLUG}?sorteer=nieuw").get_data(as_text=True)
    tags = [tag for tag in re.findall(r"<select[^>]*>", page) if re.search(r'id="(sorteer|perspectief|point)"', tag)]
    classes = [set(re.search(r'class="([^"]+)"', tag).group(1).split()) for tag in tags]
    assert len(classes) == 3 and all("utrecht-select--html-select" in c for c in classes), tags


def test_cijfers_is_in_the_main_menu(client):
    page = client.get("/").get_data(as_text=True)
    menu = page.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="/cijfers">Cijfers</a>' in menu
    dashboard = client.get("/cijfers").get_data(as_text=True)
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="/cijfers" aria-current="page">Cijfers</a>' in dashboard


def test_verification_requests_are_not_offered_spam_or_insults(client, moderator, professional):
    make_request(professional)
    sign_in(client, moderator)
    queue = client.get("/moderatie/verificatie").get_data(as_text=True)
    decision = queue.split('class="decision-form"')[1].split("</form>")[0]
    assert "spam" not in decision.lower() and "Beledigend" not in decision
    assert "De link laat de naam of de rol niet zien" in decision
    # Blocking a person still has the general reasons.
    assert "Reclame of spam" in queue.split('class="decision-form"')[1]


def test_goedkeuren_says_what_happens(client, moderator, professional):
    make_request(professional)
    sign_in(client, moderator)
    queue = client.get("/moderatie/verificatie").get_data(as_text=True)
    button = re.search(r'<button[^>]*value="approve"[^>]*aria-describedby="([^"]+)"', queue)
    assert button
    hint = re.search(rf'<li id="{button.group(1)}">(.*?)</li>', queue)
    assert hint and "iedereen ziet de rol" in hint.group(1)


def test_terugzetten_says_what_happens(app):
    hints = report_queue.QUEUE_PROVIDER.action_hints
    with app.test_request_context():
        assert "komt terug op de site" in str(hints[RESTORE]) and "blijft op de site" in str(hints[APPROVE])
