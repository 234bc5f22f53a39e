"""Pages changed for issue 13 on a 375 px phone: no sideways scrolling, no serious axe violations."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.moderation_fixtures import make_request
from wijkstem.extensions import db
from wijkstem.services.moderation import audit

PUBLIC = ["/gemeenten", "/gemeenten?q=Utrect", "/over", "/manifest", "/manifest/afdrukken", "/privacy"]
STAFF = ["/moderatie/verificatie", "/beheer/logboek", "/beheer/teksten"]


def _fits_the_phone(page: Page, path: str, axe_check) -> None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways: {width}px wide"
    axe_check(page)


def test_public_pages_fit_a_phone(page: Page, axe_check):
    page.set_viewport_size({"width": 375, "height": 667})
    for path in PUBLIC:
        _fits_the_phone(page, path, axe_check)
    page.goto("/gemeenten")
    page.get_by_role("link", name="D", exact=True).click()
    expect(page.get_by_role("link", name="Den Haag")).to_be_visible()


def test_staff_pages_fit_a_phone(page: Page, axe_check, make_user):
    admin = make_user(
        email="ad@example.org",
        display_name="Ad Min",
        role="admin",
        perspective="politician",
        perspective_role="raadslid",
    )
    author = make_user(display_name="A. de Vries")
    make_request(admin)
    audit.record(admin, "report.hide", "comment", 1, "spam " * 30, None, None, about=author)
    db.session.commit()
    db.session.remove()
    page.set_viewport_size({"width": 375, "height": 667})
    log_in(page, "ad@example.org")
    for path in STAFF:
        _fits_the_phone(page, path, axe_check)
    page.goto("/moderatie/verificatie")
    expect(page.get_by_text("Je eigen bijdrage: je kunt hem niet aanvinken.")).to_be_visible()
