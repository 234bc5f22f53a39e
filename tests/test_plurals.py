"""Every count reads right for 0, 1 and 2, in Dutch and in English, wherever it is shown."""

from __future__ import annotations

import pytest
from flask import session

from tests.fake_counts import patch_counts
from tests.moderation_fixtures import make_request, moderator, professional, sign_in  # noqa: F401 (fixtures)
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services import preview_images
from wijkstem.services.endorsements import EndorsementCounts
from wijkstem.services.sharing import council_message

EXPECTED = {
    # n: (Dutch, English) for the total and for residents
    0: ("0 steunbetuigingen", "0 bewoners", "0 endorsements", "0 residents"),
    1: ("1 steunbetuiging", "1 bewoner", "1 endorsement", "1 resident"),
    2: ("2 steunbetuigingen", "2 bewoners", "2 endorsements", "2 residents"),
}
CASES = [(n, locale) for n in (0, 1, 2) for locale in ("nl", "en")]


def counts_of(n: int) -> EndorsementCounts:
    return EndorsementCounts(total=n, resident=n, professional=n, politician=n, verified=0)


def expected(n: int, locale: str) -> tuple[str, str]:
    dutch_total, dutch_residents, english_total, english_residents = EXPECTED[n]
    return (dutch_total, dutch_residents) if locale == "nl" else (english_total, english_residents)


def use_locale(client, locale: str) -> None:
    with client.session_transaction() as session:
        session["locale"] = locale


def text_of(response) -> str:
    return " ".join(response.get_data(as_text=True).replace("<strong>", "").replace("</strong>", "").split())


@pytest.fixture
def counted(monkeypatch):
    def set_counts(n: int) -> None:
        national = {slug: counts_of(n) for slug in ("bewoners-leidend", "lange-termijn", "maak-het-mogelijk")}
        patch_counts(monkeypatch, national=national, local={"bewoners-leidend": counts_of(n)})
        monkeypatch.setattr("wijkstem.blueprints.public.routes.pillar_counts", lambda: dict(national))

    return set_counts


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_embed_page_counts(client, counted, n, locale):
    counted(n)
    use_locale(client, locale)
    page = text_of(client.get("/embed/pillar/bewoners-leidend"))
    total, residents = expected(n, locale)
    assert total in page and residents in page


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_badge_text(client, counted, n, locale):
    counted(n)
    use_locale(client, locale)
    svg = client.get("/embed/pillar/bewoners-leidend/badge.svg").get_data(as_text=True)
    total, _residents = expected(n, locale)
    assert f": {total} " in svg


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_preview_image_text(app, counted, n, locale):
    counted(n)
    with app.test_request_context():
        session["locale"] = locale
        pillar = db.session.scalar(db.select(Pillar).filter_by(slug="bewoners-leidend"))
        drawn = [f"{count} {label}" for label, count in preview_images.pillar_card(pillar).counts]
    total, residents = expected(n, locale)
    assert drawn[:2] == [total, residents]


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_council_mail_body(app, n, locale):
    with app.test_request_context():
        session["locale"] = locale
        _subject, body = council_message("Utrecht", "http://localhost/gemeente/utrecht", n)
    wanted = {
        ("nl", 0): "Uit Utrecht zijn er nu 0 steunbetuigingen.",
        ("nl", 1): "Uit Utrecht is er nu 1 steunbetuiging.",
        ("nl", 2): "Uit Utrecht zijn er nu 2 steunbetuigingen.",
        ("en", 0): "There are now 0 endorsements from Utrecht.",
        ("en", 1): "There is now 1 endorsement from Utrecht.",
        ("en", 2): "There are now 2 endorsements from Utrecht.",
    }[(locale, n)]
    assert wanted in body


@pytest.mark.parametrize(("n", "locale"), [(1, "nl"), (1, "en"), (2, "nl"), (2, "en")])
def test_home_card(client, counted, n, locale):
    counted(n)
    use_locale(client, locale)
    page = text_of(client.get("/"))
    total, residents = expected(n, locale)
    assert f"{total}: {residents}, " in page


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_home_card_without_endorsements(client, counted, locale):
    counted(0)
    use_locale(client, locale)
    page = text_of(client.get("/"))
    assert ("Nog geen steunbetuigingen" if locale == "nl" else "No endorsements yet") in page


@pytest.mark.parametrize(("n", "locale"), [(1, "nl"), (1, "en"), (2, "nl"), (2, "en")])
def test_moderation_bulk_flash(client, make_user, moderator, n, locale):  # noqa: F811
    people = [make_user(perspective="professional", perspective_role="gemeente") for _ in range(n)]
    ids = [make_request(person).id for person in people]
    sign_in(client, moderator)
    use_locale(client, locale)
    page = client.post(
        "/moderatie/verificatie/selectie", data={"action": "approve", "ids": ids}, follow_redirects=True
    ).get_data(as_text=True)
    wanted = {
        ("nl", 1): "1 item afgehandeld.",
        ("nl", 2): "2 items afgehandeld.",
        ("en", 1): "1 item dealt with.",
        ("en", 2): "2 items dealt with.",
    }[(locale, n)]
    assert wanted in page


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_english_form_errors_are_translated(client, locale):
    use_locale(client, locale)
    page = client.post("/account/registreren", data={}).get_data(as_text=True)
    if locale == "en":
        assert "There is a problem" in page and "Error:" in page
        assert "Er ging iets mis" not in page and "Fout:" not in page
    else:
        assert "Er ging iets mis" in page and "Fout:" in page
