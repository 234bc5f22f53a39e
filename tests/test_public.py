import re

from wijkstem.services.content.content import CONTENT_FILE

PILLAR_TITLES = {
    "bewoners-leidend": "Bewoners en hun ervaring en kennis zijn leidend",
    "lange-termijn": "Kies voor de lange termijn",
    "maak-het-mogelijk": "Maak het mogelijk",
}


def test_home_shows_the_three_pillars_with_links(client):
    html = client.get("/").get_data(as_text=True)
    for slug, title in PILLAR_TITLES.items():
        assert title in html
        assert f'href="/manifest/{slug}"' in html
    assert 'lang="nl"' in html
    assert "Naar de inhoud" in html


def test_manifest_page_has_every_pillar_and_point(client):
    html = client.get("/manifest").get_data(as_text=True)
    assert "Manifest voor een succesvolle wijkaanpak" in html
    for title in PILLAR_TITLES.values():
        assert title in html
    for point in [
        "Werk waarderend en uitnodigend",
        "Heb aandacht voor wat er goed gaat in wijken",
        "Vertrek vanuit gelijkwaardigheid",
        "Maak gebruik van wat er al is",
        "Organiseren van betrouwbaarheid en consistentie",
        "Borgen van continuïteit in de uitvoering",
        "Geef beroepskrachten in de wijk de ruimte om hun werk te doen",
        "Experimenteer met nieuwe mogelijkheden tot verantwoording",
    ]:
        assert point in html
    assert "Voor wie" in html and "De makers" in html


def test_pillar_urls_are_fixed(client):
    for slug, title in PILLAR_TITLES.items():
        response = client.get(f"/manifest/{slug}")
        assert response.status_code == 200
        assert f"<h1 class=\"utrecht-heading-1 nl-heading nl-heading--level-1\">{title}</h1>" in response.get_data(as_text=True)


def test_unknown_pillar_is_a_dutch_404(client):
    response = client.get("/manifest/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_about_page_lists_the_four_success_factors(client):
    html = client.get("/over").get_data(as_text=True)
    assert "elke euro levert 1,5 euro op" in html
    assert "Langjarige continuïteit" in html
    assert html.count("<li>") >= 4


def test_privacy_page_explains_export_and_deletion(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert "downloaden" in html and "verwijder" in html.lower()


def test_healthz_round_trips_to_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    assert set(response.json) <= {"status", "database", "redis"}  # redis: only when it is configured


def test_healthz_is_503_when_the_database_is_down(app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from wijkstem.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"


def test_every_page_sends_security_headers(client):
    response = client.get("/manifest")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_pages_make_no_third_party_requests(client):
    import re

    for path in ["/", "/manifest", "/manifest/lange-termijn", "/over", "/privacy", "/account/registreren"]:
        html = client.get(path).get_data(as_text=True)
        # What the browser loads by itself (scripts, styles, images); plain links people click may go elsewhere.
        loaded = re.findall(r'src="([^"]+)"', html) + re.findall(r'<link[^>]+href="([^"]+)"', html)
        for url in loaded:
            assert not url.startswith(("http://", "https://", "//")) or url.startswith("http://localhost"), url


def test_language_switch_to_english_and_back(client):
    response = client.post("/taal", data={"locale": "en", "next": "/manifest"})
    assert response.status_code == 302 and response.headers["Location"] == "/manifest"
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Read the manifesto" in html
    client.post("/taal", data={"locale": "nl", "next": "/"})
    assert "Lees het manifest" in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/taal", data={"locale": "en", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_reading_sets_no_cookie(client):
    response = client.get("/manifest/bewoners-leidend")
    assert "Set-Cookie" not in response.headers


def test_pillar_page_is_light(client):
    """The page with every stylesheet and script it links (the NL Design System CSS included) stays
    under 100 kB as a browser receives it: compressed (browsers accept br; static files stream as br)."""
    text = client.get("/manifest/bewoners-leidend").get_data(as_text=True)
    assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"', text)
    assert any("nlds" in asset for asset in assets) and any("theme" in asset for asset in assets)
    sent = []
    for path in ["/manifest/bewoners-leidend", *assets]:
        response = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert response.headers["Content-Encoding"] == "br"
        sent.append(len(response.get_data()))
    assert sum(sent) < 100_000


def test_content_file_exists():
    assert CONTENT_FILE.exists()


def test_language_switch_refuses_posts_from_other_sites(client):
    assert client.post("/taal", data={"locale": "en"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 400
    assert client.post("/taal", data={"locale": "en"}, headers={"Origin": "https://evil.example"}).status_code == 400
    assert client.post("/taal", data={"locale": "en"}, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 302
