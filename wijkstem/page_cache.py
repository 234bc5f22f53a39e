"""Public pages kept for a few seconds for visitors who are not logged in.

A shared link that goes viral brings thousands of visitors who all see the same page; rendering it
once every few seconds is enough (counts may lag by PAGE_CACHE_SECONDS). Only requests without a
login (no session user, no remember-me cookie) and without flashed messages are served from or
stored in the cache, so the person who just acted always sees their own action. A response is only
stored when rendering it put nothing in the session and made no CSRF token: a cached page never
hands one visitor's token or message to another. Redis when CACHE_REDIS_URL is set (all app servers
share it), in-process otherwise (Flask-Caching).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, current_app, g, make_response, request, session

from wijkstem.extensions import cache

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
            body, status, headers = stored
            return _public(current_app.response_class(body, status=status, headers=headers), seconds)
        response = make_response(view(*args, **kwargs))
        if _is_storable(response):
            headers = [(name, value) for name, value in response.headers if name in STORED_HEADERS]
            cache.set(key, (response.get_data(), response.status_code, headers), timeout=seconds)
            _public(response, seconds)
        return response

    return wrapper


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 0)
    redis_url = app.config.get("CACHE_REDIS_URL")
    app.config.setdefault("CACHE_TYPE", "RedisCache" if redis_url else "SimpleCache")
    app.config.setdefault("CACHE_KEY_PREFIX", "wijkstem:")
    cache.init_app(app)
