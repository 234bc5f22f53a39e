"""Jinja filters and globals shared by all templates."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal
from flask_login import current_user

from wijkstem.perspectives import PERSPECTIVE_HINTS, PERSPECTIVE_PLURALS, PERSPECTIVES


def init_app(app: Flask) -> None:
    app.jinja_env.filters["datum"] = lambda value: format_date(value, "d MMMM yyyy") if value else ""
    app.jinja_env.filters["datumtijd"] = lambda value: format_datetime(value, "d MMMM yyyy HH:mm") if value else ""
    app.jinja_env.filters["getal"] = lambda value: format_decimal(value or 0)
    app.jinja_env.globals.update(
        PERSPECTIVES=PERSPECTIVES, PERSPECTIVE_PLURALS=PERSPECTIVE_PLURALS, PERSPECTIVE_HINTS=PERSPECTIVE_HINTS
    )

    @app.context_processor
    def page_context():
        if not has_request_context():  # mail rendered from the CLI
            return {"base_url": current_app.config["WIJKSTEM_BASE_URL"]}
        return {
            "current_locale": session.get("locale") or "nl",
            "base_url": current_app.config["WIJKSTEM_BASE_URL"],
            "canonical_url": current_app.config["WIJKSTEM_BASE_URL"] + request.path,
            "user": current_user,
        }
