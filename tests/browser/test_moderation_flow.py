"""Issue 6 in a real browser: a resident submits an experience, three people report a comment (it
hides itself), a moderator approves the experience with the keyboard only, reviews the reported
comment and blocks its author, the authors get their mail and the audit log shows every step."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from tests.browser.scenario_moderation import verification_and_blocking_scenario
from tests.browser.test_experience_flow import STORY, TITLE, log_in, log_out
from tests.conftest import PASSWORD
from tests.experience_builders import pillar
from wijkstem.extensions import db
from wijkstem.services.accounts.mail import deliver_pending
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject

pytestmark = pytest.mark.browser

RUDE = "Wat een onzin, die bewoners van Lombok zijn allemaal profiteurs."
HARMLESS = "Ik woon in Overvecht en herken dit wel: de buurtkamer helpt echt."
REASON = "Beledigend of discriminerend"


def tab_to(page: Page, text: str, limit: int = 80) -> None:
    """Press Tab until the element with this text has the focus, as someone without a mouse would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement ? document.activeElement.textContent.trim() : ''") == text:
            return
    pytest.fail(f"‘{text}’ cannot be reached with the Tab key")


def deliver_mail() -> None:
    deliver_pending()
    db.session.remove()  # never keep a transaction open while the live server writes


@pytest.fixture
def cast(make_user):
    first, second = pillar(1), pillar(2)
    kees = make_user(display_name="Kees Kwaad")
    rude = comments.post_comment(kees, Subject.PILLAR, first.id, RUDE)
    harmless = comments.post_comment(kees, Subject.PILLAR, second.id, HARMLESS)
    people = SimpleNamespace(
        resident=make_user(display_name="Rosa Bewoner").email,
        kees=kees.email,
        reporters=[make_user(display_name=f"Melder {n}").email for n in (1, 2, 3)],
        moderator=make_user(display_name="Mo Derator", role="moderator").email,
        admin=make_user(display_name="Ad Min", role="admin").email,
        rude_id=rude.id,
        harmless_id=harmless.id,
        first_slug=first.slug,
        first_title=first.title,
        second_slug=second.slug,
    )
    db.session.remove()
    return people


def submit_experience(page: Page) -> None:
    page.goto("/ervaringen/nieuw")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Je verhaal").fill(STORY)
    page.get_by_role("group", name="Over welke pijler gaat het?").get_by_role("checkbox").first.check()
    page.get_by_label("Wat goed gaat").check()
    page.get_by_label("Ik geef toestemming om deze ervaring op wijkstem te publiceren").check()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Bedankt! Een moderator bekijkt je ervaring.")).to_be_visible()


def report_comment(page: Page, slug: str, comment_id: int) -> None:
    page.goto(f"/manifest/{slug}#reactie-{comment_id}")
    comment = page.locator(f"#reactie-{comment_id}")
    comment.get_by_role("link", name="Melden", exact=True).click()
    page.get_by_label("Kwetsend of beledigend").check()
    page.get_by_role("button", name="Meld deze reactie").click()
    expect(page.locator(".flashes")).to_contain_text("Bedankt voor je melding.")


def test_reports_decisions_blocking_mail_and_audit_log(page: Page, axe_check, smtp_server, cast):
    # 1. A resident submits an experience.
    log_in(page, cast.resident)
    submit_experience(page)
    log_out(page)

    # 2. Three people report Kees's comment; after the third it is hidden for everyone.
    for number, reporter in enumerate(cast.reporters, start=1):
        log_in(page, reporter)
        report_comment(page, cast.first_slug, cast.rude_id)
        if number == 1:
            axe_check(page)
        log_out(page)
    page.goto(f"/manifest/{cast.first_slug}")
    expect(page.get_by_text(RUDE)).to_have_count(0)
    expect(page.locator(f"#reactie-{cast.rude_id}")).to_contain_text("Deze reactie is verborgen")
    page.goto(f"/manifest/{cast.second_slug}")
    expect(page.get_by_text(HARMLESS)).to_be_visible()  # nobody reported this one

    # 3. The moderator approves the experience with the keyboard only.
    log_in(page, cast.moderator)
    page.goto("/moderatie")
    counts = page.locator("ul.moderation-counts")
    expect(counts.get_by_role("listitem").filter(has_text="Ervaringen")).to_contain_text("1")
    expect(counts.get_by_role("listitem").filter(has_text="Gemelde bijdragen")).to_contain_text("1")
    axe_check(page)
    tab_to(page, "Naar de inhoud")
    page.keyboard.press("Enter")
    tab_to(page, "Ervaringen")  # the queue link in the content, past the main menu
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/moderatie/ervaringen$"))
    expect(page.locator("li.queue-item", has_text=TITLE)).to_be_visible()
    axe_check(page)
    tab_to(page, "Goedkeuren")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Goedgekeurd.")).to_be_visible()
    expect(page.get_by_text("Niets te doen. Alles is afgehandeld.")).to_be_visible()

    # 4. ... reviews the reported comment, blocks its author (hiding their content) and hides it.
    page.goto("/moderatie")
    page.get_by_role("main").get_by_role("link", name="Gemelde bijdragen").click()
    item = page.locator("li.queue-item", has_text="Reactie van Kees Kwaad")
    expect(item).to_contain_text(RUDE)
    expect(item.get_by_role("heading", name="Meldingen (3)")).to_be_visible()
    axe_check(page)

    item.get_by_text("Kees Kwaad blokkeren").click()
    block = item.locator("details.block-form")
    block.get_by_label("Reden uit de lijst").select_option(label=REASON)
    block.get_by_label("Verberg ook alles wat deze persoon al heeft geplaatst").check()
    axe_check(page)
    block.get_by_role("button", name="Blokkeren").click()
    expect(page.get_by_text("Kees Kwaad is geblokkeerd.")).to_be_visible()

    item = page.locator("li.queue-item", has_text="Reactie van Kees Kwaad")
    expect(item.get_by_text("geblokkeerd", exact=True)).to_be_visible()
    decision = item.locator("form.decision-form")
    decision.get_by_label("Reden uit de lijst").select_option(label=REASON)
    decision.get_by_role("button", name="Verbergen").click()
    expect(page.get_by_text("Verborgen. De schrijver krijgt een mail met de reden.")).to_be_visible()
    expect(page.get_by_text("Niets te doen. Alles is afgehandeld.")).to_be_visible()
    axe_check(page)
    log_out(page)

    # The experience is online; Kees's other comment went with the block; Kees cannot log in.
    page.goto("/ervaringen")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    page.goto(f"/manifest/{cast.second_slug}")
    expect(page.get_by_text(HARMLESS)).to_have_count(0)
    expect(page.locator(f"#reactie-{cast.harmless_id}")).to_contain_text("Deze reactie is verborgen")
    log_in(page, cast.kees, expect_success=False)
    expect(page.locator("#password-error")).to_contain_text("Je account is geblokkeerd.")

    # 5. The authors get their mail.
    deliver_mail()
    [approved] = smtp_server.to(cast.resident)
    assert approved["Subject"] == "Je ervaring staat op wijkstem"
    assert TITLE in approved.get_content()
    assert any("/ervaringen/" in link for link in smtp_server.links_to(cast.resident))
    kees_mail = {m["Subject"]: m.get_content() for m in smtp_server.to(cast.kees)}
    decision = f"Besluit over je reactie op ‘{cast.first_title}’"  # the mail names the item
    assert set(kees_mail) == {"Je account bij wijkstem is geblokkeerd", decision}
    assert REASON in kees_mail["Je account bij wijkstem is geblokkeerd"]
    assert REASON in kees_mail[decision]
    assert "verborgen" in kees_mail[decision]
    assert f"/manifest/{cast.first_slug}#reactie-{cast.rude_id}" in kees_mail[decision]
    for reporter in cast.reporters:
        assert not smtp_server.to(reporter)  # reporters are not mailed, and never learn each other's names

    # 6. The admin reads every step in the audit log.
    log_in(page, cast.admin)
    page.goto("/beheer/logboek")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logboek")
    entries = page.locator(".audit-log__entry")  # one sentence per decision
    for sentence in (
        "Ervaring van Rosa Bewoner goedgekeurd",
        f"Account van Kees Kwaad geblokkeerd: {REASON}",
        f"Reactie van Kees Kwaad verborgen: {REASON}",
    ):
        entry = entries.filter(has_text=sentence)
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text("door moderator Mo Derator")
    axe_check(page)
    log_out(page)

    # 7. A reporter sees that the report was handled, and nothing about the other reporters.
    log_in(page, cast.reporters[0])
    page.goto("/account/meldingen")
    handled = page.locator(".report-list__item")
    expect(handled).to_have_count(1)
    expect(handled).to_contain_text("Afgehandeld")
    expect(handled).to_contain_text("de bijdrage is verborgen")
    expect(page.get_by_text("Melder 2")).to_have_count(0)
    axe_check(page)


def test_verification_and_blocking_scenario(page: Page, live_server, make_user):
    """The scenario written with the moderation issue: verification approved with the keyboard, then a block."""
    professional = make_user(display_name="Pia Professional", perspective="professional", perspective_role="gemeente")
    moderator = make_user(display_name="Mo Derator", role="moderator")
    admin = make_user(display_name="Ad Min", role="admin")
    people = [SimpleNamespace(email=u.email, display_name=u.display_name) for u in (professional, moderator, admin)]
    db.session.remove()
    verification_and_blocking_scenario(page, live_server.url, *people, password=PASSWORD)
