"""Rate limits for POST routes, per account (or per IP when logged out), configured by name in config.py."""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from wijkstem.extensions import limiter


def account_or_ip() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def post_limit(setting: str, default: str = "60 per minute"):
    """A per-account limit on POST requests, read from app.config[setting] on each request."""
    return limiter.limit(lambda: current_app.config.get(setting, default), key_func=account_or_ip, methods=["POST"])
