"""HTTP caching for the open data API: every GET answer under /api/v1/ gets an ETag and a
Cache-Control, and a request with a matching If-None-Match gets 304 Not Modified."""

from __future__ import annotations

from flask import Flask, request

API_PREFIX = "/api/v1/"
MAX_AGE = 60  # seconds: counts move all the time, but a minute old is fresh enough for anyone


def init_app(app: Flask) -> None:
    @app.after_request
    def cache_api_answers(response):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(API_PREFIX):
            return response
        if response.status_code != 200 or response.direct_passthrough:
            return response
        response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
        response.add_etag()
        return response.make_conditional(request)
