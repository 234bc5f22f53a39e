"""Issue 14's proof: /cijfers in Chromium draws its charts and the map from `flask wijkstem demo`'s data
(the bench generator at a small scale), each chart with a text alternative; axe on the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from wijkstem.extensions import db
from wijkstem.models.experiences import SEARCH_TABLE
from wijkstem.services.content.demo_data import FULL, generate

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(app):
    generate(FULL.scaled(0.001))  # 350 people, 1,000 endorsements over months, comments, experiences
    db.session.remove()
    yield
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text(f"DELETE FROM {SEARCH_TABLE}"))  # noqa: S608
        db.session.commit()


def test_dashboard_from_demo_data(page: Page, demo_data, axe_check, tmp_path):
    page.goto("/cijfers")
    expect(page.get_by_role("heading", level=1, name="Cijfers")).to_be_visible()
    for chart in ("verloop", "perspectieven", "ervaringen", "kaart"):
        svg = page.locator(f'svg[data-chart="{chart}"]')
        expect(svg).to_be_visible()
        labels = [page.locator(f"#{part}").text_content().strip() for part in svg.get_attribute("aria-labelledby").split()]
        assert all(labels), chart
    assert page.locator('svg[data-chart="verloop"] polyline').count() == 3
    assert page.locator('svg[data-chart="kaart"] a path').count() == 342
    # the demo's support is spread over the country: the map is coloured in more than one shade
    fills = page.locator('svg[data-chart="kaart"] a path').evaluate_all("(paths) => new Set(paths.map(p => p.getAttribute('fill') || p.getAttribute('class'))).size")
    assert fills > 1
    page.screenshot(path=str(tmp_path / "cijfers-demo.png"), full_page=True)
    assert (tmp_path / "cijfers-demo.png").stat().st_size > 10_000
    axe_check(page)
