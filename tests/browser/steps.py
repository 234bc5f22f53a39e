"""Steps several browser tests take the same way."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def log_in(page: Page, email: str) -> None:
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
