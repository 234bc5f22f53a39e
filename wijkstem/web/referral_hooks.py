"""Share codes (?via=) on any page: who brought a visitor in, so an endorsement can be credited to them."""

from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from wijkstem.services.endorsements.referrals import sharer_code


def remember_sharer() -> None:
    # Only a valid code of someone else is kept; the rest of the request is unaffected.
    code = request.args.get("via")
    if code and request.method == "GET":
        visitor = current_user if current_user.is_authenticated else None
        if sharer_code(code, visitor):
            session["via"] = code


def init_app(app: Flask) -> None:
    app.before_request(remember_sharer)
