"""Browser scenario for moderation, as a plain function: the browser-fixtures helper wraps it in a test.

It needs a running app at base_url, a Playwright sync `page`, and three confirmed accounts made by
the fixture (a professional, a moderator, an admin) that share `password`. It uses the keyboard
where a moderator would (Tab/Space/Enter on the queue), so it also proves the queue is keyboard-usable.
"""

from __future__ import annotations


def _log_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/account/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def _log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()


def verification_and_blocking_scenario(page, base_url: str, professional, moderator, admin, password: str) -> None:
    # 1. A professional asks for verification from their profile.
    _log_in(page, base_url, professional.email, password)
    page.get_by_role("link", name="Verificatie van je rol").click()
    page.get_by_label("Organisatie").fill("Gemeente Utrecht")
    page.get_by_label("Functie").fill("Wijkregisseur")
    page.get_by_label("Openbare link waarop je rol staat").fill("https://www.utrecht.nl/wijken/team")
    page.get_by_role("button", name="Vraag verificatie aan").click()
    assert page.get_by_text("Je aanvraag is verstuurd.").is_visible()
    _log_out(page)

    # 2. The moderator sees the count, opens the queue and approves with the keyboard only.
    _log_in(page, base_url, moderator.email, password)
    page.get_by_role("link", name="Moderatie").click()
    page.get_by_role("link", name="Verificatie-aanvragen").click()
    page.get_by_role("button", name="Goedkeuren").focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Goedgekeurd.").is_visible()

    # 3. Moderators may not enter beheer.
    page.goto(f"{base_url}/beheer")
    assert page.get_by_role("heading", name="Geen toegang").is_visible()
    _log_out(page)

    # 4. The admin blocks the professional from the user page, then reads the log.
    _log_in(page, base_url, admin.email, password)
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Gebruikers").click()
    page.get_by_label("Zoek op naam of e-mailadres").fill(professional.email)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=professional.display_name).click()
    page.get_by_text(f"{professional.display_name} blokkeren").click()
    page.get_by_label("Of schrijf een reden").fill("Test van de blokkade")
    page.get_by_label("Verberg ook alles wat deze persoon al heeft geplaatst").check()
    page.get_by_role("button", name="Blokkeren").click()
    assert page.get_by_text(f"{professional.display_name} is geblokkeerd.").is_visible()
    page.goto(f"{base_url}/beheer/logboek")
    assert page.get_by_role("cell", name="verification.approved").is_visible()
    assert page.get_by_role("cell", name="user.block").is_visible()
    _log_out(page)

    # 5. The blocked professional cannot log in any more.
    _log_in(page, base_url, professional.email, password)
    assert page.get_by_text("Je account is geblokkeerd.").is_visible()
