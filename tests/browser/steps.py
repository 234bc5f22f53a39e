"""Steps several browser tests take the same way."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def log_in(page: Page, email: str, password: str = PASSWORD, expect_success: bool = True) -> None:
    """Log in through the form; the one browser log-in every browser test uses."""
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if expect_success:
        expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()
