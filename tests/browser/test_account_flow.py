"""A person in a real browser: read the manifesto, make an account, confirm it from the mail, log in and out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.conftest import PASSWORD
from wijkstem.extensions import db
from wijkstem.models import User
from wijkstem.services.accounts.mail import deliver_pending

pytestmark = pytest.mark.browser

EMAIL = "fatima@example.nl"


def _deliver_mail() -> None:
    deliver_pending()
    db.session.remove()  # never keep a transaction open while the live server writes


def _main_heading(page: Page):
    return page.get_by_role("heading", level=1)


def _fill_registration(page: Page) -> None:
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Naam die anderen zien").fill("Fatima")
    page.get_by_label("Beroepskracht", exact=True).check()
    role = page.get_by_label("Waar werk je?")
    expect(role).to_be_visible()  # shown by the script once "Beroepskracht" is chosen
    role.select_option(label="Opbouwwerk of sociaal werk")
    municipality = page.get_by_label("Gemeente", exact=True)
    assert municipality.get_attribute("list") == "gemeenten"
    expect(page.locator("datalist#gemeenten option[value='Utrecht']")).to_have_count(1)
    municipality.press_sequentially("Utrecht")
    page.get_by_label("Wijk of buurt (niet verplicht)").fill("Kanaleneiland")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik ga akkoord met de spelregels en de privacyverklaring").check()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()


def test_register_confirm_from_mail_log_in_and_out(page: Page, axe_check, smtp_server, live_server):
    page.goto("/")
    expect(_main_heading(page)).to_be_visible()
    axe_check(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Manifest").click()
    expect(page).to_have_url(re.compile(r"/manifest$"))
    expect(_main_heading(page)).to_have_text("Manifest voor een succesvolle wijkaanpak")
    axe_check(page)

    page.goto("/manifest/bewoners-leidend")
    expect(_main_heading(page)).to_have_text("Bewoners en hun ervaring en kennis zijn leidend")
    axe_check(page)

    page.get_by_role("link", name="Account maken").first.click()
    expect(_main_heading(page)).to_have_text("Account maken")
    page.get_by_role("button", name="Account maken").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.get_by_text("Vul je e-mailadres in.").first).to_be_visible()
    axe_check(page)

    _fill_registration(page)
    page.get_by_role("button", name="Account maken").click()
    expect(page).to_have_url(re.compile(r"/account/bevestigen$"))
    expect(_main_heading(page)).to_have_text("Bevestig je e-mailadres")
    axe_check(page)

    user = db.session.scalar(select(User).where(User.email == EMAIL))
    assert (user.perspective, user.perspective_role, user.municipality.name) == (
        "professional",
        "opbouwwerk",
        "Utrecht",
    )
    assert user.verified_at is None
    db.session.remove()

    _deliver_mail()
    [mail] = smtp_server.to(EMAIL)
    assert "bevestig" in mail["Subject"].lower()
    [link] = smtp_server.links_to(EMAIL)
    assert link.startswith(live_server.url + "/account/bevestigen/")

    page.goto(link)
    expect(_main_heading(page)).to_have_text("E-mailadres bevestigen")
    axe_check(page)
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()
    expect(page).to_have_url(re.compile(r"/account/welkom$"))  # the next step
    expect(page.get_by_text("Je e-mailadres is bevestigd. Welkom bij wijkstem!")).to_be_visible()
    expect(page.get_by_role("heading", name="Laat je rol bevestigen")).to_be_visible()
    axe_check(page)
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()

    _log_out(page)

    page.get_by_role("link", name="Inloggen").click()
    expect(_main_heading(page)).to_have_text("Inloggen")
    axe_check(page)
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Je bent ingelogd.")).to_be_visible()

    page.get_by_role("link", name="Mijn account").click()
    expect(_main_heading(page)).to_have_text("Mijn account")
    axe_check(page)
    _log_out(page)


def test_error_summary_takes_focus_and_links_to_the_field(page: Page, axe_check):
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Inloggen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("geldig e-mailadres"))).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value("geen-adres")  # what was typed is kept
    expect(page.get_by_label("E-mailadres")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    summary.get_by_role("link", name=re.compile("geldig e-mailadres")).click()
    expect(page.get_by_label("E-mailadres")).to_be_focused()  # the cursor is in the field, ready to type


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page: Page):
    page.goto("/manifest")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visible once focused, hidden otherwise
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#inhoud$"))
    expect(page.locator("main#inhoud")).to_be_focused()


@pytest.mark.parametrize(
    "path", ["/", "/manifest", "/manifest/lange-termijn", "/account/registreren", "/account/inloggen", "/over"]
)
def test_no_horizontal_scroll_on_a_phone(page: Page, path: str):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(path)
    if path == "/account/registreren":
        page.get_by_role("button", name="Account maken").click()  # long error messages must wrap too
        expect(page.locator("[data-error-summary]")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px wide"
