"""No page scrolls sideways on a 375 px phone, for a visitor, a resident, a moderator and an admin.

The pages are every GET page of the app without parameters (read from the URL map, so a new page is
checked without anyone adding it here) plus one real example of each page that takes a parameter.
Each page that answers with HTML also gets the axe check (0 serious or critical violations). The
embed fits its documented iframe (docs/api.md: height 220) from a 320 px wide phone up.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.experience_builders import make_experience, png_bytes
from tests.moderation_fixtures import make_request
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.discussion import comments
from wijkstem.services.experiences import experiences
from wijkstem.services.moderation import moderation_queue as mq

PHONE = {"width": 375, "height": 667}
# Not pages: files, feeds, data and health checks.
NOT_PAGES = (".csv", ".zip", ".xml", ".pdf", ".png", ".svg", ".json")
SKIPPED_PREFIXES = ("/static/", "/api/v1/experiences", "/api/v1/municipalities", "/api/v1/pillars", "/api/v1/stats")
SKIPPED = {"/healthz"}
# Pages already given the (slow) axe check in this run, by the address shown: the first person to see it checks it.
AXE_CHECKED: set[str] = set()


def _pages_without_parameters(app) -> list[str]:
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments:
            continue
        path = rule.rule
        if path in SKIPPED or path.endswith(NOT_PAGES) or path.startswith(SKIPPED_PREFIXES):
            continue
        paths.add(path)
    return sorted(paths)


def _content(app, admin, resident, moderator) -> dict:
    """One of everything a page with a parameter can show: an experience with a photo, a comment, a report."""
    pillar = db.session.scalars(db.select(Pillar).order_by(Pillar.position)).first()
    photo = experiences.store_draft_photo(resident, io.BytesIO(png_bytes((1200, 900))))
    db.session.commit()
    story = make_experience(
        resident,
        moderator,
        title="Een buurtmoestuin met een heel-lang-samengesteld-woord-zonder-einde",
        photo=photo,
        photo_alt="Buren bij de moestuin",
    )
    make_experience(resident, title="Nog niet beoordeeld", approve=False)
    comment = comments.post_comment(
        resident, "pillar", pillar.id, "https://voorbeeld.example.org/" + "lang-adres-" * 12
    )
    db.session.commit()
    make_request(resident)
    db.session.commit()
    return {"pillar": pillar.slug, "experience": story.id, "comment": comment.id}


def _pages_with_parameters(content: dict, resident_id: int) -> list[str]:
    slug, experience, comment = content["pillar"], content["experience"], content["comment"]
    pages = [
        f"/manifest/{slug}",
        f"/manifest/{slug}/steunbetuigingen",
        f"/manifest/{slug}/poster",
        "/gemeente/utrecht",
        "/gemeente/utrecht/afdrukken",
        "/gemeente/utrecht/poster",
        "/cijfers/gemeente/utrecht",
        f"/ervaringen/{experience}",
        f"/ervaringen/{experience}/melden",
        f"/ervaringen/{experience}/bewerken",
        f"/reacties/{comment}/reageren",
        f"/reacties/{comment}/melden",
        f"/beheer/gebruikers/{resident_id}",
        "/ervaringen?q=moestuin",
        "/gemeenten?q=Utrect",
        f"/delen/mastodon?url=/manifest/{slug}",
    ]
    pages += [f"/moderatie/{provider.name}" for provider in mq.queues()]
    return pages


def _check_pages(page: Page, paths: list[str], axe_check) -> list[str]:
    problems, seen = [], set()
    for path in paths:
        probe = page.request.get(path)  # same cookies as the page; files to download are not pages
        headers = probe.headers
        if "text/html" not in headers.get("content-type", "") or "attachment" in headers.get("content-disposition", ""):
            continue
        page.goto(path)
        landed = page.url.split("#")[0]
        if landed in seen:  # a page that sends this person elsewhere (to log in, say) is checked once
            continue
        seen.add(landed)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
            )
            problems.append(f"{path} is {width}px wide ({', '.join(wide)})")
        if landed not in AXE_CHECKED:  # the same page for the next person differs only in its menu
            AXE_CHECKED.add(landed)
            axe_check(page)
    return problems


@pytest.mark.parametrize("role", ["visitor", "resident", "moderator", "admin"])
def test_no_page_scrolls_sideways_on_a_phone(app, page: Page, axe_check, make_user, role):
    admin = make_user(email="beheer@example.org", display_name="Bea Heer", role="admin")
    moderator = make_user(email="moderator@example.org", display_name="Mo de Rator", role="moderator")
    resident = make_user(email="bewoner@example.org", display_name="Bo Woner")
    content = _content(app, admin, resident, moderator)
    resident_id = resident.id
    db.session.remove()

    page.set_viewport_size(PHONE)
    if role != "visitor":
        log_in(
            page,
            {"resident": "bewoner@example.org", "moderator": "moderator@example.org"}.get(role, "beheer@example.org"),
        )
    paths = _pages_without_parameters(app) + _pages_with_parameters(content, resident_id)
    assert "/" in paths and "/beheer" in paths and "/account/registreren" in paths
    problems = _check_pages(page, paths, axe_check)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", [False], indirect=True)
def test_the_phone_menu_opens_without_javascript(page: Page, axe_check):
    page.set_viewport_size(PHONE)
    page.goto("/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    manifest_link = menu.get_by_role("link", name="Manifest")
    expect(manifest_link).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(manifest_link).to_be_visible()
    expect(menu.get_by_role("button", name="English")).to_be_visible()
    axe_check(page)
    manifest_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Manifest voor een succesvolle wijkaanpak")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(menu.get_by_role("link", name="Ervaringen")).to_be_visible()


@pytest.mark.parametrize("width", [320, 375])
def test_the_embed_fits_its_documented_height_on_a_phone(page: Page, axe_check, width):
    """docs/api.md gives partners <iframe ... height="220">: nothing may be cut off or scroll."""
    page.set_viewport_size({"width": width, "height": 220})
    for slug in db.session.scalars(db.select(Pillar.slug).order_by(Pillar.position)).all():
        page.goto(f"/embed/pillar/{slug}")
        height = page.evaluate("Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)")
        assert page.evaluate("document.scrollingElement.scrollHeight") <= 220
        assert height <= 220, f"the embed needs {height}px at {width}px wide"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    axe_check(page)
