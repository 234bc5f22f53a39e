"""Forms in a real browser, on a phone (375×667) and a desktop (1280×800): a failed registration that reads
well and leads to each field, no error style before anyone typed, and the pages around the account that
had no browser test (the 503 page, stopping an e-mail change, "Log overal uit"). axe on every state."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.conftest import PASSWORD, outbox_links, path_of
from tests.council_fixtures import council_member
from tests.participation_fixtures import SLUG
from tests.test_trust_errors import DatabaseOutage
from wijkstem.extensions import db
from wijkstem.services.accounts import accounts

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])

# The border colour of a control the server marked wrong, read from a probe so the theme decides it.
INVALID_BORDER = """(kind) => {
  const probe = document.createElement(kind === 'textarea' ? 'textarea' : 'input');
  probe.className = kind === 'textarea' ? 'input utrecht-textarea utrecht-textarea--html-textarea'
                                        : 'input utrecht-textbox utrecht-textbox--html-input';
  probe.setAttribute('aria-invalid', 'true');
  document.querySelector('main').appendChild(probe);
  const colour = getComputedStyle(probe).borderTopColor;
  probe.remove();
  return colour;
}"""
CONTROLS = """() => Array.from(document.querySelectorAll('main input, main textarea, main select'))
  .filter((el) => el.offsetParent !== null && !['hidden', 'checkbox', 'radio', 'submit'].includes(el.type))
  .map((el) => ({id: el.id, colour: getComputedStyle(el).borderTopColor}))"""


def _summary_heading_reads_as_a_line(page: Page) -> None:
    """The heading spans the summary (not a narrow column with one word per line)."""
    summary = page.locator("[data-error-summary]")
    heading = summary.get_by_role("heading", name="Controleer wat je hebt ingevuld")
    expect(heading).to_be_visible()
    box, outer = heading.bounding_box(), summary.bounding_box()
    line = heading.evaluate("(el) => parseFloat(getComputedStyle(el).lineHeight)")
    assert box and outer and box["height"] <= 2.2 * line, (box, line)  # one line, two on a phone
    assert box["width"] >= 0.6 * outer["width"], (box, outer)
    item = summary.get_by_role("link").first.bounding_box()
    assert item and item["width"] >= 0.5 * outer["width"]  # the list is not squeezed either


@SIZES
def test_a_failed_registration_says_what_to_do_and_leads_to_each_field(page: Page, axe_check, size):
    page.set_viewport_size(size)
    page.goto("/account/registreren")
    page.get_by_label("E-mailadres").fill("niet-goed")
    page.get_by_role("button", name="Account maken").click()

    expect(page).to_have_title(re.compile(r"^Fout: Account maken"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    _summary_heading_reads_as_a_line(page)
    axe_check(page)

    summary.get_by_role("link", name=re.compile("Vul een geldig e-mailadres in")).click()
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    expect(page.get_by_label("E-mailadres")).to_have_value("niet-goed")  # what was typed is kept
    summary.get_by_role("link", name=re.compile("Kies of je bewoner")).click()
    expect(page.get_by_label("Bewoner", exact=True)).to_be_focused()  # a group: its first option
    summary.get_by_role("link", name=re.compile("Je moet akkoord gaan")).click()
    expect(page.get_by_label("Ik ga akkoord met de spelregels en de privacyverklaring")).to_be_focused()


@pytest.mark.parametrize("page", [False], indirect=True)
def test_without_javascript_the_summary_still_gets_focus_and_its_links_lead_to_the_field(page: Page, axe_check):
    page.set_viewport_size(PHONE)
    page.goto("/account/registreren")
    page.get_by_label("E-mailadres").fill("niet-goed")
    page.get_by_role("button", name="Account maken").click()
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.locator("[data-error-summary]")).to_be_focused()  # autofocus
    _summary_heading_reads_as_a_line(page)
    axe_check(page)
    page.locator("[data-error-summary]").get_by_role("link", name=re.compile("Vul een geldig e-mailadres in")).click()
    expect(page).to_have_url(re.compile(r"#email$"))
    expect(page.locator("#email")).to_be_in_viewport()


def _no_error_style(page: Page) -> None:
    assert page.locator("main [aria-invalid='true'], main .field--invalid, main [data-error-summary]").count() == 0
    assert not page.title().startswith("Fout")
    wrong = {kind: page.evaluate(INVALID_BORDER, kind) for kind in ("textarea", "input")}
    controls = page.evaluate(CONTROLS)
    assert controls, "no form controls on the page"
    marked = [c for c in controls if c["colour"] in wrong.values()]
    assert not marked, f"{page.url}: error style before anyone typed: {marked} (error colour {wrong})"


@SIZES
def test_forms_on_load_show_no_error_style(page: Page, axe_check, make_user, size):
    member = council_member(email="raad@example.org")
    db.session.remove()
    page.set_viewport_size(size)
    for path in ("/account/registreren", "/account/inloggen", "/account/wachtwoord-vergeten"):
        page.goto(path)
        _no_error_style(page)
    log_in(page, "raad@example.org")
    for path in (f"/manifest/{SLUG}", "/ervaringen/nieuw", "/gemeente/utrecht/raad/nieuw", "/account/wachtwoord"):
        page.goto(path)
        _no_error_style(page)
    axe_check(page)

    # Touched and left wrong: now the browser marks it (:user-invalid), before any sending.
    page.goto(f"/manifest/{SLUG}")
    box = page.get_by_role("textbox", name="Je reactie")
    box.fill("x")
    box.fill("")
    box.blur()
    wrong = page.evaluate(INVALID_BORDER, "textarea")
    assert box.evaluate("(el) => getComputedStyle(el).borderTopColor") == wrong
    assert member  # the council member opened the council response form above


@SIZES
def test_the_503_page(page: Page, axe_check, monkeypatch, size):
    outage = DatabaseOutage(monkeypatch)
    outage.begin()
    try:
        page.set_viewport_size(size)
        response = page.goto("/gemeenten")
        assert response and response.status == 503
        expect(page.get_by_role("heading", level=1)).to_contain_text("niet beschikbaar")
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        axe_check(page)
    finally:
        outage.end()


@SIZES
def test_stopping_an_e_mail_change_from_the_old_address(page: Page, axe_check, app, make_user, size):
    user = make_user(email="oud@example.org")
    with app.test_request_context():
        accounts.request_email_change(user, "nieuw@example.org", PASSWORD)
    stop = path_of(next(link for link in outbox_links("oud@example.org") if "/stoppen/" in link))
    db.session.remove()

    page.set_viewport_size(size)
    page.goto(stop)
    axe_check(page)
    page.get_by_role("button", name=re.compile("Stop de wijziging")).click()
    expect(page.get_by_text("De wijziging van je e-mailadres is gestopt.")).to_be_visible()
    axe_check(page)
    page.goto(stop)
    page.get_by_role("button", name=re.compile("Stop de wijziging")).click()
    expect(page.get_by_text("Deze wijziging is al bevestigd of gestopt, of de link klopt niet.")).to_be_visible()


@SIZES
def test_log_out_everywhere(page: Page, axe_check, browser, live_server, make_user, size):
    make_user(email="anna@example.org")
    db.session.remove()
    other = browser.new_context(base_url=live_server.url)
    try:
        laptop = other.new_page()
        log_in(laptop, "anna@example.org")

        page.set_viewport_size(size)
        log_in(page, "anna@example.org")
        page.goto("/account")
        axe_check(page)
        page.get_by_role("button", name="Log overal uit").click()
        expect(page.get_by_text("Je bent nu op al je apparaten uitgelogd.")).to_be_visible()
        axe_check(page)
        page.goto("/account")
        expect(page).to_have_url(re.compile(r"/account/inloggen"))
        laptop.goto("/account")
        expect(laptop).to_have_url(re.compile(r"/account/inloggen"))  # the other device is logged out too
    finally:
        other.close()
