"""Municipality pages for councils: local support beside the national figures, the index, mail, print and PDF."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.conftest import counting_queries
from tests.fake_counts import patch_counts, tags_of
from wijkstem.extensions import db
from wijkstem.models import Municipality, Pillar


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_municipality_has_a_page(client):
    municipalities = db.session.scalars(select(Municipality)).all()
    assert len(municipalities) == 342
    for m in municipalities[::40]:
        response = client.get(f"/gemeente/{m.slug}")
        assert response.status_code == 200
        assert m.name in response.get_data(as_text=True)


@pytest.mark.parametrize("code", ["GM0344", "gm0344"])
def test_cbs_code_redirects_permanently_to_the_slug(client, code):
    response = client.get(f"/gemeente/{code}")
    assert response.status_code == 301
    assert response.headers["Location"] == "/gemeente/utrecht"


@pytest.mark.parametrize("key", ["atlantis", "GM9999", "GM03444"])
def test_unknown_municipality_is_not_found(client, key):
    assert client.get(f"/gemeente/{key}").status_code == 404


def endorse(user, *positions: int) -> None:
    from wijkstem.services.endorsements.endorsements import endorse_pillar

    for position in positions:
        endorse_pillar(user, db.session.scalar(select(Pillar).where(Pillar.position == position)))


def verified(make_user, name: str, perspective: str = "politician", role: str = "raadslid", **extra):
    from wijkstem.clock import utcnow

    return make_user(display_name=name, perspective=perspective, perspective_role=role, verified_at=utcnow(), **extra)


def test_page_opens_with_the_people_from_here_each_counted_once(client, make_user):
    for _ in range(2):
        endorse(make_user(), 1, 2)  # two residents, each on two pillars: 2 people, 4 endorsements
    endorse(verified(make_user, "Fatima Raadslid"), 3)
    amsterdam = db.session.scalar(select(Municipality).where(Municipality.code == "GM0363"))
    endorse(make_user(municipality=amsterdam), 1)  # counted in Amsterdam and nationally, not here
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "3 inwoners, beroepskrachten en politici uit Utrecht steunen het manifest" in text
    assert "2 bewoners 1 politicus" in text and "beroepskracht" not in text.split("steunen het manifest")[1][:40]
    assert "Van hen is 1 beroepskracht of politicus geverifieerd." in text
    assert "Iedereen telt één keer, ook wie meer dan één pijler steunt." in text
    assert "2 mensen uit Utrecht steunen deze pijler 2 bewoners In heel Nederland: 3 mensen." in text
    assert "1 persoon uit Utrecht steunt deze pijler 1 politicus In heel Nederland: 1 persoon." in text
    assert "<table" not in client.get("/gemeente/utrecht").get_data(as_text=True)


def test_one_person_reads_in_the_singular(client, make_user):
    endorse(make_user(), 1)
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "1 persoon uit Utrecht steunt het manifest" in text
    assert "Nog niemand uit Utrecht steunt deze pijler." in text


def test_nobody_yet_invites_to_read_and_endorse(client):
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    text = text_of(html)
    assert "Nog niemand uit Utrecht steunt het manifest" in text
    assert 'href="/manifest/bewoners-leidend#steun"' in html and "Steun het manifest" in text
    # nothing to report yet: no prepared mail to the council, but a word on when it comes
    assert "Maak een e-mail aan de griffie" not in text and "raadsbericht" not in html
    assert "Zodra iemand uit Utrecht het manifest steunt" in text


def test_page_names_verified_endorsers_who_show_their_name(client, make_user):
    endorse(verified(make_user, "Fatima Raadslid"), 1, 3)
    endorse(verified(make_user, "Verborgen Naam", show_name=False), 1)
    endorse(make_user(display_name="Niet Geverifieerd", perspective="politician", perspective_role="raadslid"), 1)
    verified(make_user, "Steunt Niets")
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "Fatima Raadslid , Politicus of bestuurder (raadslid) geverifieerd" in text
    assert "Steunt: pijler 1, pijler 3" in text
    for hidden in ("Verborgen Naam", "Niet Geverifieerd", "Steunt Niets"):
        assert hidden not in text
    assert "Bekijk de hele lijst" not in text


def test_page_names_at_most_twelve_and_links_to_the_full_list(client, make_user):
    for i in range(14):
        endorse(verified(make_user, f"Raadslid {i:02d}"), 1)
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    text = text_of(html)
    assert "Raadslid 11" in text and "Raadslid 12" not in text
    assert "En nog 2 anderen. Bekijk de hele lijst" in text
    assert 'href="/gemeente/utrecht/politici-en-beroepskrachten"' in html
    listing = text_of(client.get("/gemeente/utrecht/politici-en-beroepskrachten").get_data(as_text=True))
    assert "14 geverifieerde politici en beroepskrachten uit Utrecht steunen het manifest" in listing
    assert "Raadslid 00" in listing and "Raadslid 13" in listing


def test_full_list_is_paged(app, client, make_user, monkeypatch):
    monkeypatch.setattr("wijkstem.services.insight.municipalities.NAMED_PER_PAGE", 2)
    for i in range(3):
        endorse(verified(make_user, f"Raadslid {i}"), 1)
    first = text_of(client.get("/gemeente/utrecht/politici-en-beroepskrachten").get_data(as_text=True))
    assert "Raadslid 0" in first and "Raadslid 2" not in first and "Pagina 1 van 2" in first
    second = text_of(client.get("/gemeente/utrecht/politici-en-beroepskrachten?pagina=2").get_data(as_text=True))
    assert "Raadslid 2" in second and "Raadslid 0" not in second
    empty = text_of(client.get("/gemeente/amsterdam/politici-en-beroepskrachten").get_data(as_text=True))
    assert "Nog geen geverifieerde politici of beroepskrachten uit Amsterdam" in empty


def test_page_without_endorsers_says_so(client):
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "Nog geen geverifieerde politici of beroepskrachten uit Utrecht" in text


def test_page_has_room_for_experiences_and_links_to_print_pdf_and_poster(client):
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    for path in ("/gemeente/utrecht/afdrukken", "/gemeente/utrecht/samenvatting.pdf", "/gemeente/utrecht/poster"):
        assert f'href="{path}"' in html


def _page_queries(client) -> int:
    with counting_queries() as statements:
        assert client.get("/gemeente/utrecht").status_code == 200
    return len(statements)


def test_page_runs_a_fixed_number_of_queries(app, client, make_user):
    endorse(verified(make_user, "Eerste Raadslid"), 1)
    few = _page_queries(client)
    for i in range(20):
        endorse(verified(make_user, f"Raadslid {i:02d}", perspective="professional", role="gemeente"), 1, 2)
        endorse(make_user(), 3)
    many = _page_queries(client)
    # the municipality, the pillars, their points; the people counted once; the first twelve named
    # and their pillars (one statement); the endorsement counters (local and national); the latest
    # experiences; the council's responses, its status steps and the milestones recorded; the
    # organisations from here, counted apart (issue 27: one query with a window count)
    assert few == many <= 12, (few, many)


def test_council_mail_is_prepared_with_subject_body_and_link(client, make_user):
    for _ in range(2):
        endorse(make_user(), 1, 2)
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    mailto = next(
        attrs["href"]
        for tag, attrs in tags_of(html)
        if tag == "a" and attrs.get("href", "").startswith("mailto:?subject=Manifest")
    )
    subject, _, body = mailto.removeprefix("mailto:?subject=").partition("&body=")
    assert unquote(subject) == "Manifest voor een succesvolle wijkaanpak in Utrecht"
    body = unquote(body)
    assert body.startswith("Beste griffie,")
    assert "gemeenteraad van Utrecht" in body
    assert "Nu steunen 2 inwoners, beroepskrachten en politici uit Utrecht het manifest." in body
    assert "http://localhost/gemeente/utrecht" in body
    assert "+" not in mailto and " " not in mailto
    assert "Stuur naar de gemeenteraad" in html
    textarea = re.search(r'<textarea[^>]*id="raadsbericht"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "Beste griffie," in textarea and "http://localhost/gemeente/utrecht" in textarea


def test_index_lists_all_and_searches_by_name(client):
    html = client.get("/gemeenten").get_data(as_text=True)
    assert "342 gemeenten" in html
    found = text_of(client.get("/gemeenten?q=utrecht").get_data(as_text=True))
    assert "Utrecht" in found and "Amsterdam" not in found
    response = client.get("/gemeenten?q=Súdwest")
    assert 'href="/gemeente/sudwest-fryslan"' in response.get_data(as_text=True)


def test_index_searches_by_province(client):
    html = client.get("/gemeenten?q=zeeland").get_data(as_text=True)
    assert 'href="/gemeente/middelburg-z"' in html
    assert 'href="/gemeente/utrecht"' not in html
    assert 'value="zeeland"' in html


def test_index_search_without_results_and_with_wildcards(client):
    html = client.get("/gemeenten?q=qqqq").get_data(as_text=True)
    assert "Geen gemeente gevonden" in html
    assert "Geen gemeente gevonden" in client.get("/gemeenten?q=%25").get_data(as_text=True)
    assert "Geen gemeente gevonden" in client.get("/gemeenten?q=_").get_data(as_text=True)


def test_index_shows_most_participation(client, monkeypatch, utrecht):
    patch_counts(monkeypatch, participation=[(utrecht, 114)])
    text = text_of(client.get("/gemeenten").get_data(as_text=True))
    assert "Gemeenten met de meeste steun" in text
    assert "Utrecht (114 mensen)" in text


def test_nav_has_municipalities(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="/gemeenten">Gemeenten</a>' in html


def test_print_version_has_date_url_and_qr(client, monkeypatch):
    patch_counts(monkeypatch)
    html = client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True)
    text = text_of(html)
    assert re.search(r"Aangeboden door wijkstem op \d{1,2} \w+ \d{4}", text)
    assert "http://localhost/gemeente/utrecht" in text
    assert "73 61 9 3 4 1.234" in text  # pillar 1: people, by perspective, verified, the whole country
    assert "Alle pijlers" not in text  # endorsements added up across pillars are not a number of people
    assert "klaar voor de raad" not in text.lower()
    assert 'src="data:image/png;base64,' in html


def _pages_before_annex(reader: PdfReader) -> int:
    texts = [page.extract_text() for page in reader.pages]
    return next((i for i, text in enumerate(texts) if "Bijlage" in text), len(texts))


def test_pdf_summary_contains_the_counts_date_and_url(client, monkeypatch):
    patch_counts(monkeypatch)
    response = client.get("/gemeente/utrecht/samenvatting.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="wijkstem-utrecht.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    assert 1 <= _pages_before_annex(reader) <= 2
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Steun voor de wijkaanpak in Utrecht" in text
    assert "73 61 9 3 4 1.234" in text
    assert "http://localhost/gemeente/utrecht" in text
    assert re.search(r"gemaakt op \d{1,2} \w+ \d{4}", text)
    assert any(page.images for page in reader.pages[:2])  # the QR code


def test_pdf_with_many_endorsers_stays_within_two_pages(client, monkeypatch, make_user):
    pillars = db.session.scalars(select(Pillar)).all()
    people = [(make_user(perspective="professional", perspective_role="gemeente"), pillars) for _ in range(25)]
    patch_counts(monkeypatch, endorsers=people)
    reader = PdfReader(io.BytesIO(client.get("/gemeente/utrecht/samenvatting.pdf").data))
    assert _pages_before_annex(reader) <= 2  # the named people go to the annex


def test_the_municipality_page_shows_its_latest_experiences(client, make_user):
    from tests.experience_builders import make_experience

    moderator = make_user(role="moderator")
    make_experience(make_user(), moderator, title="Buurtkamer in Lombok")
    make_experience(make_user(), moderator, title="Elders in het land", code="GM0363")
    make_experience(make_user(), approve=False, title="Nog niet beoordeeld")
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "Ervaringen uit Utrecht" in page and "Buurtkamer in Lombok" in page
    assert "Elders in het land" not in page and "Nog niet beoordeeld" not in page
    assert 'href="/ervaringen?gemeente=utrecht"' in page
    listing = client.get("/ervaringen?gemeente=utrecht").get_data(as_text=True)
    assert "Buurtkamer in Lombok" in listing and "Elders in het land" not in listing
    assert "Buurtkamer in Lombok" in client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True)
