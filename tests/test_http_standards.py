"""Issue 26: HTTP by the book. Every 405 names the allowed methods (RFC 9110); behind a proxy the
app believes X-Forwarded-* only from the proxies it was told about; an https-only site sends plain
http on to https; the Permissions-Policy names current features only."""

from __future__ import annotations

import pytest
from flask import request
from werkzeug.routing.converters import AnyConverter, NumberConverter

from config import Config, TestConfig
from wijkstem import create_app


def _example_value(converter) -> str:
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, NumberConverter) or "Int" in type(converter).__name__:
        return "1"
    return "voorbeeld"


def _example_path(rule) -> str:
    values = {name: _example_value(converter) for name, converter in rule._converters.items()}
    return rule.build(values, append_unknown=False)[1]


def _paths_by_methods(app) -> dict[str, set[str]]:
    """Every address the app has (one example each), with the methods its routes take there."""
    adapter = app.url_map.bind("localhost")
    paths = {_example_path(rule) for rule in app.url_map.iter_rules()}
    return {path: set(adapter.allowed_methods(path)) for path in paths}


def test_every_405_says_which_methods_are_allowed(app, client):
    paths = _paths_by_methods(app)
    assert len(paths) > 50
    for path, allowed in paths.items():
        response = client.open(path, method="TRACE")
        assert response.status_code == 405, path
        assert set(response.headers["Allow"].split(", ")) == allowed, path
        if "POST" not in allowed:  # a GET-only address
            posted = client.post(path)
            assert posted.status_code == 405 and "GET" in posted.headers["Allow"], path


def test_a_post_to_a_page_is_405_with_allow_also_when_forms_need_a_token(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    for path in ("/manifest", "/api/v1/pillars"):
        response = client.post(path)
        assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_permissions_policy_names_no_retired_features(client):
    policy = client.get("/").headers["Permissions-Policy"]
    assert "interest-cohort" not in policy
    assert "camera=()" in policy and "geolocation=()" in policy


@pytest.fixture
def proxied_app(app):
    """An app as production runs it behind one proxy that ends TLS, on the test database."""

    def make(**settings):
        made = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], **settings)

        @made.get("/_wie-ben-ik")
        def who_am_i():
            return {"address": request.remote_addr, "scheme": request.scheme, "host": request.host}

        return made

    return make


def test_without_trusted_proxies_forwarded_headers_are_not_believed(proxied_app):
    client = proxied_app().test_client()
    spoofed = {"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    assert client.get("/_wie-ben-ik", headers=spoofed).json == {
        "address": "127.0.0.1",
        "scheme": "http",
        "host": "localhost",
    }


def test_behind_one_trusted_proxy_the_visitor_address_and_https_are_known(proxied_app):
    client = proxied_app(TRUSTED_PROXIES=1).test_client()
    # The visitor made up the first address; the proxy appended the one it saw.
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.7", "X-Forwarded-Proto": "https"}
    assert client.get("/_wie-ben-ik", headers=headers).json == {
        "address": "203.0.113.7",
        "scheme": "https",
        "host": "localhost",
    }


def test_an_https_only_site_sends_plain_http_on_to_https(proxied_app):
    client = proxied_app(TRUSTED_PROXIES=1, HTTPS_ONLY=True).test_client()
    page = client.get("/manifest?taal=nl")
    assert page.status_code == 301 and page.headers["Location"] == "https://localhost/manifest?taal=nl"
    form = client.post("/account/inloggen", data={"email": "a@example.org"})
    assert form.status_code == 308 and form.headers["Location"] == "https://localhost/account/inloggen"
    over_https = client.get("/manifest", headers={"X-Forwarded-Proto": "https"})
    assert over_https.status_code == 200
    assert client.get("/healthz").status_code in (200, 503)  # probes speak plain http on the inside


def test_an_https_only_site_does_not_believe_an_untrusted_proto_header(proxied_app):
    client = proxied_app(HTTPS_ONLY=True).test_client()
    assert client.get("/manifest", headers={"X-Forwarded-Proto": "https"}).status_code == 301


def test_development_and_tests_are_plain_http_by_default(client, monkeypatch):
    assert client.get("/manifest").status_code == 200
    assert Config.load()["HTTPS_ONLY"] is False and Config.load()["TRUSTED_PROXIES"] == 0
    monkeypatch.setenv("HTTPS_ONLY", "1")
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert Config.load()["HTTPS_ONLY"] is True and Config.load()["TRUSTED_PROXIES"] == 2
