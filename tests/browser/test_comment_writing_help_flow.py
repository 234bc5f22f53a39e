"""Issue 24, item 2 for comments, in a real browser on a phone (375×667), with and without JavaScript: a
resident writes a long comment in officialese on a pillar page, asks "Bekijk je tekst", gets the tips
(live while typing with JavaScript), keeps every word, and places the comment anyway."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.participation_fixtures import SLUG
from tests.test_writing_help import HARD_STORY
from wijkstem.extensions import db

pytestmark = pytest.mark.browser
SHOTS = "/work/wt/shots/b1"


@pytest.fixture
def resident(make_user) -> str:
    email = make_user(display_name="Rosa Bewoner").email
    db.session.remove()  # never hold a transaction open while the live server writes
    return email


@pytest.mark.parametrize("page", [True, False], indirect=True, ids=["with-javascript", "without-javascript"])
def test_a_long_comment_gets_tips_and_is_placed_anyway(page: Page, axe_check, resident):
    javascript = page.wijkstem_javascript
    suffix = "js" if javascript else "nojs"
    page.set_viewport_size({"width": 375, "height": 667})
    log_in(page, resident)
    page.goto(f"/manifest/{SLUG}#reacties")
    box = page.get_by_role("textbox", name="Je reactie")
    box.fill(HARD_STORY)
    hints = page.locator("#schrijfhulp-reactie")
    if javascript:
        expect(hints.get_by_role("heading", name="Tips voor je tekst")).to_be_visible()
        expect(hints).to_contain_text("Deze woorden kent niet iedereen")
    else:
        expect(hints.get_by_role("heading")).to_have_count(0)

    page.get_by_role("button", name="Bekijk je tekst").click()
    expect(hints.get_by_role("heading", name="Tips voor je tekst")).to_be_visible()
    expect(hints).to_contain_text("Eén zin is lang: meer dan 20 woorden.")
    expect(page.get_by_role("textbox", name="Je reactie")).to_have_value(HARD_STORY)
    expect(page.get_by_text("Er ging iets mis")).to_have_count(0)
    axe_check(page)
    hints.screenshot(path=f"{SHOTS}/comment-hints-{suffix}.png")
    page.screenshot(path=f"{SHOTS}/comment-hints-page-{suffix}.png")

    page.get_by_role("button", name="Plaats je reactie").click()
    expect(page.get_by_text("Bedankt, je reactie staat erbij.")).to_be_visible()
    expect(page.locator("#reacties")).to_contain_text("opeenstapeling van problematiek")
