"""Rate limits for POST routes, configured by name in config.py; the same key everywhere: the account
when someone is logged in, else the IP address."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from wijkstem.extensions import limiter
from wijkstem.web.error_pages import forget_database_state


def account_or_ip() -> str:
    try:
        if current_user.is_authenticated:
            return f"user:{current_user.id}"
    except SQLAlchemyError:
        # The database is away: count by address. The view asks again and answers with the Dutch
        # 503; raising here would make Flask-Limiter take it for a Redis failure.
        forget_database_state()
    return f"ip:{get_remote_address()}"


def post_limit(
    setting: str,
    default: str = "30 per minute",
    deduct_when: Callable[[Response], bool] | None = None,
    exempt_when: Callable[[], bool] | None = None,
):
    """A limit on POST requests, read from app.config[setting] on each request.

    `deduct_when`: count only the requests whose response passes this test (e.g. what was stored).
    `exempt_when`: requests for which this returns True are not limited at all.
    Each route counts on its own, and so does each setting when two limits guard one route.
    """
    return limiter.limit(
        lambda: current_app.config.get(setting, default),
        key_func=account_or_ip,
        methods=["POST"],
        deduct_when=deduct_when,
        exempt_when=exempt_when,
        scope=lambda endpoint: f"{endpoint}:{setting}",
    )
