"""Every count reads right for 0, 1 and 2, in Dutch and in English, wherever it is shown."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from flask import session
from sqlalchemy import select

from tests.fake_counts import meta_of, patch_counts, tags_of
from tests.moderation_fixtures import make_request, moderator, professional, sign_in  # noqa: F401 (fixtures)
from wijkstem.extensions import db
from wijkstem.models import Municipality, Pillar
from wijkstem.services.endorsements.endorsements import EndorsementCounts, endorse_pillar
from wijkstem.services.sharing import preview_images
from wijkstem.services.sharing.sharing import council_message

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


@pytest.mark.parametrize(("n", "locale"), [(1, "nl"), (1, "en"), (2, "nl"), (2, "en")])
def test_council_mail_body(app, n, locale):
    with app.test_request_context():
        session["locale"] = locale
        _subject, body = council_message("Utrecht", "http://localhost/gemeente/utrecht", n)
    wanted = {
        ("nl", 1): "Nu steunt 1 persoon uit Utrecht het manifest.",
        ("nl", 2): "Nu steunen 2 inwoners, beroepskrachten en politici uit Utrecht het manifest.",
        ("en", 1): "1 person from Utrecht now supports the manifesto.",
        ("en", 2): "2 residents, professionals and politicians from Utrecht now support the manifesto.",
    }[(locale, n)]
    assert wanted in body
    assert_plurals_agree(body)


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
        assert "Check what you have entered" in page and "Error:" in page
        assert "Controleer wat je hebt ingevuld" not in page and "Fout:" not in page
    else:
        assert "Controleer wat je hebt ingevuld" in page and "Fout:" in page


# A count with the wrong form of its word, in Dutch or English: "1 bewoners", "2 steunbetuiging", "1 people".
PLURAL_WORDS = (
    "steunbetuigingen|bewoners|inwoners|beroepskrachten|politici|mensen|items|anderen|"
    "endorsements|residents|professionals|politicians|people|others"
)
SINGULAR_WORDS = (
    "steunbetuiging|bewoner|inwoner|beroepskracht|politicus|persoon|item|ander|"
    "endorsement|resident|professional|politician|person|other"
)
WRONG = [
    re.compile(rf"(?<![\d.,])1 ({PLURAL_WORDS})\b", re.IGNORECASE),
    re.compile(rf"(?<![\d.,])[02] ({SINGULAR_WORDS})\b", re.IGNORECASE),
]


def assert_plurals_agree(text: str) -> None:
    wrong = [m.group(0) for pattern in WRONG for m in pattern.finditer(text)]
    assert wrong == [], wrong


def endorsed_by(make_user, n: int, slug: str = "bewoners-leidend", **person) -> Pillar:
    """n people from Utrecht (the factory's default) endorse the pillar, for real: counters and all."""
    pillar = db.session.scalar(select(Pillar).filter_by(slug=slug))
    for _ in range(n):
        endorse_pillar(make_user(**person), pillar)
    return pillar


def test_the_wrong_forms_are_caught():
    for wrong in ("1 bewoners", "2 steunbetuiging", "0 persoon", "1 people", "En nog 1 anderen"):
        with pytest.raises(AssertionError):
            assert_plurals_agree(wrong)
    assert_plurals_agree("1 bewoner, 2 bewoners, 0 mensen, 21 bewoners, 1.000 mensen, 2 people")


MUNICIPALITY_NUMBER = {
    ("nl", 0): "Nog niemand uit Utrecht steunt het manifest",
    ("nl", 1): "1 persoon uit Utrecht steunt het manifest",
    ("nl", 2): "2 inwoners, beroepskrachten en politici uit Utrecht steunen het manifest",
    ("en", 0): "No one from Utrecht supports the manifesto yet",
    ("en", 1): "1 person from Utrecht supports the manifesto",
    ("en", 2): "2 residents, professionals and politicians from Utrecht support the manifesto",
}
MUNICIPALITY_PILLAR = {
    ("nl", 0): "Nog niemand uit Utrecht steunt deze pijler.",
    ("nl", 1): "1 persoon uit Utrecht steunt deze pijler 1 bewoner In heel Nederland: 1 persoon.",
    ("nl", 2): "2 mensen uit Utrecht steunen deze pijler 2 bewoners In heel Nederland: 2 mensen.",
    ("en", 0): "No one from Utrecht supports this pillar yet.",
    ("en", 1): "1 person from Utrecht supports this pillar 1 resident In the whole of the Netherlands: 1 person.",
    ("en", 2): "2 people from Utrecht support this pillar 2 residents In the whole of the Netherlands: 2 people.",
}
MUNICIPALITY_DESCRIPTION = {
    ("nl", 0): "Nog niemand uit Utrecht steunt het Manifest voor een succesvolle wijkaanpak. Wees de eerste.",
    ("nl", 1): "1 persoon uit Utrecht steunt het Manifest",
    ("nl", 2): "2 inwoners, beroepskrachten en politici uit Utrecht steunen het Manifest",
    ("en", 0): "No one from Utrecht supports the Manifesto for a successful neighbourhood approach yet. Be the first.",
    ("en", 1): "1 person from Utrecht supports the Manifesto",
    ("en", 2): "2 residents, professionals and politicians from Utrecht support the Manifesto",
}
MUNICIPALITY_MAIL = {
    ("nl", 1): "Nu steunt 1 persoon uit Utrecht het manifest.",
    ("nl", 2): "Nu steunen 2 inwoners, beroepskrachten en politici uit Utrecht het manifest.",
    ("en", 1): "1 person from Utrecht now supports the manifesto.",
    ("en", 2): "2 residents, professionals and politicians from Utrecht now support the manifesto.",
}


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_municipality_page(client, make_user, n, locale):
    endorsed_by(make_user, n)
    use_locale(client, locale)
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert MUNICIPALITY_NUMBER[(locale, n)] in text
    assert MUNICIPALITY_PILLAR[(locale, n)] in text
    assert_plurals_agree(text)
    description = meta_of(html)["description"]
    assert description.startswith(MUNICIPALITY_DESCRIPTION[(locale, n)])
    assert_plurals_agree(description)
    mailto = [
        a["href"] for tag, a in tags_of(html) if tag == "a" and a.get("href", "").startswith("mailto:?subject=Manifest")
    ]
    if n == 0:
        assert mailto == []  # nothing to report to the council yet
    else:
        body = unquote(mailto[0])
        assert MUNICIPALITY_MAIL[(locale, n)] in body
        assert_plurals_agree(body)


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_municipality_named_list(client, make_user, n, locale):
    from wijkstem.clock import utcnow

    endorsed_by(make_user, n, perspective="politician", perspective_role="raadslid", verified_at=utcnow())
    use_locale(client, locale)
    text = text_of(client.get("/gemeente/utrecht/politici-en-beroepskrachten"))
    wanted = {
        ("nl", 1): "1 geverifieerde politicus of beroepskracht uit Utrecht steunt het manifest en laat de naam zien.",
        (
            "nl",
            2,
        ): "2 geverifieerde politici en beroepskrachten uit Utrecht steunen het manifest en laten hun naam zien.",
        ("en", 1): "1 verified politician or professional from Utrecht supports the manifesto and shows their name.",
        ("en", 2): "2 verified politicians and professionals from Utrecht support the manifesto and show their names.",
    }.get((locale, n), "Nog geen geverifieerde politici" if locale == "nl" else "No verified politicians")
    assert wanted in text
    assert_plurals_agree(text)


@pytest.mark.parametrize(("n", "locale"), [(1, "nl"), (1, "en"), (2, "nl"), (2, "en")])
def test_municipality_page_more_named(client, make_user, monkeypatch, n, locale):
    from wijkstem.clock import utcnow

    monkeypatch.setattr("wijkstem.services.insight.municipalities.NAMED_ON_PAGE", 1)
    endorsed_by(make_user, n + 1, perspective="politician", perspective_role="raadslid", verified_at=utcnow())
    use_locale(client, locale)
    text = text_of(client.get("/gemeente/utrecht"))
    wanted = {
        ("nl", 1): "En nog 1 ander. Bekijk de hele lijst",
        ("nl", 2): "En nog 2 anderen. Bekijk de hele lijst",
        ("en", 1): "And 1 more. See the whole list",
        ("en", 2): "And 2 more. See the whole list",
    }[(locale, n)]
    assert wanted in text
    assert_plurals_agree(text)


PILLAR_COUNT = {
    ("nl", 0): "0 mensen steunen deze pijler",
    ("nl", 1): "1 persoon steunt deze pijler",
    ("nl", 2): "2 mensen steunen deze pijler",
    ("en", 0): "0 people endorse this pillar",
    ("en", 1): "1 person endorses this pillar",
    ("en", 2): "2 people endorse this pillar",
}


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_pillar_page_count(client, make_user, n, locale):
    endorsed_by(make_user, n)
    use_locale(client, locale)
    text = text_of(client.get("/manifest/bewoners-leidend"))
    assert_plurals_agree(text)
    if n:  # the pillar page may say "nobody yet" its own way; with support it gives the number
        assert PILLAR_COUNT[(locale, n)] in text


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_endorsers_list_count(client, make_user, n, locale):
    endorsed_by(make_user, n)
    use_locale(client, locale)
    text = text_of(client.get("/manifest/bewoners-leidend/steunbetuigingen"))
    assert_plurals_agree(text)
    if n:
        assert PILLAR_COUNT[(locale, n)] in text


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_municipality_preview_image_text(app, make_user, n, locale):
    endorsed_by(make_user, n)
    with app.test_request_context():
        session["locale"] = locale
        utrecht = db.session.scalar(select(Municipality).filter_by(code="GM0344"))
        drawn = [f"{count} {label}" for label, count in preview_images.municipality_card(utrecht).counts]
    _total, residents = expected(n, locale)
    people = {("nl", 0): "0 mensen", ("nl", 1): "1 persoon", ("nl", 2): "2 mensen"}
    people |= {("en", 0): "0 people", ("en", 1): "1 person", ("en", 2): "2 people"}
    assert drawn[:2] == [people[(locale, n)], residents]  # the municipality's number is people
    assert_plurals_agree(" ".join(drawn))


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_home_page_agrees(client, counted, n, locale):
    counted(n)
    use_locale(client, locale)
    assert_plurals_agree(text_of(client.get("/")))


@pytest.mark.parametrize(("n", "locale"), CASES)
def test_embed_and_badge_agree(client, counted, n, locale):
    counted(n)
    use_locale(client, locale)
    assert_plurals_agree(text_of(client.get("/embed/pillar/bewoners-leidend")))
    svg = client.get("/embed/pillar/bewoners-leidend/badge.svg").get_data(as_text=True)
    assert_plurals_agree(" ".join(re.sub(r"<[^>]+>", " ", svg).split()))


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_moderation_says_nothing_of_zero_items(client, moderator, locale):  # noqa: F811
    own = make_request(moderator).id  # a moderator's own item is skipped, so nothing is dealt with
    sign_in(client, moderator)
    use_locale(client, locale)
    page = client.post(
        "/moderatie/verificatie/selectie", data={"action": "approve", "ids": [own]}, follow_redirects=True
    ).get_data(as_text=True)
    assert "0 item" not in page
    assert_plurals_agree(text_of_html(page))


def text_of_html(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(("n", "locale"), [(1, "nl"), (1, "en"), (2, "nl"), (2, "en")])
def test_posters(client, make_user, n, locale):
    endorsed_by(make_user, n)
    use_locale(client, locale)
    wanted = {
        ("nl", 1): ("1 persoon steunt deze pijler", "1 persoon uit Utrecht steunt dit manifest"),
        ("nl", 2): ("2 mensen steunen deze pijler", "2 mensen uit Utrecht steunen dit manifest"),
        ("en", 1): ("1 person endorses this pillar", "1 person from Utrecht supports this manifesto"),
        ("en", 2): ("2 people endorse this pillar", "2 people from Utrecht support this manifesto"),
    }[(locale, n)]
    for path, words in zip(("/manifest/bewoners-leidend/poster", "/gemeente/utrecht/poster"), wanted, strict=True):
        text = text_of(client.get(path))
        assert words in text, path
        assert_plurals_agree(text)
