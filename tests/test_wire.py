"""What goes over the wire: compressed text, fingerprinted static files, the council PDF drawn once."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from wijkstem.services.council import council_pdf
from wijkstem.services.endorsements import endorsements


@pytest.mark.parametrize("encoding, decode", [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_pages_are_sent_compressed(client, encoding, decode):
    plain = client.get("/manifest/bewoners-leidend").get_data()
    response = client.get("/manifest/bewoners-leidend", headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.get_data()) == plain
    assert len(response.get_data()) < len(plain) / 3


def test_json_is_compressed_and_images_are_not(client):
    assert client.get("/api/v1/pillars", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    image = client.get("/delen/afbeelding/wijkstem.png", headers={"Accept-Encoding": "gzip, br"})
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert "Content-Encoding" not in image.headers


def test_static_files_have_fingerprinted_names_kept_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/wijkstem\.([0-9a-f]{12})\.css)"', html)
    assert css, "the stylesheet link carries no content hash"
    response = client.get(css[1])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.get_data() == client.get("/static/css/wijkstem.css").get_data()
    assert re.search(r'src="/static/js/wijkstem\.[0-9a-f]{12}\.js"', html)
    assert client.get("/static/css/wijkstem.000000000000.css").status_code == 404  # never new content under an old name
    assert "immutable" not in client.get("/static/css/wijkstem.css").headers.get("Cache-Control", "")


def test_council_pdf_is_drawn_again_only_when_the_counts_change(app, client, monkeypatch, tmp_path, make_user, utrecht):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    drawn = []

    def fake_render(html: str) -> bytes:
        drawn.append(html)
        return b"%PDF-1.7 " + str(len(drawn)).encode()

    monkeypatch.setattr(council_pdf, "render_pdf", fake_render)
    first = client.get("/gemeente/utrecht/samenvatting.pdf")
    again = client.get("/gemeente/utrecht/samenvatting.pdf")
    assert first.status_code == again.status_code == 200 and again.mimetype == "application/pdf"
    assert len(drawn) == 1 and again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]

    from wijkstem.services.content.content import pillars_in_order

    endorsements.endorse_pillar(make_user(municipality=utrecht), pillars_in_order()[0])
    changed = client.get("/gemeente/utrecht/samenvatting.pdf")
    assert len(drawn) == 2 and changed.get_data() != first.get_data()
