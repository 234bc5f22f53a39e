"""wijkstem: read, endorse and discuss the Manifest voor een succesvolle wijkaanpak."""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask, g, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import Config, ConfigurationError, config_from_environment
from wijkstem.extensions import babel, csrf, db, limiter, login_manager, migrate

__all__ = ["ConfigurationError", "create_app"]

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    config_class = config_class or config_from_environment()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(config_class.load())
    app.config.update(overrides)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_request_guards(app)
    register_security_headers(app)
    register_templating(app)
    register_commands(app)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return app


def select_locale() -> str:
    return session.get("locale") or "nl"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(ROOT / "translations"))
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in om verder te gaan.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    from wijkstem.models import User

    @login_manager.user_loader
    def load_user(identity: str) -> User | None:
        user_id, _, version = identity.partition(".")
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or user.session_version != int(version) or user.is_blocked:
            return None
        return user


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from wijkstem.blueprints.accounts import bp as accounts_bp
    from wijkstem.blueprints.admin import bp as admin_bp
    from wijkstem.blueprints.api import bp as api_bp
    from wijkstem.blueprints.comments import bp as comments_bp
    from wijkstem.blueprints.council import bp as council_bp
    from wijkstem.blueprints.embed import bp as embed_bp
    from wijkstem.blueprints.endorsements import bp as endorsements_bp
    from wijkstem.blueprints.experiences import api_bp as experiences_api_bp
    from wijkstem.blueprints.experiences import bp as experiences_bp
    from wijkstem.blueprints.moderation import bp as moderation_bp
    from wijkstem.blueprints.municipalities import bp as municipalities_bp
    from wijkstem.blueprints.public import bp as public_bp
    from wijkstem.blueprints.sharing import bp as sharing_bp
    from wijkstem.blueprints.verification import bp as verification_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(sharing_bp)
    app.register_blueprint(municipalities_bp)
    app.register_blueprint(embed_bp)
    app.register_blueprint(verification_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(experiences_bp)
    app.register_blueprint(experiences_api_bp)
    app.register_blueprint(endorsements_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(council_bp)


def register_error_handlers(app: Flask) -> None:
    def page(code: int, template: str):
        def handler(error):
            return render_template(f"errors/{template}.html", error=error), code

        return handler

    app.register_error_handler(400, page(400, "400"))
    app.register_error_handler(403, page(403, "403"))
    app.register_error_handler(404, page(404, "404"))
    app.register_error_handler(405, page(405, "405"))
    app.register_error_handler(413, page(413, "413"))
    app.register_error_handler(429, page(429, "429"))
    app.register_error_handler(CSRFError, page(400, "csrf"))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/500.html", error=error), 500


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        framable = getattr(g, "framable", False)
        response.headers.setdefault(
            "Content-Security-Policy", CSP.replace("frame-ancestors 'none'", "frame-ancestors *") if framable else CSP
        )
        if not framable:
            response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store" if session.get("_user_id") else "no-cache"
        return response


def register_request_guards(app: Flask) -> None:
    from wijkstem import request_guards

    request_guards.init_app(app)


def register_templating(app: Flask) -> None:
    from wijkstem import templating

    templating.init_app(app)


def register_commands(app: Flask) -> None:
    from wijkstem import cli

    cli.init_app(app)
