"""Absolute URLs for links that leave the site (mail, previews), built from WIJKSTEM_BASE_URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_request_context, session, url_for


def absolute_url(endpoint: str, **values) -> str:
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        adapter = current_app.url_map.bind("localhost", url_scheme="http")
        path = adapter.build(endpoint, values)
    return current_app.config["WIJKSTEM_BASE_URL"] + path


@contextmanager
def offline_request(app: Flask, locale: str) -> Iterator[None]:
    """A request of our own (the CLI, a render thread) at the public address, in this language, so
    pages rendered outside a visitor's request link and read as they would inside one."""
    with app.test_request_context("/", base_url=app.config["WIJKSTEM_BASE_URL"]):
        session["locale"] = locale
        yield
