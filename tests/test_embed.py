"""Embeds for partner websites: the only framable pages, with live counts."""

from __future__ import annotations

import pytest

from tests.fake_counts import patch_counts, tags_of


def test_embed_page_is_framable_and_shows_live_counts(client, monkeypatch):
    patch_counts(monkeypatch)
    response = client.get("/embed/pillar/bewoners-leidend")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert "Bewoners en hun ervaring en kennis zijn leidend" in html
    assert "1.234" in html and "1.000" in html
    link = next(attrs for tag, attrs in tags_of(html) if tag == "a" and "embed__button" in attrs.get("class", ""))
    assert link["href"] == "http://localhost/manifest/bewoners-leidend"
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert "<script" not in html


@pytest.mark.parametrize(
    "path",
    ["/", "/manifest/bewoners-leidend", "/gemeente/utrecht", "/gemeenten", "/embed/pillar/bewoners-leidend/badge.svg"],
)
def test_other_pages_refuse_framing(client, path):
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_badge_shows_the_live_count(client, monkeypatch):
    assert ">0<" in client.get("/embed/pillar/lange-termijn/badge.svg").get_data(as_text=True)
    patch_counts(monkeypatch)
    response = client.get("/embed/pillar/lange-termijn/badge.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and ">567<" in svg
    assert "Kies voor de lange termijn" in svg
    assert "max-age" in response.headers["Cache-Control"]


def test_unknown_pillar_has_no_embed(client):
    assert client.get("/embed/pillar/bestaat-niet").status_code == 404
    assert client.get("/embed/pillar/bestaat-niet/badge.svg").status_code == 404
