"""The map, its legend and "Hoe we tellen" in a real browser at 375×667 and 1280×800: 0 has its own
colour named in the legend, small places get no rate, downloads sit above the long table; axe finds
nothing serious and nothing scrolls sideways."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.insight_fixtures import spread_endorsements
from wijkstem.extensions import db
from wijkstem.services.insight.charts import MAP_TOO_FEW, MAP_ZERO

VIEWPORTS = [(375, 667), (1280, 800)]


def test_map_legend_and_how_we_count(page: Page, axe_check):
    spread_endorsements(copies=3)  # Utrecht gets 27 endorsements, the other places fewer than 10
    db.session.remove()
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/cijfers")
        legend = page.locator(".map-legend")
        expect(legend).to_contain_text("Nog geen steun (0)")
        expect(legend).to_contain_text("Minder dan 10 mensen: te weinig voor een getal per 1.000 inwoners")
        fills = page.locator('svg[data-chart="kaart"] a path').evaluate_all(
            "(paths) => [...new Set(paths.map(p => p.getAttribute('fill')))]"
        )
        assert MAP_ZERO in fills and MAP_TOO_FEW in fills and len(fills) >= 3, fills
        utrecht = page.locator("tr", has=page.get_by_role("link", name="Utrecht", exact=True))
        expect(utrecht).to_contain_text("0,04")  # 15 people per 374.238 inhabitants, Dutch decimal comma
        download = page.get_by_role("link", name="als tabel voor Excel", exact=True)
        table = page.locator("#cijfers-tabel-4")
        assert download.bounding_box()["y"] < table.bounding_box()["y"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        axe_check(page)
        page.get_by_role("link", name="Hoe we tellen").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hoe we tellen")
        expect(page.get_by_text("We controleren niet waar iemand woont.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        axe_check(page)
