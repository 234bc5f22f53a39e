"""The share panel: plain links, no requests to other hosts, Mastodon asks for the server."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from flask import render_template_string

from tests.fake_counts import tags_of
from wijkstem.extensions import db
from wijkstem.models import Pillar

NETWORK_HOSTS = {"wa.me", "www.linkedin.com", "www.facebook.com", "x.com", "bsky.app"}


def panel_html(client) -> str:
    return client.get("/gemeente/utrecht").get_data(as_text=True)


def test_panel_has_a_link_for_every_network(client):
    html = panel_html(client)
    hrefs = [attrs["href"] for tag, attrs in tags_of(html) if tag == "a" and "share-link" in attrs.get("class", "")]
    assert {urlsplit(h).hostname for h in hrefs if h.startswith("https://")} == NETWORK_HOSTS
    page = "http://localhost/gemeente/utrecht"
    for href in hrefs:
        assert page in unquote(href)
    mail = next(h for h in hrefs if h.startswith("mailto:"))
    assert "subject=" in mail and "+" not in mail
    assert "Kopieer link" in html and "readonly" in html
    assert "Deel op Mastodon" in html


def test_page_loads_nothing_from_other_hosts(client):
    html = panel_html(client)
    for tag, attrs in tags_of(html):
        for attribute in ("src", "srcset", "data", "poster"):
            value = attrs.get(attribute, "")
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon", "preconnect", "dns-prefetch"):
            assert attrs["href"].startswith("/"), attrs
        if tag == "form":
            assert attrs["action"].startswith("/"), attrs
        assert tag not in ("iframe", "object", "embed")
    scripts = [attrs.get("src") for tag, attrs in tags_of(html) if tag == "script"]
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_pillar_share_partial(app, client):
    with app.test_request_context("/manifest/lange-termijn"):
        pillar = db.session.scalar(db.select(Pillar).filter_by(slug="lange-termijn"))
        html = render_template_string('{% include "sharing/_pillar_share.html" %}', pillar=pillar)
    assert 'value="http://localhost/manifest/lange-termijn"' in html
    assert "/manifest/lange-termijn/poster" in html
    assert "Deel dit" in html and re.search(r"/static/js/share\.[0-9a-f]{12}\.js", html)  # fingerprinted name


def test_mastodon_share_leads_to_the_chosen_server(client):
    response = client.get(
        "/delen/mastodon",
        query_string={
            "instance": " https://Mastodon.Social/ ",
            "url": "http://localhost/gemeente/utrecht",
            "text": "Kijk",
        },
    )
    assert response.status_code == 200
    link = next(
        attrs["href"]
        for tag, attrs in tags_of(response.get_data(as_text=True))
        if tag == "a" and attrs.get("href", "").startswith("https://mastodon.social/")
    )
    parts = urlsplit(link)
    assert parts.path == "/share"
    assert parse_qs(parts.query)["text"] == ["Kijk http://localhost/gemeente/utrecht"]
    assert "Verder naar mastodon.social" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "instance",
    ["", "mastodon.social/evil", "evil.example:8080", "127.0.0.1", "javascript:alert(1)", "a b.nl", "x" * 300, "-a.nl"],
)
def test_mastodon_refuses_what_is_not_a_server_name_and_keeps_what_was_typed(client, instance):
    response = client.get(
        "/delen/mastodon", query_string={"instance": instance, "url": "/gemeente/utrecht", "text": "Kijk"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Controleer wat je hebt ingevuld" in html
    assert "Vul" in html  # the message next to the field
    assert "https://" + instance.lower() + "/share" not in html
    if instance and len(instance) < 253:
        assert 'value="' + instance.replace('"', "&#34;") in html or instance in html


def test_mastodon_only_shares_pages_of_this_site(client):
    response = client.get(
        "/delen/mastodon", query_string={"instance": "mastodon.social", "url": "https://evil.example/", "text": "x"}
    )
    assert response.status_code == 400


def test_mastodon_share_changes_nothing_so_it_is_a_get_form(client):
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert 'method="get" action="/delen/mastodon"' in html
    assert client.post("/delen/mastodon", data={"instance": "mastodon.social"}).status_code == 405


def test_reading_a_page_with_the_panel_sets_no_cookie(client):
    response = client.get("/gemeente/utrecht")
    assert "Set-Cookie" not in response.headers
