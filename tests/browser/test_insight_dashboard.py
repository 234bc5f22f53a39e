"""Issue 14 in a real browser: /cijfers draws the charts and the map from data made in the test,
every chart has a text alternative, the filters work without JavaScript, a click on the map opens
the municipality page, which shows the same map with the place marked. axe on each page and state."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.experience_builders import make_experience
from tests.insight_fixtures import spread_endorsements
from wijkstem.extensions import db

pytestmark = pytest.mark.browser
CHARTS = ("verloop", "perspectieven", "ervaringen", "kaart")


def _has_text_alternative(page: Page, chart: str) -> None:
    svg = page.locator(f'svg[data-chart="{chart}"]')
    expect(svg).to_be_visible()
    labelled_by = svg.get_attribute("aria-labelledby").split()
    names = [page.locator(f"#{part}").text_content().strip() for part in labelled_by]
    assert all(names), chart
    # the linked map has no role (an svg is a graphics document: its links stay reachable); the HTML
    # checker accepts no other role than "img" on an svg
    assert svg.get_attribute("role") in ("img", None)


@pytest.mark.parametrize("page", [True, False], indirect=True, ids=["js", "no-js"])
def test_dashboard_charts_and_map_in_chromium(page: Page, live_server, axe_check, make_user, tmp_path):
    spread_endorsements()
    moderator = make_user(role="moderator")
    make_experience(make_user(), moderator, pillars=(1, 2))
    make_experience(make_user(), moderator, code="GM0363", kind="could-be-better")
    db.session.remove()

    page.goto("/")
    page.get_by_role("link", name="Cijfers en open data").click()
    expect(page.get_by_role("heading", level=1, name="Cijfers")).to_be_visible()
    expect(page.get_by_text("In deze keuze: 12 steunbetuigingen.")).to_be_visible()
    for chart in CHARTS:
        _has_text_alternative(page, chart)
    assert page.locator('svg[data-chart="verloop"] polyline').count() == 3
    assert page.locator('svg[data-chart="perspectieven"] rect').count() == 9
    assert page.locator('svg[data-chart="kaart"] a path').count() == 342
    expect(page.get_by_text("Bron: CBS / PDOK (CC BY 4.0)").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "cijfers.png"), full_page=True)
    assert (tmp_path / "cijfers.png").stat().st_size > 10_000
    axe_check(page)

    page.get_by_label("Provincie", exact=True).select_option("Utrecht")
    page.get_by_label("Wie", exact=True).select_option("politicus")
    page.get_by_label("Kleur op de kaart").select_option("aantal")
    page.get_by_role("button", name="Laat deze cijfers zien").click()
    expect(page).to_have_url(
        f"{live_server.url}/cijfers?periode=alles&provincie=Utrecht&perspectief=politicus&kaart=aantal"
    )
    expect(page.get_by_text("In deze keuze: 3 steunbetuigingen.")).to_be_visible()
    page.screenshot(path=str(tmp_path / "cijfers-utrecht.png"), full_page=True)
    axe_check(page)

    page.locator('svg[data-chart="kaart"] a[href="/gemeente/utrecht"]').click()
    expect(page).to_have_url(f"{live_server.url}/gemeente/utrecht")
    _has_text_alternative(page, "ligging-GM0344")
    axe_check(page)

    page.get_by_role("link", name="Wie steunt wat in Utrecht").first.click()
    expect(page.get_by_role("rowheader", name="Beroepskracht: woningcorporatie")).to_be_visible()
    axe_check(page)


def test_open_moderation_and_api_documentation_pages(page: Page, live_server, axe_check):
    page.goto("/cijfers")
    page.get_by_role("link", name="Hoe wij modereren, in cijfers").click()
    expect(page.get_by_role("heading", level=1, name="Moderatie in cijfers")).to_be_visible()
    axe_check(page)
    page.goto("/cijfers")
    page.get_by_role("link", name="Uitleg over de open data (voor programmeurs)").click()
    expect(page.get_by_role("heading", name="GET /api/v1/municipalities", exact=True)).to_be_visible()
    axe_check(page)
