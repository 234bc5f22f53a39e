"""Error answers: a Dutch page for people, JSON under /api/, and never a second failure while answering.

- 405: says in `Allow` which methods the address does take.
- 413: the body is never read again while answering (an oversized body would raise once more).
- 503: the database is unreachable. The page is made without it: the visitor is treated as logged
  out for this one answer, so neither the user loader nor a template asks the database anything.
  Dead connections are replaced (wijkstem/connection_checks.py), so the site recovers by itself.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from wijkstem.extensions import db, limiter
from wijkstem.web.api_http import api_error

log = logging.getLogger("wijkstem.errors")
RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"

# What an API client reads in the JSON body; the HTML pages say it in full sentences.
API_MESSAGES = {
    400: "bad request",
    403: "forbidden",
    404: "not found",
    405: "method not allowed",
    413: "request too large",
    429: "too many requests",
    500: "internal server error",
    503: "service unavailable",
}


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _page(code, str(code)))
    app.register_error_handler(429, too_many_requests)
    app.register_error_handler(CSRFError, _page(400, "csrf"))
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(PoolTimeout, database_unavailable)
    app.register_error_handler(500, server_error)
    app.register_error_handler(TimeoutError, body_too_slow)
    _register_broken_body(app)


def _register_broken_body(app: Flask) -> None:
    """gunicorn raises while the app reads a malformed body (chunk size `zz`): the sender's mistake, 400."""
    try:
        from gunicorn.http.errors import ParseException
    except ImportError:  # another server: it answers such requests itself
        return
    app.register_error_handler(ParseException, _page(400, "400"))


def body_too_slow(error):
    """The body did not arrive in time (gunicorn.conf.py sets the socket timeout): 400, the thread is free."""
    log.info("Verzoek te traag verstuurd: %s", error)
    reason = _("Het versturen duurde te lang. Probeer het nog een keer.")
    return answer(400, "400", reason=reason, headers={"Connection": "close"})


def _wants_json() -> bool:
    return request.path.startswith(API_PREFIX)


def _page(code: int, template: str):
    def handler(error):
        return answer(code, template, headers=_headers_of(error), error=error)

    return handler


def too_many_requests(error):
    """The limit was reached: the page, and when the limit's window ends (Retry-After, in seconds)."""
    headers = _headers_of(error)
    try:
        reached = limiter.current_limit
        if reached is not None:
            headers["Retry-After"] = str(max(1, int(reached.reset_at - time.time())))
    except Exception:  # the limit store is away: the page without the header
        log.warning("Retry-After onbekend: de opslag van de limieten is niet bereikbaar")
    return answer(429, "429", headers=headers, error=error)


def _headers_of(error) -> dict[str, str]:
    """The headers the error itself brings: above all `Allow` on a 405 (RFC 9110 requires it)."""
    if not isinstance(error, HTTPException):
        return {}
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def answer(code: int, template: str, headers: dict | None = None, **context):
    """The error page (or JSON), falling back to plain Dutch text if even the page fails.

    template: which text the one error page (templates/errors/error.html) shows: "404", "csrf", ...
    """
    if _wants_json():
        response, _status = api_error(API_MESSAGES.get(code, "error"), code)
        return response, code, headers or {}
    try:
        body = render_template("errors/error.html", kind=template, **{"reason": None, **context})
    except Exception:  # the page itself failed: say something simple rather than nothing
        log.exception("Foutpagina %s kon niet worden gemaakt", code)
        body = _plain_page(code)
    return body, code, headers or {}


def _plain_page(code: int) -> str:
    title = _("Er ging iets mis bij ons") if code >= 500 else _("Dit lukte niet")
    return (
        f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>{escape(title)} · wijkstem</title>'
        f"<h1>{escape(title)}</h1><p>{escape(_('Probeer het over een paar minuten nog een keer.'))}</p></html>"
    )


def forget_database_state() -> None:
    """Roll back what the session holds; a connection the server closed is dropped instead."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session().invalidate()  # the Session itself: scoped_session does not proxy invalidate()


def _as_logged_out() -> None:
    # Flask-Login loads the user once per request into g._login_user; an anonymous user there
    # means nothing asks the database who is logged in while we answer.
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]  # set by Flask-Login


def database_unavailable(error):
    log.error("Database niet bereikbaar: %s", error)
    forget_database_state()
    _as_logged_out()
    return answer(503, "503", headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def server_error(error):
    original = getattr(error, "original_exception", None)
    if isinstance(original, OperationalError | PoolTimeout):
        return database_unavailable(original)
    forget_database_state()
    return answer(500, "500", error=error)
