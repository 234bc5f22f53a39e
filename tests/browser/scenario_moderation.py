"""Browser scenario for moderation, as a plain function: tests/browser/test_moderation_flow.py runs it.

It needs a running app at base_url, a Playwright sync `page`, and three confirmed accounts made by
the fixture (a professional, a moderator, an admin) that share `password`. It uses the keyboard
where a moderator would (Tab/Space/Enter on the queue), so it also proves the queue is keyboard-usable.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.steps import log_in


def _log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()


def verification_and_blocking_scenario(page, base_url: str, professional, moderator, admin, password: str) -> None:
    # 1. A professional asks for verification from their profile.
    log_in(page, professional.email, password)
    page.get_by_role("link", name="Mijn account").click()
    page.get_by_role("link", name="Verificatie van je rol").click()
    page.get_by_label("Organisatie").fill("Gemeente Utrecht")
    page.get_by_label("Functie").fill("Wijkregisseur")
    page.get_by_label("Openbare link waarop je rol staat").fill("https://www.utrecht.nl/wijken/team")
    page.get_by_role("button", name="Vraag verificatie aan").click()
    expect(page.get_by_text("Je aanvraag is verstuurd.")).to_be_visible()
    _log_out(page)

    # 2. The moderator sees the count, opens the queue and approves with the keyboard only.
    log_in(page, moderator.email, password)
    page.get_by_role("link", name="Moderatie").click()
    page.get_by_role("link", name="Verificatie-aanvragen").click()
    page.get_by_role("button", name="Goedkeuren", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Goedgekeurd.")).to_be_visible()

    # 3. Moderators may not enter beheer.
    page.goto(f"{base_url}/beheer")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    _log_out(page)

    # 4. The admin blocks the professional from the user page, then reads the log.
    log_in(page, admin.email, password)
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_label("Zoek op naam of e-mailadres").fill(professional.email)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=professional.display_name).click()
    page.get_by_text(f"{professional.display_name} blokkeren").click()
    page.get_by_label("Of schrijf een reden").fill("Test van de blokkade")
    page.get_by_label("Verberg ook alles wat deze persoon al heeft geplaatst").check()
    page.get_by_role("button", name="Blokkeren").click()
    expect(page.get_by_text(f"{professional.display_name} is geblokkeerd.")).to_be_visible()
    page.goto(f"{base_url}/beheer/logboek")
    entries = page.locator(".audit-log__entry")
    expect(entries.filter(has_text=f"Rol van {professional.display_name} bevestigd")).to_have_count(1)
    expect(entries.filter(has_text=f"Account van {professional.display_name} geblokkeerd")).to_have_count(1)
    _log_out(page)

    # 5. The blocked professional cannot log in any more.
    log_in(page, professional.email, password, expect_success=False)
    expect(page.locator("#password-error")).to_contain_text("Je account is geblokkeerd.")
