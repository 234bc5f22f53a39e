"""QR codes and posters: a scanned code opens exactly the page it was made for, and only pages of this site."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
import zxingcpp
from PIL import Image

from tests.fake_counts import patch_counts, tags_of


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("/manifest/bewoners-leidend", "http://localhost/manifest/bewoners-leidend"),
        ("/gemeente/sudwest-fryslan", "http://localhost/gemeente/sudwest-fryslan"),
        ("http://localhost/gemeente/utrecht", "http://localhost/gemeente/utrecht"),
        ("/gemeenten?q=zeeland", "http://localhost/gemeenten?q=zeeland"),
    ],
)
def test_qr_png_decodes_to_the_exact_url(client, given, expected):
    response = client.get("/delen/qr.png?url=" + quote(given, safe=""))
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert decode(response.data) == [expected]
    assert "max-age" in response.headers["Cache-Control"]


def test_qr_svg_is_an_svg_of_the_same_code(client):
    response = client.get("/delen/qr.svg?url=/manifest/lange-termijn")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "http://localhost/manifest/lange-termijn" in svg


@pytest.mark.parametrize(
    "address",
    [
        "https://evil.example/",
        "//evil.example/manifest",
        "http://localhost.evil.example/manifest",
        "javascript:alert(1)",
        "/bestaat-niet",
        "/static/css/wijkstem.css",
        "manifest",
        "",
        "/manifest\\@evil.example",
        "/manifest#x",
    ],
)
def test_qr_codes_only_for_pages_of_this_site(client, address):
    assert client.get("/delen/qr.png?url=" + quote(address, safe="")).status_code == 404
    assert client.get("/delen/qr.svg?url=" + quote(address, safe="")).status_code == 404


def test_pillar_poster_has_title_call_to_action_and_qr_code(client, monkeypatch):
    patch_counts(monkeypatch)
    response = client.get("/manifest/maak-het-mogelijk/poster")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Maak het mogelijk" in html
    assert "Scan de code" in html and "89 mensen steunen deze pijler" in html
    qr = next(attrs["src"] for tag, attrs in tags_of(html) if tag == "img" and "qr" in attrs.get("class", ""))
    assert decode(client.get(qr.replace("qr.svg", "qr.png")).data) == ["http://localhost/manifest/maak-het-mogelijk"]
    assert client.get(qr).mimetype == "image/svg+xml"


def test_municipality_poster(client):
    html = client.get("/gemeente/utrecht/poster").get_data(as_text=True)
    assert "Utrecht" in html and "http://localhost/gemeente/utrecht" in html
    assert client.get("/manifest/bestaat-niet/poster").status_code == 404
    assert client.get("/gemeente/atlantis/poster").status_code == 404
