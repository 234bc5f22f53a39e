from __future__ import annotations

import re

import pytest

from config import ProductionConfig, TestConfig
from tests.moderation_fixtures import admin, make_request, moderator, professional, sign_in
from wijkstem import ROOT
from wijkstem.extensions import limiter

__all__ = ["admin", "moderator", "professional"]


@pytest.mark.parametrize("path", ["/", "/moderatie", "/beheer/logboek", "/account/verificatie"])
def test_security_headers_on_every_kind_of_page(client, admin, path):
    sign_in(client, admin)
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cache-Control"] == "no-store"  # a logged-in page is never cached


def test_session_cookie_flags(client, login, make_user):
    response = login(make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert not getattr(TestConfig, "SESSION_COOKIE_SECURE", False)


def _templates():
    return sorted((ROOT / "templates").rglob("*.html"))


def test_no_inline_script_anywhere():
    for template in _templates():
        html = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script in {template}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler in {template}"


def test_every_post_form_carries_a_csrf_token():
    for template in _templates():
        html = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, flags=re.S | re.I):
            assert "csrf_token" in form or "language_form" in form, f"POST form without CSRF in {template}"


def test_moderation_refuses_a_post_without_csrf_token(app, client, moderator, professional):
    request = make_request(professional)
    sign_in(client, moderator)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/moderatie/verificatie/{request.id}/besluit", data={"action": "approve"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and "Het formulier was verlopen" in response.get_data(as_text=True)
    assert request.status == "pending"


@pytest.mark.parametrize(
    ("setting", "path", "role"),
    [
        ("RATELIMIT_MODERATION", "/moderatie/verificatie/1/besluit", "moderator"),
        ("RATELIMIT_ADMIN", "/beheer/teksten/pillar:lange-termijn:title", "admin"),
        ("RATELIMIT_VERIFICATION", "/account/verificatie", "professional"),
    ],
)
def test_post_limits_are_configurable_and_friendly(app, client, request, setting, path, role):
    sign_in(client, request.getfixturevalue(role))
    old = app.config[setting]
    app.config[setting] = "2 per minute"
    limiter.enabled = True
    try:
        statuses = [client.post(path, data={}).status_code for _ in range(3)]
        if not path.endswith("besluit"):
            assert client.get(path).status_code == 200  # reading is not limited
        last = client.post(path, data={})
    finally:
        limiter.enabled = False
        app.config[setting] = old
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    assert "Even rustig aan" in last.get_data(as_text=True)
