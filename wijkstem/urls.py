"""Absolute URLs for links that leave the site (mail, previews), built from WIJKSTEM_BASE_URL."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def absolute_url(endpoint: str, **values) -> str:
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        adapter = current_app.url_map.bind("localhost", url_scheme="http")
        path = adapter.build(endpoint, values)
    return current_app.config["WIJKSTEM_BASE_URL"] + path
