"""The issue-4 browser scenario as a plain function, for the lead to wire into tests/browser/.

Usage from a browser test (fixtures from tests/browser/conftest.py, not written here):

    @pytest.mark.browser
    def test_pillar_flow(page, live_server_url, confirm_link):
        run_pillar_flow(page, live_server_url, confirm_link)

`confirm_link(email)` returns the confirmation URL queued in the outbox for that address
(e.g. tests.conftest.outbox_links(email)[-1] read inside an app context). Works on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

SLUG = "bewoners-leidend"
PASSWORD = "een-lange-zin-als-wachtwoord"


def _register_and_confirm(page, base_url: str, confirm_link, name: str, email: str, perspective: str) -> None:
    page.goto(f"{base_url}/account/registreren")
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.check(f"input[name=perspective][value={perspective}]")
    if perspective == "professional":
        page.select_option("#professional_role", "gemeente")
    page.fill("#municipality", "Utrecht")
    page.fill("#password", PASSWORD)
    page.fill("#password_repeat", PASSWORD)
    page.check("#accept_terms")
    page.click("main button[type=submit]")
    page.goto(confirm_link(email))
    page.click("main button[type=submit]")


def _logout(page) -> None:
    page.click("header form[action$='/uitloggen'] button")


def run_pillar_flow(page, base_url: str, confirm_link) -> None:
    pillar_url = f"{base_url}/manifest/{SLUG}"
    # Anna: registers, endorses with JS (no reload: the live region announces it), comments.
    _register_and_confirm(page, base_url, confirm_link, "Anna", "anna@example.org", "resident")
    page.goto(pillar_url)
    page.fill("#motivation", "Bewoners weten het best.")
    page.click("#steun button[type=submit]")
    page.wait_for_selector("text=Je steunt deze pijler.")
    assert "Bedankt" in page.inner_text("[data-live-region]")
    page.fill("#body", "Wij doen dit al in Kanaleneiland, zie https://example.org")
    page.click("#reacties form.comment-form button[type=submit]")
    page.wait_for_selector("text=Wij doen dit al in Kanaleneiland")
    assert page.get_attribute("#reacties a[href='https://example.org']", "rel") == "nofollow ugc noopener"
    _logout(page)

    # Bram: a professional, endorses, replies to Anna and marks her comment helpful.
    _register_and_confirm(page, base_url, confirm_link, "Bram", "bram@example.org", "professional")
    page.goto(pillar_url)
    page.click("#steun button[type=submit]")
    page.wait_for_selector("text=Je steunt deze pijler.")
    assert "2 mensen steunen deze pijler" in page.inner_text("#steun")
    first = page.locator("#reacties .comment-list > li").first
    first.locator("details.comment__reply summary").click()
    first.locator("details.comment__reply textarea").fill("Goed voorbeeld!")
    first.locator("details.comment__reply button[type=submit]").click()
    page.wait_for_selector("text=Goed voorbeeld!")
    page.locator("#reacties .comment-list > li").first.locator("button:has-text('Waardevol')").first.click()
    page.wait_for_selector("text=1 vindt dit waardevol")

    # Bram withdraws; the page and the API agree on the counts.
    page.click("#steun button:has-text('Steun intrekken')")
    page.wait_for_selector("text=1 persoon steunt deze pijler")
    api = json.loads(page.goto(f"{base_url}/api/v1/pillars").text())
    first_pillar = api["pillars"][0]
    assert first_pillar["slug"] == SLUG
    assert first_pillar["endorsements"] == {
        "total": 1,
        "resident": 1,
        "professional": 0,
        "politician": 0,
        "verified": 0,
    }
    assert first_pillar["comments"] == 2
