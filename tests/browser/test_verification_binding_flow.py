"""Issue 25 in the browser: a verified raadslid is warned before saving that a new municipality ends the
verification, is told on the spot that it ended, and can no longer write for any council. axe on each."""

from __future__ import annotations

import os

from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.council_fixtures import council_member

SHOTS = os.environ.get("WIJKSTEM_SHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_moving_ends_the_verification_and_says_so(page: Page, axe_check, live_server):
    council_member(display_name="Jan Raad", email="jan.raad@example.org", party="Partij V")
    log_in(page, "jan.raad@example.org")
    page.goto("/account")
    warning = page.locator("[data-verification-warning]")
    expect(warning).to_contain_text("Let op: je bent geverifieerd als Jan Raad")
    expect(warning).to_contain_text("Dan stopt je verificatie meteen.")
    axe_check(page)
    _shot(page, "profile-warning")

    page.get_by_label("Gemeente", exact=True).fill("Amsterdam")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Je bent niet meer geverifieerd, omdat je je gemeente hebt veranderd.")).to_be_visible()
    expect(page.get_by_role("link", name="Laat je rol bevestigen")).to_be_visible()  # how to ask again
    expect(page.locator("[data-verification-warning]")).to_have_count(0)
    axe_check(page)
    _shot(page, "verification-ended")

    answer = page.goto("/gemeente/amsterdam/raad/nieuw")
    assert answer is not None and answer.status == 403
    expect(page.get_by_text("Alleen geverifieerde raadsleden")).to_be_visible()
