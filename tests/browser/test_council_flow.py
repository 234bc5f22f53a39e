"""Closing the loop in a real browser: a follower, a raadslid's response on the page and in the PDF,
one digest mail naming it, and unsubscribing from that mail without logging in. axe on every page/state."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from tests.browser.test_experience_flow import log_in, log_out
from tests.council_fixtures import council_member
from tests.factories import UserFactory
from wijkstem.extensions import db
from wijkstem.models import User
from wijkstem.services.accounts.mail import deliver_pending
from wijkstem.services.council.digests import build_digests

pytestmark = pytest.mark.browser

RESPONSE = "De raad bespreekt het manifest op 12 januari in de commissie Wonen."
FOLLOWER = "volger@example.nl"


def test_a_raadslid_responds_and_a_follower_hears_about_it_once(page: Page, axe_check, smtp_server, live_server):
    council_member(email="raadslid@utrecht.example", display_name="Fatima de Vries", party="Partij voor de Wijk")
    UserFactory(email=FOLLOWER, display_name="Kees")
    db.session.remove()

    # A resident follows Utrecht.
    log_in(page, FOLLOWER)
    page.goto("/gemeente/utrecht")
    expect(page.get_by_text("De gemeenteraad van Utrecht heeft nog niet geantwoord.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Houd me op de hoogte").click()
    expect(page.get_by_text("We houden je op de hoogte van Utrecht.")).to_be_visible()
    axe_check(page)
    log_out(page)

    # A verified raadslid of Utrecht publishes a response.
    log_in(page, "raadslid@utrecht.example")
    page.goto("/gemeente/utrecht")
    page.get_by_role("link", name="Schrijf een bericht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bericht voor de pagina van Utrecht")
    expect(page.get_by_text("Als reactie van een raadslid")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Plaats het bericht").click()  # empty: errors, nothing lost
    expect(page.get_by_text("Schrijf wat de raad heeft gedaan.").first).to_be_visible()
    axe_check(page)
    page.get_by_label("Wat heeft de raad gedaan of besloten?").fill(RESPONSE)
    page.get_by_label("Datum").fill("2026-11-20")
    page.get_by_label("Link naar een raadsstuk (niet verplicht)").fill("https://utrecht.raadsinformatie.nl/stuk/42")
    page.get_by_role("button", name="Plaats het bericht").click()
    expect(page.get_by_text("Je bericht staat op de pagina van Utrecht.")).to_be_visible()
    council = page.locator("#raad .council-timeline--member")  # one member's reaction, not the council's answer
    expect(council.get_by_text(RESPONSE)).to_be_visible()
    expect(council.get_by_text("Partij voor de Wijk")).to_be_visible()
    expect(council.get_by_text("Fatima de Vries")).to_be_visible()
    expect(council.get_by_text("geverifieerd")).to_be_visible()
    axe_check(page)

    pdf = page.request.get("/gemeente/utrecht/samenvatting.pdf", timeout=60_000)  # WeasyPrint on a busy machine
    assert pdf.ok
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))
    assert "Wat de gemeenteraad ermee doet" in text and "Reactie van een raadslid" in text and "Fatima de Vries" in text
    assert "commissie Wonen" in text
    log_out(page)

    # The weekly job, twice (cron on two machines): one mail, delivered through the outbox.
    build_digests()
    build_digests()
    deliver_pending()
    deliver_pending()
    db.session.remove()
    (mail,) = smtp_server.to(FOLLOWER)
    body = mail.get_content()
    assert "Fatima de Vries" in body and "commissie Wonen" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = next(link for link in smtp_server.links_to(FOLLOWER) if "/afmelden/" in link)
    assert mail["List-Unsubscribe"] == f"<{unsubscribe}>"

    # The unsubscribe link works from the mail, without logging in.
    page.goto(unsubscribe)
    expect(page.get_by_role("heading", level=1)).to_have_text("Afmelden voor de wekelijkse mail")
    axe_check(page)
    page.get_by_role("button", name="Meld me af").click()
    expect(page.get_by_text("Je bent afgemeld. Je krijgt geen wekelijkse mail meer.")).to_be_visible()
    axe_check(page)
    assert db.session.scalar(select(User.digest_frequency).where(User.email == FOLLOWER)) == "never"
    db.session.remove()
