"""HTTP behaviour shared by every /api/v1/ answer, whichever blueprint made it.

- Errors are JSON of one shape, {"error": ..., "status": ...}, also those raised before a view runs
  (request guards, unknown addresses), so a program never has to read an HTML error page.
- Every successful GET gets an ETag and a Cache-Control; a matching If-None-Match gets 304.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, jsonify, request

API_PREFIX = "/api/v1/"
MAX_AGE = 60  # seconds: counts move all the time, but a minute old is fresh enough for anyone


def api_error(message: str, status: int = 400):
    """The one JSON error helper: the error shape of the API (the Error schema of its OpenAPI document),
    for views, error handlers (error_pages.answer) and error answers made before a view ran."""
    return jsonify({"error": message, "status": status}), status


def init_app(app: Flask) -> None:
    @app.after_request
    def shape_api_answers(response):
        if not request.path.startswith(API_PREFIX):
            return response
        if response.status_code >= 400 and response.mimetype != "application/json":
            error, _status = api_error(HTTPStatus(response.status_code).phrase.lower(), response.status_code)
            response.set_data(error.get_data())
            response.mimetype = "application/json"
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.direct_passthrough:
            return response
        response.headers.setdefault("Cache-Control", f"public, max-age={MAX_AGE}")
        response.add_etag()
        return response.make_conditional(request)
