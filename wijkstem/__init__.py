"""wijkstem: read, endorse and discuss the Manifest voor een succesvolle wijkaanpak."""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask, g, request, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import Config, ConfigurationError, config_from_environment, instance_dir
from wijkstem.extensions import babel, compress, csrf, db, limiter, login_manager, migrate

__all__ = ["ConfigurationError", "create_app"]

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    config_class = config_class or config_from_environment()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(instance_dir().resolve()),  # WIJKSTEM_INSTANCE_DIR, else instance/ in the checkout
    )
    app.config.update(config_class.load())
    app.config.update(overrides)
    register_url_converters(app)
    register_https(app)
    register_extensions(app)
    register_capabilities(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_request_guards(app)
    register_security_headers(app)
    register_api_http(app)
    register_templating(app)
    register_commands(app)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return app


def register_url_converters(app: Flask) -> None:
    # Before the blueprints: every `<int:...>` route is bound to ids the database can hold.
    from wijkstem.record_ids import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter


def register_https(app: Flask) -> None:
    from wijkstem.web import https

    https.init_app(app)


def select_locale() -> str:
    return session.get("locale") or "nl"


def register_extensions(app: Flask) -> None:
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
    db.init_app(app)
    from wijkstem import connection_checks

    with app.app_context():
        for engine in db.engines.values():
            connection_checks.init_engine(engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=str(ROOT / "translations"))
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    from wijkstem.web import redis_outage

    redis_outage.init_app(app)  # short Redis timeouts, before the limiter and the cache connect
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in om verder te gaan.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    compress.init_app(app)

    from wijkstem.web import page_cache, static_fingerprints

    page_cache.init_app(app)
    static_fingerprints.init_app(app)

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


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def register_capabilities(app: Flask) -> None:
    from wijkstem import capabilities

    capabilities.init_app(app)


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
    from wijkstem.blueprints.insight import bp as insight_bp
    from wijkstem.blueprints.moderation import bp as moderation_bp
    from wijkstem.blueprints.municipalities import bp as municipalities_bp
    from wijkstem.blueprints.organisations import bp as organisations_bp
    from wijkstem.blueprints.pillars import bp as pillars_bp
    from wijkstem.blueprints.public import bp as public_bp
    from wijkstem.blueprints.sharing import bp as sharing_bp
    from wijkstem.blueprints.statements import bp as statements_bp
    from wijkstem.blueprints.verification import bp as verification_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(pillars_bp)
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
    app.register_blueprint(insight_bp)
    app.register_blueprint(council_bp)
    app.register_blueprint(statements_bp)
    app.register_blueprint(organisations_bp)


def register_error_handlers(app: Flask) -> None:
    from wijkstem.web import error_pages

    error_pages.init_app(app)


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
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        if request.endpoint != "static" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store" if session.get("_user_id") else "no-cache"
        if app.config.get("HSTS_MAX_AGE"):
            response.headers.setdefault("Strict-Transport-Security", f"max-age={int(app.config['HSTS_MAX_AGE'])}")
        if request.path.startswith(OPEN_DATA_PREFIX) and request.method in ("GET", "HEAD", "OPTIONS"):
            allow_any_origin(response)
        return response


# The open-data API may be read by any website's scripts; it sends no cookies and accepts none.
OPEN_DATA_PREFIX = "/api/v1/"


def allow_any_origin(response) -> None:
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS":  # a preflight: only reading is allowed
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Max-Age"] = "86400"
        if request.headers.get("Access-Control-Request-Headers"):
            response.headers["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Language"


def register_api_http(app: Flask) -> None:
    from wijkstem.web import api_http

    api_http.init_app(app)


def register_request_guards(app: Flask) -> None:
    from wijkstem.web import referral_hooks, request_guards

    request_guards.init_app(app)
    referral_hooks.init_app(app)


def register_templating(app: Flask) -> None:
    from wijkstem.web import holes, templating

    templating.init_app(app)
    holes.init_app(app)  # the `hole` of shared pages, and noting when a logged-in person acts


def register_commands(app: Flask) -> None:
    from wijkstem import cli

    cli.init_app(app)
