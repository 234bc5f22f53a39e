"""Public pages kept for a few seconds for visitors who are not logged in.

A shared link that goes viral brings thousands of visitors who all see the same page; rendering it
once every few seconds is enough (counts may lag by PAGE_CACHE_SECONDS). Only requests without a
login (no session user, no remember-me cookie) and without flashed messages are served from or
stored in the cache, so the person who just acted always sees their own action. A response is only
stored when rendering it put nothing in the session and made no CSRF token: a cached page never
hands one visitor's token or message to another. Redis when CACHE_REDIS_URL is set (all app servers
share it), in-process otherwise (Flask-Caching).

When a stored page is older than PAGE_CACHE_SECONDS but younger than PAGE_CACHE_SECONDS +
PAGE_CACHE_STALE_SECONDS, visitors keep getting it while one request (a refresh key in the cache
says which) renders it anew in a thread beside the worker. Without that, every few seconds the
request that found the page expired rendered it in the worker while the requests queued behind it
waited: the slow tail (p99) of a busy page. A page nobody asked for in the stale window is rendered
in the request again, with one request per process rendering it while the others that ask for it
meanwhile wait for that render (`render_once`): a burst of visitors on a page nobody asked for a while
(a shared link landing, a worker just started) otherwise rendered it once per thread, all at once,
and every one of them waited for all of those renders.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import Flask, current_app, g, make_response, request, session

from wijkstem.extensions import cache

T = TypeVar("T")

# Headers that belong to the page itself; the rest (security, cookies, Vary) is added per request.
STORED_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Content-Disposition")


def is_visitor_request() -> bool:
    """A GET by someone not logged in, with nothing waiting to be flashed."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return (
        request.method == "GET"
        and "_user_id" not in session
        and "_flashes" not in session
        and remember_cookie not in request.cookies
    )


def _key() -> str:
    return f"page:{session.get('locale') or 'nl'}:{request.full_path}"


def _is_storable(response) -> bool:
    csrf_field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return (
        response.status_code == 200
        and not response.is_streamed
        and not session.modified
        and csrf_field not in g
        and "Set-Cookie" not in response.headers
    )


def _public(response, seconds: int):
    response.headers["Cache-Control"] = f"public, max-age={seconds}"
    response.vary.add("Cookie")
    return response


def _store(key: str, response, seconds: int) -> bool:
    if not _is_storable(response):
        return False
    headers = [(name, value) for name, value in response.headers if name in STORED_HEADERS]
    stale = current_app.config.get("PAGE_CACHE_STALE_SECONDS", 0)
    cache.set(key, (time.time(), response.get_data(), response.status_code, headers), timeout=seconds + stale)
    return True


def _served(stored, seconds: int):
    """The response for a stored page (see _store)."""
    _stored_at, body, status, headers = stored
    return _public(current_app.response_class(body, status=status, headers=headers), seconds)


def _claim_refresh(key: str, seconds: int) -> bool:
    """True for the one request that renders an expired page anew (across processes with Redis)."""
    return bool(cache.add(f"refresh:{key}", 1, timeout=max(seconds, 30)))


def start_refresh(work: Callable[[], None]) -> None:
    """Runs `work` beside the request; tests replace this to run it at once."""
    threading.Thread(target=work, name="page-cache-refresh", daemon=True).start()


def _refresh_later(view: Callable, args, kwargs, key: str, seconds: int) -> None:
    """Render the page again in its own request context (same address, cookies and language)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the real app behind the proxy
    environ = dict(request.environ, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    environ.pop("werkzeug.request", None)

    def work() -> None:
        try:
            with app.request_context(environ):
                early = app.preprocess_request()  # the before-request hooks (a rate limit may answer)
                if early is None:
                    _store(key, make_response(view(*args, **kwargs)), seconds)
        except Exception:  # the stale page stays served; the next expiry tries again
            logging.getLogger(__name__).exception("page cache refresh of %s failed", key)
        finally:
            cache.delete(f"refresh:{key}")

    start_refresh(work)


_rendering: dict[str, threading.Event] = {}
_rendering_lock = threading.Lock()
# How long a request waits for another thread's render of the same page before rendering it itself.
RENDER_WAIT_SECONDS = 10.0


class Waited:
    """What `render_once` gives the threads that waited for another's render."""


WAITED = Waited()


def render_once(key: str, render: Callable[[], T]) -> T | Waited:
    """`render()` in the one thread of this process that asks for `key` first; WAITED in the threads
    that asked while it ran, once it is done (they read what it stored, or render for themselves)."""
    with _rendering_lock:
        done = _rendering.get(key)
        first = done is None
        if first:
            done = _rendering[key] = threading.Event()
    assert done is not None
    if not first:
        done.wait(RENDER_WAIT_SECONDS)
        return WAITED
    try:
        return render()
    finally:
        with _rendering_lock:
            _rendering.pop(key, None)
        done.set()


def cached_for_visitors(view: Callable) -> Callable:
    """Serve this GET view from the page cache to visitors who are not logged in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
        if not seconds or not is_visitor_request():
            return view(*args, **kwargs)
        key = _key()
        stored = cache.get(key)
        if stored is not None:
            if time.time() - stored[0] >= seconds and _claim_refresh(key, seconds):
                _refresh_later(view, args, kwargs, key, seconds)
            return _served(stored, seconds)

        def render_and_store():
            response = make_response(view(*args, **kwargs))
            if _store(key, response, seconds):
                _public(response, seconds)
            return response

        response = render_once(key, render_and_store)
        if not isinstance(response, Waited):
            return response
        stored = cache.get(key)  # what the first thread stored, or nothing when the page may not be kept
        return render_and_store() if stored is None else _served(stored, seconds)

    return wrapper


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 0)
    app.config.setdefault("PAGE_CACHE_STALE_SECONDS", 0)
    redis_url = app.config.get("CACHE_REDIS_URL")
    # In Redis, a Redis outage means no cache, never an error page (wijkstem/web/redis_outage.py).
    app.config.setdefault("CACHE_TYPE", "wijkstem.web.redis_outage.ResilientRedisCache" if redis_url else "SimpleCache")
    app.config.setdefault("CACHE_KEY_PREFIX", "wijkstem:")
    cache.init_app(app)
