"""Issue 5 in a real browser: a resident shares an experience with a photo, a moderator approves it,
everyone finds it (list, search, feed, pillar page), a neighbour recognises it and reacts, and
hostile uploads are refused next to the field without losing what was typed."""

from __future__ import annotations

import io
import re

import pytest
from PIL import ExifTags, Image
from playwright.sync_api import Page, expect

from tests.browser.steps import log_in
from tests.experience_builders import SVG_WITH_SCRIPT, TEXT_AS_JPEG, huge_png, jpeg_with_gps, pillar
from wijkstem.extensions import db

pytestmark = pytest.mark.browser

TITLE = "Samen plantenbakken in de Lombokstraat"
STORY = (
    "Op zaterdag zetten we met tien buren plantenbakken in de straat. Daarna dronken we koffie bij "
    "nummer twaalf. Sindsdien groeten mensen elkaar en letten ze op elkaars planten."
)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()


def fill_experience(page: Page, pillar_title: str) -> None:
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Je verhaal").fill(STORY)
    expect(page.get_by_label("Gemeente", exact=True)).to_have_value("Utrecht")  # the author's own by default
    page.get_by_label("Wijk of buurt (niet verplicht)").fill("Lombok")
    page.get_by_label(pillar_title).check()
    page.get_by_label("Wat goed gaat").check()
    page.get_by_label("Beschrijf wat er op de foto staat").fill("Buren zetten plantenbakken neer")
    page.get_by_label("Ik geef toestemming om deze ervaring op wijkstem te publiceren").check()


def upload(page: Page, name: str, mime: str, data: bytes) -> None:
    page.get_by_label("Foto (niet verplicht)").set_input_files({"name": name, "mimeType": mime, "buffer": data})


@pytest.fixture
def people(make_user):
    first = pillar(1)
    found = {
        "resident": make_user(display_name="Rosa Bewoner").email,
        "moderator": make_user(display_name="Mo Derator", role="moderator").email,
        "neighbour": make_user(display_name="Nina Buur").email,
        "pillar": (first.slug, first.title),
    }
    db.session.remove()  # never hold a transaction open while the live server writes
    return found


def test_experience_from_photo_upload_to_recognition(page: Page, axe_check, people):
    slug, pillar_title = people["pillar"]

    # 1. The resident shares an experience with a camera photo that knows where it was taken.
    log_in(page, people["resident"])
    page.goto("/ervaringen/nieuw")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deel je ervaring")
    axe_check(page)
    fill_experience(page, pillar_title)
    upload(page, "straat.jpg", "image/jpeg", jpeg_with_gps())
    page.get_by_role("button", name="Versturen").click()
    expect(page).to_have_url(re.compile(r"/account/ervaringen$"))
    expect(page.get_by_text("Bedankt! Een moderator bekijkt je ervaring.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    axe_check(page)
    log_out(page)

    # Not public yet.
    page.goto("/ervaringen")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)

    # 2. A moderator approves it in the workspace.
    log_in(page, people["moderator"])
    page.get_by_role("link", name="Moderatie").first.click()
    axe_check(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderatie")
    page.get_by_role("main").get_by_role("link", name="Ervaringen", exact=True).click()
    expect(page).to_have_url(re.compile(r"/moderatie/ervaringen$"))
    item = page.locator("li.queue-item", has_text=TITLE)
    expect(item.get_by_role("img")).to_be_visible()  # the photo thumbnail
    axe_check(page)
    item.get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("Goedgekeurd.")).to_be_visible()
    expect(page.get_by_text("Niets te doen. Alles is afgehandeld.")).to_be_visible()
    axe_check(page)
    log_out(page)

    # 3. Everyone finds it: the list, a search, the feed and the pillar page.
    page.goto("/ervaringen")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_label("Zoeken").fill("plantenbakken")
    page.get_by_role("button", name=re.compile("Zoek|Toon|Filter")).first.click()
    expect(page).to_have_url(re.compile(r"q=plantenbakken"))
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    axe_check(page)
    page.goto("/ervaringen?q=fietsenstalling")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)

    feed = page.request.get("/ervaringen/feed.xml")
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    assert TITLE in feed.text()

    page.goto(f"/manifest/{slug}")
    section = page.locator("section.experience-latest")
    expect(section.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    axe_check(page)
    section.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe_check(page)

    # The photo that is served has lost its location (and every other EXIF detail).
    photo = page.locator("img.experience-photo")
    expect(photo).to_have_attribute("alt", "Buren zetten plantenbakken neer")
    served = page.request.get(photo.get_attribute("src"))
    assert served.ok
    assert "max-age=31536000" in served.headers["cache-control"]
    image = Image.open(io.BytesIO(served.body()))
    exif = image.getexif()
    assert ExifTags.Base.GPSInfo not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert b"TestCam" not in served.body()
    assert max(image.size) < 2400  # resized server-side

    # 4. Another resident recognises it and reacts.
    experience_url = page.url
    log_in(page, people["neighbour"])
    page.goto(experience_url)
    expect(page.get_by_text("0 mensen vinden dit herkenbaar.")).to_be_visible()
    page.get_by_role("button", name="Herkenbaar", exact=True).click()
    expect(page.get_by_text("Je vindt dit herkenbaar.")).to_be_visible()
    expect(page.get_by_text("1 persoon vindt dit herkenbaar.")).to_be_visible()
    expect(page.get_by_role("button", name="Niet meer herkenbaar")).to_be_visible()
    axe_check(page)

    page.get_by_label("Je reactie").fill("Bij ons in de straat werkt dit ook, de kinderen gieten de planten.")
    page.get_by_role("button", name="Plaats je reactie").click()
    comment = page.locator(".comment", has_text="de kinderen gieten de planten")
    expect(comment).to_be_visible()
    expect(comment.get_by_text("Nina Buur")).to_be_visible()
    expect(page.get_by_role("heading", name="Reacties (1)")).to_be_visible()
    axe_check(page)

    # After a reload (no script involved) both are still there.
    page.reload()
    expect(page.get_by_text("1 persoon vindt dit herkenbaar.")).to_be_visible()
    expect(page.locator(".comment", has_text="de kinderen gieten de planten")).to_be_visible()


HOSTILE = [
    ("tekst.jpg", "image/jpeg", TEXT_AS_JPEG, "Dit bestand is geen foto die we kunnen lezen."),
    ("groot.png", "image/png", huge_png(), "Deze foto heeft te veel pixels."),
    ("tekening.svg", "image/svg+xml", SVG_WITH_SCRIPT, "Kies een JPEG-, PNG- of WebP-bestand."),
]


def test_hostile_uploads_are_refused_next_to_the_field(page: Page, axe_check, people):
    _, pillar_title = people["pillar"]
    log_in(page, people["resident"])
    page.goto("/ervaringen/nieuw")
    for name, mime, data, message in HOSTILE:
        fill_experience(page, pillar_title)
        upload(page, name, mime, data)
        page.get_by_role("button", name="Versturen").click()

        expect(page.locator("[data-error-summary]")).to_be_visible()
        error = page.locator("#photo-error")
        expect(error).to_contain_text(message)
        expect(page.get_by_label(re.compile("Foto"))).to_have_attribute("aria-invalid", "true")
        # What was typed is kept.
        expect(page.get_by_label("Titel")).to_have_value(TITLE)
        expect(page.get_by_label("Je verhaal")).to_have_value(STORY)
        expect(page.get_by_label("Wijk of buurt (niet verplicht)")).to_have_value("Lombok")
        expect(page.get_by_label(pillar_title)).to_be_checked()
        expect(page.get_by_label("Wat goed gaat")).to_be_checked()
        expect(page.get_by_label("Beschrijf wat er op de foto staat")).to_have_value("Buren zetten plantenbakken neer")
        expect(page.locator("img.experience-photo--preview")).to_have_count(0)  # nothing was kept
        axe_check(page)

    page.goto("/account/ervaringen")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)  # nothing was submitted

    # A good photo survives a mistake elsewhere in the form: no need to choose it again.
    page.goto("/ervaringen/nieuw")
    fill_experience(page, pillar_title)
    page.get_by_label("Titel").fill("")
    upload(page, "straat.jpg", "image/jpeg", jpeg_with_gps((800, 600)))
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("#title-error")).to_contain_text("Geef je ervaring een titel.")
    expect(page.locator("img.experience-photo--preview")).to_be_visible()
    expect(page.get_by_text("Deze foto is bewaard. Je hoeft hem niet opnieuw te kiezen.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Bedankt! Een moderator bekijkt je ervaring.")).to_be_visible()
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("img.experience-photo")).to_be_visible()
