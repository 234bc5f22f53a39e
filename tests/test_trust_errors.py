"""Errors answer with the right status and a Dutch page (JSON under /api/), never a 500 of their own."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from config import ProductionConfig, TestConfig
from tests.moderation_fixtures import sign_in
from wijkstem import create_app
from wijkstem.extensions import db as _db
from wijkstem.extensions import limiter
from wijkstem.models import Pillar

THIRTEEN_MB = 13 * 1024 * 1024


@pytest.fixture
def confirmed(make_user):
    return make_user()


def _is_dutch_413(response) -> bool:
    return response.status_code == 413 and "Bestand te groot" in response.get_data(as_text=True)


def test_a_13_mb_photo_gets_the_dutch_413_page(client, confirmed):
    sign_in(client, confirmed)
    big = io.BytesIO(b"\xff\xd8" + b"0" * THIRTEEN_MB)
    response = client.post(
        "/ervaringen/nieuw", data={"title": "x", "photo": (big, "groot.jpg")}, content_type="multipart/form-data"
    )
    assert _is_dutch_413(response)


def test_a_13_mb_urlencoded_login_gets_the_dutch_413_page(client):
    body = "email=a%40example.org&password=" + "x" * THIRTEEN_MB
    response = client.post("/account/inloggen", data=body, content_type="application/x-www-form-urlencoded")
    assert _is_dutch_413(response)


def test_ten_thousand_multipart_parts_get_the_dutch_413_page(client):
    parts = {f"veld{i}": "x" for i in range(10_000)}
    response = client.post("/account/inloggen", data=parts, content_type="multipart/form-data")
    assert _is_dutch_413(response)


def _post_claiming(client, content_length: int):
    return client.post(
        "/account/inloggen",
        input_stream=io.BytesIO(b"email=a"),
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"CONTENT_LENGTH": str(content_length)},
    )


def test_a_content_length_larger_than_the_limit_gets_413_without_reading_the_body(client):
    assert _is_dutch_413(_post_claiming(client, THIRTEEN_MB))


def test_a_body_shorter_than_its_content_length_gets_a_dutch_400_not_500(client):
    response = _post_claiming(client, 5000)
    assert response.status_code == 400
    assert "<html" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/manifest/lange-termijn", "/ervaringen", "/account/inloggen"])
def test_every_kind_of_route_answers_413_for_a_huge_body(client, path):
    response = client.post(path, data="x=" + "y" * THIRTEEN_MB, content_type="application/x-www-form-urlencoded")
    assert _is_dutch_413(response)


def test_api_answers_413_and_404_as_json(client):
    response = client.post("/api/v1/pillars", data="x=" + "y" * THIRTEEN_MB, content_type="text/plain")
    assert response.status_code == 413 and response.is_json
    missing = client.get("/api/v1/pillars/bestaat-niet")
    assert missing.status_code == 404 and missing.is_json and missing.json["status"] == 404


# Huge ids ------------------------------------------------------------------------------------

HUGE_PATHS = [
    ("GET", "/ervaringen/9999999999"),
    ("GET", "/ervaringen/99999999999999999999999"),
    ("GET", "/ervaringen/9999999999-een-titel"),
    ("GET", "/ervaringen/foto/9999999999.jpg"),
    ("GET", "/reacties/9999999999/melden"),
    ("POST", "/reacties/9999999999/melden"),
    ("POST", "/reacties/9999999999/waardevol"),
    ("GET", "/delen/afbeelding/ervaring/9999999999.png"),
    ("POST", "/ervaringen/9999999999/herkenbaar"),
    ("GET", "/beheer/gebruikers/99999999999999999999"),
]


@pytest.mark.parametrize(("method", "path"), HUGE_PATHS)
def test_huge_ids_answer_404(client, make_user, method, path):
    sign_in(client, make_user(role="admin"))
    response = client.open(path, method=method)
    assert response.status_code == 404
    assert (
        "Deze pagina bestaat niet" in response.get_data(as_text=True)
        or "niet gevonden" in response.get_data(as_text=True).lower()
    )


def test_largest_possible_id_still_reaches_the_view(client):
    assert client.get(f"/ervaringen/{2**31 - 1}").status_code == 404  # looked up, not found
    assert client.get(f"/ervaringen/{2**31}").status_code == 404


def test_a_huge_kept_photo_id_in_the_form_is_ignored(client, confirmed):
    sign_in(client, confirmed)
    response = client.post("/ervaringen/nieuw", data={"title": "Een titel", "kept_photo": "99999999999999999999"})
    assert response.status_code == 200


# Production headers and CORS ----------------------------------------------------------------


@pytest.fixture
def production_app(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    enabled = limiter.enabled
    app = create_app(ProductionConfig)
    yield app
    limiter.enabled = enabled


def test_production_sends_strict_transport_security(production_app):
    response = production_app.test_client().get("/static/css/wijkstem.css")
    assert response.headers["Strict-Transport-Security"] == f"max-age={365 * 24 * 3600}"


def test_strict_transport_security_max_age_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    enabled = limiter.enabled
    try:
        app = create_app(ProductionConfig, HSTS_MAX_AGE=600)
        assert app.test_client().get("/static/css/wijkstem.css").headers["Strict-Transport-Security"] == "max-age=600"
    finally:
        limiter.enabled = enabled


def test_development_sends_no_strict_transport_security(client):
    assert "Strict-Transport-Security" not in client.get("/over").headers


def test_open_data_api_allows_any_origin_without_cookies(client):
    response = client.get("/api/v1/pillars", headers={"Origin": "https://partner.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Set-Cookie" not in response.headers
    assert client.get("/api/v1/experiences").headers["Access-Control-Allow-Origin"] == "*"


def test_open_data_api_answers_a_preflight_for_get(client):
    response = client.options(
        "/api/v1/pillars",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept-language",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "POST" not in response.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_html_pages_send_no_cors_header(client):
    assert "Access-Control-Allow-Origin" not in client.get("/manifest", headers={"Origin": "https://x.example"}).headers


# Database down --------------------------------------------------------------------------------


class DatabaseOutage:
    """Every new and pooled connection fails, as when the database server is stopped."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def begin(self) -> None:
        def refuse(*_args, **_kwargs):
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

        _db.session.remove()
        _db.engine.dispose()
        self.monkeypatch.setattr(_db.engine.pool, "connect", refuse)

    def end(self) -> None:
        self.monkeypatch.undo()
        _db.engine.dispose()


@pytest.fixture
def outage(monkeypatch):
    outage = DatabaseOutage(monkeypatch)
    yield outage
    outage.end()


@pytest.fixture
def broken_database(outage):
    outage.begin()
    return outage


@pytest.mark.parametrize("path", ["/", "/manifest/lange-termijn", "/ervaringen", "/gemeenten"])
def test_database_down_gives_the_dutch_503_page(client, broken_database, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "even niet beschikbaar" in response.get_data(as_text=True)


def test_database_down_gives_503_json_on_the_api(client, broken_database):
    response = client.get("/api/v1/pillars")
    assert response.status_code == 503 and response.is_json
    assert response.json["error"] == "service unavailable" and "Retry-After" in response.headers


def test_database_down_gives_503_to_logged_in_people_too(client, make_user, login, outage):
    login(make_user(), remember=True)
    outage.begin()
    for path in ("/", "/account", "/manifest/lange-termijn"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "even niet beschikbaar" in response.get_data(as_text=True)
    outage.end()
    # Once the database is back, the same browser is served again without a restart.
    assert client.get("/account").status_code == 200


def test_unreachable_database_url_gives_503_and_recovers_when_it_appears(tmp_path):
    missing_dir = tmp_path / "nog-niet-aangemaakt"
    enabled = limiter.enabled
    try:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{missing_dir / 'db.sqlite'}")
        client = app.test_client()
        response = client.get("/manifest/lange-termijn")
        assert response.status_code == 503 and "even niet beschikbaar" in response.get_data(as_text=True)
        assert client.get("/healthz").status_code == 503

        missing_dir.mkdir()  # the database comes back
        with app.app_context():
            _db.create_all()
        assert client.get("/healthz").status_code in (200, 503)
        assert client.get("/over").status_code == 200
    finally:
        limiter.enabled = enabled


def test_database_recovers_by_itself_after_an_outage(client, broken_database):
    assert client.get("/").status_code == 503
    broken_database.end()
    assert client.get("/").status_code == 200
    assert _db.session.scalar(select(Pillar.id).limit(1)) is not None
