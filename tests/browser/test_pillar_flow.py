"""Issue 4 in a real browser: two people endorse a pillar, discuss it, one withdraws; page and API agree.

Runs twice: with JavaScript (participation.js sends the forms with fetch and swaps the region, so the
page never reloads) and without (every form posts and redirects).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from tests.browser.steps import log_in
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Endorsement, Pillar, Report, User
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject

SLUG = "bewoners-leidend"
PILLAR_PATH = f"/manifest/{SLUG}"
WITH_AND_WITHOUT_JS = pytest.mark.parametrize("page", [True, False], indirect=True, ids=["js", "no-js"])


def _rows(model) -> int:
    count = db.session.scalar(select(func.count()).select_from(model))
    db.session.remove()  # never hold a transaction open while the live server writes
    return count


def _people(make_user):
    anna = make_user(email="anna@example.org", display_name="Anna", perspective="resident")
    bram = make_user(
        email="bram@example.org",
        display_name="Bram",
        perspective="professional",
        perspective_role="gemeente",
        verified_at=utcnow(),
    )
    people = {"anna": anna.email, "bram": bram.email}
    db.session.remove()
    return people


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()


def _thanked(page: Page, count: str) -> None:
    """Endorsing leads to the thank-you step (a normal page load, with or without JavaScript)."""
    expect(page).to_have_url(re.compile(rf"{PILLAR_PATH}/bedankt$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bedankt, je steunt nu")
    expect(page.locator("[data-thanks-count]")).to_have_text(count)


class Visit:
    """The pillar page as one person sees it; with JS it checks that an action did not reload the page."""

    def __init__(self, page: Page, axe_check, js: bool):
        self.page, self.axe_check, self.js = page, axe_check, js

    def open(self) -> None:
        self.page.goto(PILLAR_PATH)
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        if self.js:
            self.page.evaluate("window.__notReloaded = true")
        self.axe_check(self.page)

    def after_action(self, message: str, region: str, focused=None) -> None:
        """The flash message is shown (no JS) or announced without a reload, focus in the region (JS)."""
        if self.js:
            expect(self.page.locator("[data-live-region]")).to_have_text(message)
            if focused is not None:
                expect(focused).to_be_focused()
            assert self.page.evaluate("window.__notReloaded === true"), "the page was reloaded"
            assert self.page.evaluate(f"document.querySelector('{region}').contains(document.activeElement)"), (
                f"focus is not in {region} but on "
                + self.page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
            )
        else:
            expect(self.page.locator(".flashes")).to_contain_text(message)
            expect(self.page).to_have_url(re.compile(rf"{PILLAR_PATH}(\?.*)?(#.*)?$"))
        self.axe_check(self.page)


@WITH_AND_WITHOUT_JS
def test_two_people_endorse_discuss_and_one_withdraws(page: Page, axe_check, make_user, request):
    js = request.node.callspec.params["page"]
    people = _people(make_user)
    visit = Visit(page, axe_check, js)
    steun, reacties = page.locator("#steun"), page.locator("#reacties")

    # Anna, a resident, endorses with a motivation and comments on point 2.
    log_in(page, people["anna"])
    visit.open()
    expect(steun).to_contain_text("0 mensen steunen deze pijler")
    steun.get_by_label("Waarom steun je deze pijler?").fill("Bewoners weten het best.")
    if js:
        expect(page.locator("[data-counter-for=motivation]")).to_have_text("24 / 280")
    steun.get_by_role("button", name="Ik steun deze pijler").click()
    _thanked(page, "Je bent de eerste: 1 persoon steunt deze pijler.")
    axe_check(page)
    visit.open()
    expect(steun).to_contain_text("Je steunt deze pijler.")
    expect(steun).to_contain_text("1 persoon steunt deze pijler")

    reacties.get_by_role("button", name="Plaats je reactie").click()  # empty: told what to do
    summary = reacties.locator("[data-error-summary]")
    expect(summary).to_contain_text("Schrijf eerst je reactie.")
    if js:
        expect(summary).to_be_focused()
        assert page.evaluate("window.__notReloaded === true")
    axe_check(page)
    body = reacties.get_by_label("Je reactie", exact=True)
    body.fill("Wij doen dit al in Kanaleneiland, zie https://example.org")
    if js:  # the live counter follows what is typed
        expect(page.locator("[data-counter-for=body]")).to_have_text("57 / 2000")
    reacties.get_by_label("Over welk punt gaat je reactie? (niet verplicht)").select_option(index=2)
    reacties.get_by_role("button", name="Plaats je reactie").click()
    comment = reacties.locator(".comment-list > li").first
    expect(comment).to_contain_text("Wij doen dit al in Kanaleneiland")
    visit.after_action("Bedankt, je reactie staat erbij.", "#reacties", focused=comment.locator(".comment").first)
    expect(comment.locator(".comment__point")).to_have_text("Over punt 2")
    expect(comment.get_by_role("link", name="https://example.org")).to_have_attribute("rel", "nofollow ugc noopener")
    expect(page.locator("#reacties-titel")).to_have_text("Reacties (1)")
    expect(page.locator("#punt-2 .point__comments")).to_have_text("1 reactie")
    _log_out(page)

    # Bram, a verified professional, endorses, replies to Anna and finds her comment helpful.
    log_in(page, people["bram"])
    visit.open()
    steun.get_by_role("button", name="Ik steun deze pijler").click()
    _thanked(page, "Met jou steunen nu 2 mensen deze pijler.")
    expect(page.locator(".count-total")).to_contain_text(
        "2 mensen steunen deze pijler, waarvan 1 geverifieerde beroepskracht"
    )
    visit.open()

    comment.get_by_text("Antwoorden", exact=True).click()
    comment.get_by_label("Je antwoord").fill("Goed voorbeeld!")
    comment.get_by_role("button", name="Plaats je antwoord").click()
    expect(comment.locator(".replies")).to_contain_text("Goed voorbeeld!")
    visit.after_action("Bedankt, je antwoord staat erbij.", "#reacties", focused=comment.locator(".replies .comment"))
    expect(page.locator("#reacties-titel")).to_have_text("Reacties (2)")

    helpful = comment.locator(".comment").first.get_by_role("button", name="Waardevol")
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.click()
    visit.after_action("Je vindt deze reactie waardevol.", "#reacties", focused=comment.locator(".comment").first)
    expect(comment.locator(".comment").first.locator(".comment__helpful")).to_have_text("1 vindt dit waardevol")
    expect(comment.locator(".comment").first.get_by_role("button", name="Waardevol")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Bram withdraws: the page and the API count one resident and two comments.
    steun.get_by_role("button", name="Steun intrekken").click()
    visit.after_action("Je steun is ingetrokken.", "#steun", focused=page.locator("#steun-titel"))
    expect(steun).to_contain_text("1 persoon steunt deze pijler")
    expect(steun.locator(".count-split__item")).to_have_text(
        [re.compile(r"Bewoners: 1"), re.compile(r"Beroepskrachten: 0"), re.compile(r"Politici: 0")]
    )
    expect(steun.get_by_role("button", name="Ik steun deze pijler")).to_be_visible()

    page.reload()
    expect(page.locator("#reacties-titel")).to_have_text("Reacties (2)")
    expect(page.locator("#punt-2 .point__comments")).to_have_text("2 reacties")

    pillars = page.request.get("/api/v1/pillars").json()["pillars"]
    assert [p["slug"] for p in pillars][0] == SLUG
    assert pillars[0]["endorsements"] == {"total": 1, "resident": 1, "professional": 0, "politician": 0, "verified": 0}
    assert pillars[0]["comments"] == 2
    assert [p["comments"] for p in pillars[1:]] == [0, 0]
    one = page.request.get(f"/api/v1/pillars/{SLUG}").json()
    assert [p["comments"] for p in one["points"]][:3] == [0, 2, 0]
    assert "anna@example.org" not in page.request.get("/api/v1/pillars").text()

    # The public list of endorsers shows Anna with her motivation, and no longer Bram.
    page.get_by_role("link", name="Bekijk wie deze pijler steunt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wie steunt")
    endorsers = page.locator("ol.endorsers > li")
    expect(endorsers).to_have_count(1)
    expect(endorsers.first).to_contain_text("Anna · Bewoner · Utrecht")
    expect(endorsers.first).to_contain_text("Bewoners weten het best.")
    axe_check(page)


@WITH_AND_WITHOUT_JS
def test_report_a_comment_with_a_reason(page: Page, axe_check, make_user, request):
    js = request.node.callspec.params["page"]
    people = _people(make_user)
    anna = db.session.scalar(select(User).where(User.email == people["anna"]))
    pillar = db.session.scalar(select(Pillar).where(Pillar.slug == SLUG))
    comments.post_comment(anna, Subject.PILLAR, pillar.id, "Bel mij op 06-12345678")
    db.session.remove()

    log_in(page, people["bram"])
    visit = Visit(page, axe_check, js)
    visit.open()
    comment = page.locator("#reacties .comment-list > li").first
    # A link to the report page (no form under every comment); the same with and without JavaScript.
    comment.get_by_role("link", name="Melden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een reactie melden")
    expect(page.locator(".comment-quote")).to_contain_text("Bel mij op 06-12345678")
    page.get_by_label("Er staan persoonsgegevens in").check()
    page.get_by_label("Toelichting (niet verplicht)").fill("Een telefoonnummer")
    axe_check(page)
    page.get_by_role("button", name="Meld deze reactie").click()
    expect(page.locator(".flashes")).to_contain_text("Bedankt voor je melding. Een moderator kijkt ernaar.")
    expect(page.locator("main")).to_contain_text("Je hebt deze reactie gemeld.")
    axe_check(page)
    page.get_by_role("link", name="Terug naar de reactie").click()
    expect(page).to_have_url(re.compile(rf"{PILLAR_PATH}#reactie-\d+$"))
    expect(page.locator("#reacties .comment-list > li").first).to_contain_text("Bel mij op 06-12345678")
    report = db.session.scalars(select(Report)).one()
    assert (report.reason, report.text, report.reporter.email) == (
        "personal-data",
        "Een telefoonnummer",
        "bram@example.org",
    )
    db.session.remove()


@WITH_AND_WITHOUT_JS
def test_double_click_on_endorse_gives_one_endorsement(page: Page, axe_check, make_user, request):
    js = request.node.callspec.params["page"]
    make_user(email="cora@example.org", display_name="Cora", show_name=False)
    db.session.remove()
    log_in(page, "cora@example.org")
    visit = Visit(page, axe_check, js)
    visit.open()
    page.locator("#steun").get_by_role("button", name="Ik steun deze pijler").dblclick()
    _thanked(page, "Je bent de eerste: 1 persoon steunt deze pijler.")
    assert _rows(Endorsement) == 1
    visit.open()
    expect(page.locator("#steun")).to_contain_text("Je steunt deze pijler.")

    page.goto(f"{PILLAR_PATH}/steunbetuigingen")
    expect(page.locator("ol.endorsers > li")).to_have_count(1)
    expect(page.locator("ol.endorsers > li").first).to_contain_text("een bewoner uit Utrecht")
    expect(page.locator("ol.endorsers")).not_to_contain_text("Cora")
    axe_check(page)
