"""Link previews: every shareable page has a canonical URL, Open Graph and Twitter tags and its own image."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.fake_counts import meta_of, patch_counts
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services.insight.municipalities import LocalPeople
from wijkstem.services.sharing.preview_images import pillar_card, render_card

PAGES = [
    ("/", "http://localhost/delen/afbeelding/wijkstem.png"),
    ("/manifest", "http://localhost/delen/afbeelding/wijkstem.png"),
    ("/manifest/bewoners-leidend", "http://localhost/delen/afbeelding/pijler/bewoners-leidend.png"),
    ("/gemeente/utrecht", "http://localhost/delen/afbeelding/gemeente/utrecht.png"),
    ("/gemeenten", "http://localhost/delen/afbeelding/wijkstem.png"),
]


@pytest.mark.parametrize(("path", "image"), PAGES)
def test_every_shareable_page_has_preview_tags(client, path, image):
    meta = meta_of(client.get(path).get_data(as_text=True))
    assert meta["canonical"] == "http://localhost" + path
    assert meta["og:url"] == meta["canonical"]
    assert meta["og:title"] and meta["twitter:title"] == meta["og:title"]
    assert meta["og:description"] == meta["description"] != ""
    assert meta["og:image"] == meta["twitter:image"] == image
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:site_name"] == "wijkstem"


def test_preview_urls_follow_the_base_url(app, client):
    app.config["WIJKSTEM_BASE_URL"] = "https://wijkstem.example"
    try:
        meta = meta_of(client.get("/manifest/lange-termijn").get_data(as_text=True))
    finally:
        app.config["WIJKSTEM_BASE_URL"] = "http://localhost"
    assert meta["og:url"] == "https://wijkstem.example/manifest/lange-termijn"
    assert meta["og:image"] == "https://wijkstem.example/delen/afbeelding/pijler/lange-termijn.png"


def test_pillar_and_municipality_pages_describe_themselves(client, monkeypatch):
    patch_counts(monkeypatch)
    monkeypatch.setattr(
        "wijkstem.services.insight.municipalities.local_people", lambda municipality_id: LocalPeople(total=37, resident=37)
    )
    pillar = meta_of(client.get("/manifest/lange-termijn").get_data(as_text=True))
    assert pillar["og:title"] == "Kies voor de lange termijn"
    town = meta_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert town["og:title"] == "Gemeente Utrecht"
    assert town["og:description"].startswith("37 inwoners, beroepskrachten en politici uit Utrecht steunen")


@pytest.mark.parametrize(
    "path",
    [
        "/delen/afbeelding/pijler/bewoners-leidend.png",
        "/delen/afbeelding/gemeente/sudwest-fryslan.png",
        "/delen/afbeelding/wijkstem.png",
    ],
)
def test_preview_images_are_1200_by_630_pngs_with_cache_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert response.headers["ETag"]
    assert "public" in response.headers["Cache-Control"] and "max-age=" in response.headers["Cache-Control"]
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_unknown_pages_have_no_image(client):
    assert client.get("/delen/afbeelding/pijler/bestaat-niet.png").status_code == 404
    assert client.get("/delen/afbeelding/gemeente/atlantis.png").status_code == 404


def test_image_is_drawn_again_when_the_counts_change(client, monkeypatch):
    path = "/delen/afbeelding/pijler/bewoners-leidend.png"
    before = client.get(path)
    patch_counts(monkeypatch)
    after = client.get(path)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.data != before.data
    assert client.get(path, headers={"If-None-Match": before.headers["ETag"]}).status_code == 200


def test_pillar_image_shows_counts_by_perspective(app, monkeypatch):
    patch_counts(monkeypatch)
    with app.test_request_context():
        pillar = db.session.scalar(db.select(Pillar).filter_by(slug="bewoners-leidend"))
        card = pillar_card(pillar)
    assert dict(card.counts) == {
        "steunbetuigingen": 1234,
        "bewoners": 1000,
        "beroepskrachten": 200,
        "politici": 34,
    }
    assert render_card(card) is render_card(card)  # cached: drawn once for the same content


def test_an_experience_page_has_its_own_preview_image_and_share_panel(client, make_user):
    import io as _io

    from PIL import Image

    from tests.experience_builders import make_experience

    experience = make_experience(make_user(), make_user(role="moderator"), title="Buurtkamer aan de gracht")
    html = client.get(f"/ervaringen/{experience.id}-{experience.slug}").get_data(as_text=True)
    image_url = f"http://localhost/delen/afbeelding/ervaring/{experience.id}.png"
    assert f'<meta property="og:image" content="{image_url}">' in html
    assert "data-share-panel" in html and "Buurtkamer aan de gracht" in html
    response = client.get(f"/delen/afbeelding/ervaring/{experience.id}.png")
    assert response.mimetype == "image/png" and response.headers["ETag"]
    assert Image.open(_io.BytesIO(response.data)).size == (1200, 630)


def test_an_unpublished_experience_has_no_preview_image(client, make_user):
    from tests.experience_builders import make_experience

    experience = make_experience(make_user(), approve=False)
    assert client.get(f"/delen/afbeelding/ervaring/{experience.id}.png").status_code == 404
