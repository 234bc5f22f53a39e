"""Issue 24 in a real browser on a phone (375×667), with and without JavaScript: a resident writes an
experience in officialese, gets friendly hints ("Bekijk je tekst", and live while typing with JavaScript),
rewrites it, is shown the similar story that is already there, and sends it anyway. Nothing typed is lost."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.experience_builders import make_experience, pillar
from tests.test_experience_writing_steps import BUURTKAMER, BUURTKAMER_AGAIN
from tests.test_writing_help import HARD_STORY
from wijkstem.extensions import db

pytestmark = pytest.mark.browser
SHOTS = "/work/wt/shots/plain"


@pytest.fixture
def people(make_user):
    moderator = make_user(role="moderator")
    told = make_experience(make_user(display_name="Bea Buur"), moderator, title="Buurtkamer open", story=BUURTKAMER)
    found = {
        "resident": make_user(display_name="Rosa Bewoner").email,
        "pillar": pillar(1).title,
        "told": f"/ervaringen/{told.id}-{told.slug}#reacties",
    }
    db.session.remove()  # never hold a transaction open while the live server writes
    return found


@pytest.mark.parametrize("page", [True, False], indirect=True, ids=["with-javascript", "without-javascript"])
def test_hints_then_the_similar_story_then_send_anyway(page: Page, axe_check, people):
    javascript = page.wijkstem_javascript
    suffix = "js" if javascript else "nojs"
    page.set_viewport_size({"width": 375, "height": 667})
    log_in(page, people["resident"])
    page.goto("/ervaringen/nieuw")
    page.get_by_label("Titel").fill("Een buurtkamer in de wijk")
    page.get_by_label("Je verhaal").fill(HARD_STORY)
    page.get_by_label(people["pillar"]).check()
    page.get_by_label("Wat goed gaat").check()
    page.get_by_label("Ik geef toestemming om deze ervaring op wijkstem te publiceren").check()
    hints = page.locator("#schrijfhulp")
    if javascript:
        # While typing: the tips appear below the story by themselves.
        expect(hints.get_by_role("heading", name="Tips voor je tekst")).to_be_visible()
        expect(hints).to_contain_text("Deze woorden kent niet iedereen")
    else:
        expect(hints.get_by_role("heading")).to_have_count(0)

    # 1. "Bekijk je tekst": the same tips, without sending, everything kept.
    page.get_by_role("button", name="Bekijk je tekst").click()
    expect(hints.get_by_role("heading", name="Tips voor je tekst")).to_be_visible()
    expect(hints).to_contain_text("Eén zin is lang: meer dan 20 woorden.")
    expect(hints).to_contain_text("Dat is moeilijk te lezen.")
    expect(page.get_by_label("Je verhaal")).to_have_value(HARD_STORY)
    expect(page.get_by_label("Titel")).to_have_value("Een buurtkamer in de wijk")
    expect(page.get_by_label("Ik geef toestemming om deze ervaring op wijkstem te publiceren")).to_be_checked()
    expect(page.get_by_text("Er ging iets mis")).to_have_count(0)
    axe_check(page)
    hints.screenshot(path=f"{SHOTS}/hints-{suffix}.png")

    # 2. Rewritten in plain words; sending first shows the story that is already there.
    page.get_by_label("Je verhaal").fill(BUURTKAMER_AGAIN)
    if javascript:
        expect(hints).not_to_contain_text("Deze woorden kent niet iedereen")
    page.get_by_role("button", name="Versturen").click()
    similar = page.locator("#lijkt-op")
    expect(similar.get_by_role("heading", name="Lijkt dit op een ervaring die er al is?")).to_be_visible()
    link = similar.get_by_role("link", name=re.compile(r"^Reageer bij deze ervaring \(Buurtkamer open\)$"))
    expect(link).to_have_attribute("href", people["told"])
    expect(page.get_by_label("Je verhaal")).to_have_value(BUURTKAMER_AGAIN)
    axe_check(page)
    page.screenshot(path=f"{SHOTS}/similar-{suffix}.png")

    # 3. It is about something else after all: "Toch versturen" sends it.
    page.get_by_role("button", name="Toch versturen").click()
    expect(page).to_have_url(re.compile(r"/account/ervaringen$"))
    expect(page.get_by_text("Bedankt! Een moderator bekijkt je ervaring.")).to_be_visible()
