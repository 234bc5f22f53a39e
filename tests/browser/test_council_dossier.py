"""The council dossier as a griffier would print it, and the municipality page's council part, in a real
browser at 375×667 and 1280×800 with axe: the print version fits A4 in Chromium (the table's right edge
inside the page box, pillar names not broken a word per line), Chromium's own print-to-PDF keeps the
two pages before the annex, and an answer on behalf of the council looks different from one member's
reaction. Screenshots go to WIJKSTEM_SHOTS when it is set (the closing note of issue 20)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.steps import log_in
from tests.dossier_fixtures import council_spoke, people_voted, utrecht_with_support
from tests.organisation_fixtures import organisations_in_utrecht
from wijkstem.extensions import db
from wijkstem.services.statements.job import run_common_ground

pytestmark = pytest.mark.browser

VIEWPORTS = [(375, 667), (1280, 800)]
A4_WIDTH_PX = 794  # 210 mm at 96 px per inch
PRINT_MARGIN_PX = 57  # 15 mm, the @page margin of static/css/council.css
CONTENT_WIDTH_PX = A4_WIDTH_PX - 2 * PRINT_MARGIN_PX


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WIJKSTEM_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _pages_before_annex(pdf: bytes) -> int:
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return next((i for i, text in enumerate(texts) if "Bijlage" in text), len(texts))


def test_dossier_prints_on_two_a4_pages_without_a_clipped_column(app, page: Page, axe_check, tmp_path):
    council_spoke(utrecht_with_support(40))
    with app.test_request_context():
        agreed, split, long_agreed, _split = people_voted(3)  # people from Utrecht answer statements
    assert run_common_ground(min_voters=3).ran
    organisations_in_utrecht(8)  # issue 27: the line of organisations beside the people number, at its longest
    db.session.remove()  # the live server writes and reads in its own sessions
    shots = _shots(tmp_path)
    for width, height in VIEWPORTS:
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto("/gemeente/utrecht/afdrukken")
        assert response is not None and response.status == 200
        expect(page.get_by_role("heading", level=1, name="Steun voor de wijkaanpak in Utrecht")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{width}px scrolls sideways"
        axe_check(page)
        page.screenshot(path=str(shots / f"dossier-print-screen-{width}.png"), full_page=True)

    # Printed: Chromium lays the page out in the A4 text column (210 mm less two 15 mm margins).
    page.emulate_media(media="print")
    page.set_viewport_size({"width": CONTENT_WIDTH_PX, "height": 1000})
    page.goto("/gemeente/utrecht/afdrukken")
    table = page.locator(".dossier-table")
    box = table.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= CONTENT_WIDTH_PX, box
    wide = page.evaluate(
        "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)"
        ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
        CONTENT_WIDTH_PX,
    )
    assert not wide, wide
    for cell in table.locator("th, td").all():  # nothing cut off inside a cell either
        assert cell.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), cell.inner_text()
    line = float(table.locator("tbody th").first.evaluate("c => parseFloat(getComputedStyle(c).lineHeight)"))
    for name in table.locator("tbody th").all():  # "Bewoners en hun ervaring en kennis zijn leidend": 2 lines
        assert (name.bounding_box() or {"height": 0})["height"] <= 3 * line + 12, name.inner_text()
    expect(page.get_by_text("Deze gemeente is klaar voor de raad.")).to_have_count(0)

    pdf = page.pdf(format="A4", print_background=True)
    (shots / "dossier-chromium-print.pdf").write_bytes(pdf)
    assert 1 <= _pages_before_annex(pdf) <= 2
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages[:2])
    assert "In hun eigen woorden" in text and "Hoe we tellen" in text and "Aangeboden door" in text
    # After the job: what all three groups in Utrecht agree on, and what divides them, within the two pages.
    flat = " ".join(text.split())
    assert "Waar bewoners, beroepskrachten en politici het over eens zijn" in flat
    assert agreed in flat and long_agreed[:40] in flat and split in flat
    assert "Eens: 3 van 3 bewoners · 0 van 3 beroepskrachten · 0 van 3 politici." in flat
    assert "Bewoners zijn het vaker eens dan politici." in flat and "heel Nederland" not in flat
    assert "Ook 8 organisaties uit Utrecht" in text
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                "-l",
                "3",
                str(shots / "dossier-chromium-print.pdf"),
                str(shots / "dossier-chromium-print"),
            ],
            check=True,
            timeout=120,
        )


def test_the_council_speaks_in_two_voices_on_the_municipality_page(page: Page, axe_check, tmp_path):
    world = utrecht_with_support(12)
    council_spoke(world)
    db.session.remove()
    shots = _shots(tmp_path)
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/gemeente/utrecht#raad")
        answer = page.locator(".council-timeline--council .council-timeline__item").first
        reaction = page.locator(".council-timeline--member .council-timeline__item").first
        expect(answer).to_contain_text("Antwoord namens de gemeenteraad")
        expect(reaction).to_contain_text("Reactie van een raadslid")
        expect(reaction).to_contain_text("Partij voor de Wijk")
        look = "e => [getComputedStyle(e).borderLeftStyle, getComputedStyle(e).backgroundColor]"
        assert answer.evaluate(look) != reaction.evaluate(look)
        expect(page.locator(".council-status__step--current")).to_contain_text("Geagendeerd")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        axe_check(page)
        page.locator("#raad").screenshot(path=str(shots / f"gemeente-raad-{width}.png"))
        page.locator("#gemeenteraad").screenshot(path=str(shots / f"gemeente-griffie-{width}.png"))


def test_thank_you_step_has_one_primary_action_and_offers_the_other_pillars(page: Page, axe_check, make_user, tmp_path):
    make_user(email="dank@example.org")
    db.session.remove()
    shots = _shots(tmp_path)
    log_in(page, "dank@example.org")
    page.goto("/manifest/bewoners-leidend")
    page.get_by_role("button", name="Ik steun deze pijler").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedankt, je steunt nu")
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/manifest/bewoners-leidend/bedankt")
        primary = page.locator("main .utrecht-button--primary-action")
        expect(primary).to_have_count(1)
        expect(primary).to_have_text("Stuur je eigen link")
        assert (primary.get_attribute("href") or "").startswith("mailto:")
        box = primary.bounding_box()
        if width == 375:
            assert box is not None and box["y"] + box["height"] <= height, f"below the first screen: {box}"
        expect(page.get_by_role("button", name="Steun ook pijler 2")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        axe_check(page)
        page.screenshot(path=str(shots / f"bedankt-{width}.png"), full_page=True)
    page.get_by_role("button", name="Steun ook pijler 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedankt, je steunt nu")
    expect(page.get_by_role("button", name="Steun ook pijler 2")).to_have_count(0)
    expect(page.get_by_role("button", name="Steun ook pijler 3")).to_be_visible()
