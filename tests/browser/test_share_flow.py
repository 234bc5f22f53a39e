"""Sharing in a real browser: copy a link, visit municipality pages; axe on every page."""

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import Municipality, Pillar
from wijkstem.services.endorsements.endorsements import endorse_pillar


def _copy_link(page: Page, path: str) -> str:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(path)
    panel = page.locator("[data-share-panel]").first
    url = panel.locator("[data-share-url]").input_value()
    assert url.endswith(path)
    panel.get_by_role("button", name="Kopieer link").click()
    expect(panel.locator("[data-share-status]")).to_have_text("De link is gekopieerd.")
    assert page.evaluate("navigator.clipboard.readText()") == url
    return url


@pytest.mark.parametrize("path", ["/manifest/bewoners-leidend", "/gemeente/utrecht"])
def test_share_by_copy_link(page: Page, axe_check, path):
    _copy_link(page, path)
    axe_check(page)


def test_find_a_municipality_and_send_it_to_the_council(page: Page, axe_check, make_user):
    # The prepared mail to the council is offered once someone from there supports the manifesto.
    here = db.session.scalar(select(Municipality).where(Municipality.slug == "sudwest-fryslan"))
    endorse_pillar(make_user(municipality=here), db.session.scalar(select(Pillar).limit(1)))
    db.session.remove()
    page.goto("/gemeenten")
    axe_check(page)
    page.get_by_label("Zoek op naam of provincie").fill("Súdwest")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Súdwest-Fryslân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Súdwest-Fryslân")
    axe_check(page)
    mailto = page.get_by_role("link", name="Maak een e-mail aan de griffie").get_attribute("href")
    assert mailto.startswith("mailto:?subject=") and "sudwest-fryslan" in mailto
