"""Hostile and random data posted to every form: the answer is never a 500.

The POST routes are discovered from the URL map, so a form added later is fuzzed too. Each route
is tried as a visitor and as a logged-in person; every example starts from a fresh user.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from config import TestConfig
from tests.conftest import PASSWORD, empty_tables
from wijkstem import create_app


def _post_rules():
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    return sorted(
        (rule.rule, rule.endpoint, tuple(sorted(rule.arguments)))
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint != "static"
    )


POST_RULES = _post_rules()

# Every field name the forms use, so random data reaches validators and services, plus noise.
FIELD_NAMES = [
    "email", "password", "password_repeat", "current_password", "display_name", "perspective",
    "professional_role", "politician_role", "municipality", "wijk", "show_name", "accept_terms",
    "website", "remember", "confirm", "locale", "next", "csrf_token",
]  # fmt: skip

HOSTILE = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "Utrecht\x00",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\r\nSubject: injected",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1; --",
    "'; DROP TABLE users; --",
    "%s%s%s%n",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "\ud7ff\ue000\U0001f600 ẞ Ǆ ﷽",
    "\u202e\u200b\ufeff",
    "a" * 5000,
    "é" * 300,
    "x@" + "a" * 300 + ".nl",
    "-1",
    "0",
    "1e309",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "y",
    "on",
    "nl",
    "en",
    "resident",
    "professional",
    "politician",
    "gemeente",
    "raadslid",
    "Utrecht",
    "'s-Gravenhage",
    "persoon@example.org",
    PASSWORD,
]

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=80),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    st.integers().map(str),
    st.just("z" * 200_000),
)
field_names = st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=20))
# Lists instead of scalars: the same field sent several times.
form_items = st.lists(st.tuples(field_names, st.one_of(values, st.lists(values, min_size=2, max_size=3))), max_size=14)
bodies = st.one_of(
    st.tuples(st.just("form"), form_items),
    st.tuples(st.just("json"), st.dictionaries(st.sampled_from(FIELD_NAMES), st.one_of(values, st.integers()))),
    st.tuples(st.just("raw"), st.binary(max_size=300)),
)
tokens = st.one_of(st.sampled_from(["dummy", "x" * 500, "a.b.c", "\x00", "%00", "..", "eyJ9.e30.AAAA"]), st.text())


def _multidict(items) -> MultiDict:
    data = MultiDict()
    for name, value in items:
        for one in value if isinstance(value, list) else [value]:
            data.add(name, one)
    return data


def _log_in(client, user) -> None:
    # Straight into the session: hashing a password per example would make this slow.
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}.{user.session_version}"
        session["_fresh"] = True


def _path(rule: str, arguments: tuple[str, ...], token: str) -> str:
    from urllib.parse import quote

    path = rule
    for argument in arguments:
        path = path.replace(f"<{argument}>", quote(token or "leeg", safe=""))
    return path


def test_every_post_route_is_discovered():
    endpoints = {endpoint for _, endpoint, _ in POST_RULES}
    assert {"accounts.register", "accounts.login", "accounts.logout", "accounts.delete_account"} <= endpoints
    assert {"accounts.confirm", "accounts.reset_password", "public.set_language"} <= endpoints


@pytest.mark.parametrize("logged_in", [False, True], ids=["bezoeker", "ingelogd"])
@pytest.mark.parametrize(("rule", "endpoint", "arguments"), POST_RULES, ids=[r[1] for r in POST_RULES])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, token=tokens, query=st.one_of(st.none(), values))
def test_hostile_posts_never_give_a_server_error(
    app, client, make_user, rule, endpoint, arguments, logged_in, body, token, query
):
    try:
        client._cookies.clear()  # a fresh visitor every example
        if logged_in:
            _log_in(client, make_user())
        path = _path(rule, arguments, token)
        query_string = {"next": query} if query is not None else None
        kind, payload = body
        if kind == "form":
            response = client.post(path, data=_multidict(payload), query_string=query_string)
        elif kind == "json":
            response = client.post(path, data=json.dumps(payload), content_type="application/json")
        else:
            response = client.post(path, data=payload, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, f"{response.status_code} for {endpoint}: {body!r}"
    finally:
        empty_tables()
