"""Issue 21 in a real browser on a phone (375×667): residents, professionals and politicians vote
through "Stem over stellingen"; after `flask wijkstem common-ground` the pillar page shows the
statement all three agree on under the common ground, and the one that splits them under
"Hier verschillen ze". With JavaScript (the round stays in place) and without (POST + redirect);
axe on every state."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from tests.browser.steps import log_in
from wijkstem.extensions import db
from wijkstem.models import Pillar, StatementVote
from wijkstem.services.statements.job import run_common_ground

SLUG = "bewoners-leidend"
ROUND = f"/manifest/{SLUG}/stellingen"
SHOTS = Path("/work/wt/shots/ground")
WITH_AND_WITHOUT_JS = pytest.mark.parametrize("page", [True, False], indirect=True, ids=["js", "no-js"])


def _points() -> list[tuple[int, str]]:
    pillar = db.session.scalar(select(Pillar).where(Pillar.slug == SLUG))
    points = [(p.id, p.text) for p in pillar.points]
    db.session.remove()
    return points


def _sideways(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _answer_for(perspective: str, ref: str, agreed: str, split: str) -> str:
    if ref == agreed:
        return "Eens"
    if ref == split:
        return {"resident": "Eens", "politician": "Oneens"}.get(perspective, "Weet ik niet")
    return "Weet ik niet"


def _vote_through_the_round(page: Page, perspective: str, agreed: str, split: str, check) -> int:
    page.goto(ROUND)
    answered = 0
    while page.locator('input[name="stelling"]').count():
        ref = page.locator('input[name="stelling"]').first.get_attribute("value")
        answer = _answer_for(perspective, ref, agreed, split)
        page.get_by_role("button", name=answer, exact=True).click()
        # The next state names this answer, with a link to change it.
        expect(page.locator(f'#stemronde a[href$="stelling={ref}"]')).to_be_visible()
        expect(page.get_by_text(f"Je antwoord op de vorige stelling: {answer}.")).to_be_visible()
        answered += 1
        if check is not None and answered == 1:
            check(page)  # the state after an answer
    expect(
        page.get_by_role("heading", name="Je hebt alle stellingen van deze pijler beantwoord. Dank je wel!")
    ).to_be_visible()
    if check is not None:
        check(page)  # the finished state
    return answered


@WITH_AND_WITHOUT_JS
def test_three_perspectives_vote_and_the_pillar_page_shows_where_they_agree_and_differ(
    app, page: Page, make_user, axe_check
):
    app.config["COMMON_GROUND_MIN_VOTERS"] = 2
    page.set_viewport_size({"width": 375, "height": 667})
    javascript = page.wijkstem_javascript
    suffix = "js" if javascript else "no-js"
    points = _points()
    agreed, split = f"punt-{points[0][0]}", f"punt-{points[1][0]}"
    people = [
        make_user(email=f"{perspective}{n}@example.org", perspective=perspective)
        for perspective in ("resident", "professional", "politician")
        for n in range(2)
    ]
    emails = [(person.email, person.perspective) for person in people]
    db.session.remove()
    try:
        # A visitor sees the first statement and is asked to log in.
        page.goto(ROUND)
        expect(page.get_by_role("heading", name="Stem over stellingen")).to_be_visible()
        expect(page.get_by_role("link", name="Log in om te stemmen")).to_be_visible()
        axe_check(page)

        for n, (email, perspective) in enumerate(emails):
            page.context.clear_cookies()
            log_in(page, email)
            if n == 0:
                page.goto(ROUND)
                expect(page.get_by_role("button", name="Eens", exact=True)).to_be_visible()
                axe_check(page)
                page.screenshot(path=str(SHOTS / f"stemronde-telefoon-{suffix}.png"))
                # The three buttons are on the first screen, and nothing scrolls sideways.
                for answer in ("Eens", "Oneens", "Weet ik niet"):
                    box = page.get_by_role("button", name=answer, exact=True).bounding_box()
                    assert box["y"] + box["height"] <= 667 and box["x"] + box["width"] <= 375, answer
                assert _sideways(page) <= 0
            check = axe_check if n == 0 else None
            assert _vote_through_the_round(page, perspective, agreed, split, check) == len(points)
            if javascript and n == 0:
                # The round stayed on one page: the answers went by fetch, not by loading pages.
                assert page.url.endswith(ROUND)

        assert db.session.scalar(select(func.count()).select_from(StatementVote)) == len(points) * 6
        assert run_common_ground(min_voters=2).ran
        db.session.remove()

        page.goto(f"/manifest/{SLUG}#eens")
        common = page.locator("#eens")
        agreed_heading = page.get_by_role(
            "heading", name="Hier zijn bewoners, beroepskrachten en politici het over eens"
        )
        differ_heading = page.get_by_role("heading", name="Hier verschillen ze")
        expect(agreed_heading).to_be_visible()
        expect(differ_heading).to_be_attached()
        lists = common.locator("ol.cg-list")
        expect(lists.nth(0)).to_contain_text(points[0][1][:40])
        expect(lists.nth(0)).to_contain_text("2 van 2 politici eens")
        expect(lists.nth(1)).to_contain_text(points[1][1][:40])
        expect(lists.nth(1)).to_contain_text("Bewoners zijn het vaker eens dan politici.")
        expect(lists.nth(1)).to_contain_text("0 van 2 politici eens")
        axe_check(page)
        assert _sideways(page) <= 0
        common.screenshot(path=str(SHOTS / f"pijler-gemeenschappelijke-grond-telefoon-{suffix}.png"))
    finally:
        app.config["COMMON_GROUND_MIN_VOTERS"] = 10
