"""Who is behind the site, the dossier's reading list, and the manifesto to print or download."""

from __future__ import annotations

import tomllib

import pytest

from wijkstem.services.content.content import CONTENT_FILE


@pytest.fixture
def run_by_example(app):
    app.config.update(
        WIJKSTEM_ORGANISATION_NAME="Stichting Voorbeeld",
        WIJKSTEM_ORGANISATION_EMAIL="info@voorbeeld.nl",
        WIJKSTEM_ORGANISATION_URL="https://voorbeeld.nl",
    )
    yield
    app.config.update(WIJKSTEM_ORGANISATION_NAME="", WIJKSTEM_ORGANISATION_EMAIL="", WIJKSTEM_ORGANISATION_URL="")


@pytest.mark.parametrize("path", ["/", "/over", "/privacy", "/manifest", "/gemeenten", "/manifest/afdrukken"])
def test_every_page_names_the_organisation_and_its_contact(client, run_by_example, path):
    page = client.get(path).get_data(as_text=True)
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="https://voorbeeld.nl">Stichting Voorbeeld</a>' in page
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="mailto:info@voorbeeld.nl">info@voorbeeld.nl</a>' in page


def test_without_settings_the_footer_says_so(client):
    assert "De organisatie achter deze site is nog niet ingesteld." in client.get("/").get_data(as_text=True)


def test_about_carries_the_reading_list_makers_and_date_as_published(client):
    content = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    page = client.get("/over").get_data(as_text=True)
    assert len(content["reading"]["items"]) == 5
    for item in content["reading"]["items"]:
        assert item["title"] in page and item["description"] in page
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="https://www.wijkwijzer.org">wijkwijzer.org</a>' in page
    assert "Meer weten over dit thema of vragen? Kijk op" in page
    assert "15 november, 2023" in page
    assert "We schreven het manifest op initiatief van onszelf en het LPB" in page


def test_manifest_page_links_to_print_and_pdf(client):
    page = client.get("/manifest").get_data(as_text=True)
    assert 'href="/manifest/afdrukken"' in page and 'href="/manifest.pdf"' in page


def test_print_page_has_the_whole_manifesto_verbatim_with_qr_and_date(client):
    content = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    page = client.get("/manifest/afdrukken").get_data(as_text=True).replace("&#39;", "'")
    for key in ("title", "intro", "for_whom", "makers"):
        assert content["manifest"][key].replace("  ", "  ") in page
    for pillar in content["pillars"]:
        assert pillar["title"] in page and pillar["intro"] in page
        for point in pillar["points"]:
            assert point in page
    assert 'src="data:image/png;base64,' in page and "http://localhost/manifest" in page
    assert "Gepubliceerd op 15 november, 2023" in page and "Afgedrukt op" in page


def test_pdf_download(client):
    response = client.get("/manifest.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and "attachment" in response.headers["Content-Disposition"]


def test_pillar_page_links_to_the_whole_manifesto(client):
    page = client.get("/manifest/bewoners-leidend").get_data(as_text=True)
    assert '<a class="utrecht-link utrecht-link--html-a nl-link" href="/manifest/afdrukken">Download het manifest</a>' in page
