"""Issue 27 in the browser, on a phone and on a desktop: a person asks to add an organisation, a moderator
verifies it on the moderator's screen, the organisation supports two pillars with a reason, and it is found
on the municipality page, in the dossier, in the API and on its own page. axe on every state."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import check_accessibility
from tests.browser.steps import log_in
from tests.factories import UserFactory

SHOTS = os.environ.get("WIJKSTEM_SHOTS", "")
SIZES = {"telefoon": (375, 667), "desktop": (1280, 800)}


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("size", list(SIZES))
def test_an_organisation_is_asked_for_verified_supports_and_is_found(
    page: Page, browser: Browser, live_server, size: str
):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    UserFactory(display_name="Fatima", email="fatima@example.org")
    UserFactory(display_name="Mo Derator", email="mo@example.org", role="moderator")

    # 1. The person asks; nothing is public yet.
    log_in(page, "fatima@example.org")
    page.goto("/organisaties/nieuw")
    check_accessibility(page)
    page.get_by_role("button", name="Vraag aan").click()  # empty: the summary says what to fill in
    expect(page.get_by_role("heading", name="Controleer wat je hebt ingevuld")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Naam van de organisatie").fill("Buurthuis De Klop")
    page.get_by_label("Wijkcentrum of buurthuis").check()
    page.get_by_label("Website van de organisatie").fill("www.buurthuisdeklop.nl")
    page.get_by_label("Gemeente waar de organisatie werkt").fill("Utrecht")
    page.get_by_label("Wijk of buurt (niet verplicht)").fill("Zuilen")
    _shot(page, f"form-{size}")
    page.get_by_role("button", name="Vraag aan").click()
    expect(page.get_by_text("Je aanvraag is verstuurd.")).to_be_visible()
    expect(page.locator("[data-status=requested]")).to_be_visible()
    check_accessibility(page)

    # 2. The moderator verifies it on the moderator's screen (their own browser).
    moderator = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    mod_page = moderator.new_page()
    log_in(mod_page, "mo@example.org")
    mod_page.goto("/moderatie/organisaties")
    item = mod_page.locator("article, li, section").filter(has_text="Buurthuis De Klop").last
    expect(item).to_contain_text("www.buurthuisdeklop.nl")
    check_accessibility(mod_page)
    _shot(mod_page, f"moderator-{size}")
    mod_page.get_by_role("button", name="Goedkeuren", exact=True).click()
    expect(mod_page.get_by_text("Buurthuis De Klop")).to_have_count(0)
    moderator.close()

    # 3. The person supports two pillars with a reason.
    page.goto("/organisaties/buurthuis-de-klop/beheer")
    expect(page.locator("[data-status=verified]")).to_be_visible()
    for slug, reason in (
        ("bewoners-leidend", "Bewoners van Zuilen weten zelf wat de wijk nodig heeft."),
        ("lange-termijn", "Wij zijn er al dertig jaar en blijven."),
    ):
        section = page.locator(f"#pijler-{slug}")
        section.get_by_label("Waarom steunt de organisatie deze pijler? (niet verplicht)").fill(reason)
        section.get_by_role("button", name="Steun deze pijler namens de organisatie").click()
        expect(page.locator(f"#pijler-{slug} [data-supported]")).to_be_visible()
    check_accessibility(page)
    _shot(page, f"manage-{size}")

    # 4. Anyone finds it: the municipality page, the dossier, the API, its own page, the list.
    visitor = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    reader = visitor.new_page()
    reader.goto("/gemeente/utrecht")
    expect(reader.locator("[data-organisations='1']")).to_contain_text(
        "Ook 1 organisatie uit Utrecht steunt het manifest"
    )
    check_accessibility(reader)
    reader.goto("/gemeente/utrecht/afdrukken")
    expect(reader.locator(".organisation-supporters--print")).to_contain_text("Buurthuis De Klop")
    check_accessibility(reader)
    answer = reader.goto("/api/v1/organisations?municipality=GM0344")
    assert answer is not None
    data = json.loads(answer.text())
    assert data["total"] == 1 and [p["slug"] for p in data["items"][0]["pillars"]] == [
        "bewoners-leidend",
        "lange-termijn",
    ]
    reader.goto("/organisaties/buurthuis-de-klop")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Buurthuis De Klop")
    expect(reader.get_by_text("Wij zijn er al dertig jaar en blijven.")).to_be_visible()
    expect(reader.locator("[data-organisation-support='2']")).to_be_visible()
    check_accessibility(reader)
    _shot(reader, f"own-page-{size}")
    reader.goto("/organisaties?gemeente=utrecht")
    expect(reader.get_by_role("link", name="Buurthuis De Klop")).to_be_visible()
    check_accessibility(reader)
    _shot(reader, f"list-{size}")
    reader.goto("/gemeente/utrecht")
    _shot(reader, f"municipality-{size}")
    visitor.close()
