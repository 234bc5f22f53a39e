"""Configuration, read from environment variables.

Development works with nothing set: SQLite in instance/, a secret key generated once and kept
in instance/ (mode 0600), mail written as .eml files. Production refuses to start without
SECRET_KEY and DATABASE_URL.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def instance_dir() -> Path:
    return Path(os.environ.get("WIJKSTEM_INSTANCE_DIR", BASE_DIR / "instance"))


class ConfigurationError(RuntimeError):
    """The app cannot start with this configuration; the message says why in one line."""


def _development_secret_key() -> str:
    """A random key made on first start and kept in instance/, so sessions survive restarts."""
    instance_dir().mkdir(parents=True, exist_ok=True)
    path = instance_dir() / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    ENV_NAME = "development"
    TESTING = False
    SQLALCHEMY_DATABASE_URI = ""
    # No ping before every request: only connections idle for a second are checked (wijkstem/connection_checks.py).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SECRET_KEY = ""

    # Defaults; an environment variable named in FROM_ENVIRONMENT replaces one when load() runs
    # (the environment is never read at import).
    WIJKSTEM_BASE_URL = "http://127.0.0.1:5000"

    # The organisation running this site: named with its contact address in the footer of every
    # page, on /over, the privacy page and the printed manifesto.
    WIJKSTEM_ORGANISATION_NAME = ""
    WIJKSTEM_ORGANISATION_EMAIL = ""
    WIJKSTEM_ORGANISATION_URL = ""

    # Mail: with no MAIL_SERVER, messages are written as .eml files under instance/mail/.
    MAIL_SERVER = ""
    MAIL_PORT = 587
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "wijkstem <noreply@wijkstem.nl>"
    MAIL_MAX_ATTEMPTS = 12

    # Werkzeug's password hash method and cost; the production cost is slow on purpose.
    PASSWORD_HASH_METHOD = "scrypt:32768:8:1"  # noqa: S105 (a method, not a password)

    # Tokens in e-mail links.
    CONFIRM_TOKEN_MAX_AGE = 7 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 2 * 3600

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    # No X-RateLimit-* headers on every limited POST: they cost two more round trips to the limit
    # store per request (docs/benchmarks.md, "The endorse POST"). A refused request still says when
    # to come back (Retry-After on the 429, wijkstem/web/error_pages.py).
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_LOGIN = "10 per minute; 60 per hour"
    RATELIMIT_REGISTER = "10 per minute; 40 per hour"
    RATELIMIT_RESET = "5 per minute; 20 per hour"
    RATELIMIT_RESEND = "5 per minute; 20 per hour"
    RATELIMIT_MODERATION = "120 per minute; 2000 per hour"
    RATELIMIT_ADMIN = "60 per minute; 600 per hour"
    RATELIMIT_VERIFICATION = "5 per minute; 20 per hour"
    # Counts only experiences actually submitted, not forms sent back with a mistake.
    RATELIMIT_EXPERIENCE = "5 per hour; 20 per day"
    # Every photo upload, also in a form with another mistake (each one is decoded), per person.
    RATELIMIT_PHOTO = "10 per hour; 30 per day"
    # The writing help's script asks for hints while someone types (a pause of a second between requests).
    RATELIMIT_WRITING_HELP = "60 per minute; 600 per hour"
    RATELIMIT_ENDORSE = "30 per minute; 300 per hour"
    RATELIMIT_COMMENT = "10 per minute; 100 per hour"
    RATELIMIT_REPORT = "10 per minute; 50 per hour"
    # Answers to statements (Eens / Oneens / Weet ik niet): a voting round goes quickly, so more
    # than endorsements, but a script answering thousands of statements is stopped.
    RATELIMIT_VOTE = "60 per minute; 1000 per hour"
    # The common ground (and where they differ) shows only with this many people per perspective.
    COMMON_GROUND_MIN_VOTERS = 10

    # Comments and other items are hidden pending review after this many distinct reporters.
    REPORT_HIDE_THRESHOLD = 3

    # Held for review before anyone else sees them: a person's first N comments (0: never) and any
    # comment with at least this many links (0: never). Moderators and verified people are never held.
    COMMENT_HOLD_FIRST = 1
    COMMENT_HOLD_LINKS = 3

    # Public pages are kept this many seconds for visitors who are not logged in (0: off), in Redis
    # when CACHE_REDIS_URL is set (shared by all app servers), else in each process.
    PAGE_CACHE_SECONDS = 5
    # After those seconds a kept page may still be served this many seconds more while one request
    # renders it anew beside the worker (wijkstem/web/page_cache.py); 0: render it in the request.
    PAGE_CACHE_STALE_SECONDS = 5
    CACHE_REDIS_URL = ""
    # Text responses compressed (Flask-Compress); images and PDFs are left as they are.
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/xml",
        "text/plain",
        "text/csv",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/atom+xml",
        "image/svg+xml",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 4
    # The council PDF is drawn outside the request: "process" (a `flask wijkstem render-pdf` of its
    # own, so WeasyPrint's memory never sits in a web worker) or "thread" (tests). A request without
    # a PDF for the current data waits this long for the one being drawn, then asks to come back.
    PDF_RENDER_IN = "process"
    PDF_WAIT_SECONDS = 8
    # Renders at once on this machine (across all workers, each a process of about 100 MB), and the
    # seconds after which a render launched by a request is stopped. A visitor has one render at a time.
    PDF_MAX_RENDERS = 2
    PDF_RENDER_TIMEOUT = 120
    # How long a visitor's PDF request may reuse the last look at the data (0: always look again).
    PDF_KEY_SECONDS = 10
    # Milestones of a municipality: numbers of people from there who support the manifesto (each
    # counted once); residents can reach them on their own. The page shows progress to the next one.
    MILESTONE_THRESHOLDS = (25, 100, 500)
    # What happens at a milestone, shown beside the progress; "{n}" becomes the threshold. Empty: the
    # default "Bij {n} mensen bieden we het dossier aan de griffie aan." (translated).
    MILESTONE_PROMISE = ""
    # How long an unsubscribe link in a digest keeps working.
    UNSUBSCRIBE_TOKEN_MAX_AGE = 400 * 24 * 3600

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    WTF_CSRF_TIME_LIMIT = None  # a form left open for hours must still submit
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    # Strict-Transport-Security max-age in seconds; 0 sends no header (production sets a year).
    HSTS_MAX_AGE = 0
    # How many reverse proxies stand in front of the app; their X-Forwarded-For/-Proto/-Host are
    # believed (0: none are, the app faces the internet). See docs/https.md.
    TRUSTED_PROXIES = 0
    # Send every plain-http request on to https (except /healthz). Needs TRUSTED_PROXIES behind a
    # proxy that ends TLS, or the app never sees a request as https.
    HTTPS_ONLY = False

    @classmethod
    def load(cls) -> dict:
        """The settings as a dict, with what depends on the environment filled in."""
        settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
        for name in FROM_ENVIRONMENT:
            # A value a subclass sets itself (TestConfig's MAIL_SERVER) is not the environment's to change.
            if name in os.environ and _owner(cls, name) is Config:
                settings[name] = _parse(os.environ[name], getattr(Config, name))
        settings["WIJKSTEM_BASE_URL"] = settings["WIJKSTEM_BASE_URL"].rstrip("/")
        settings["MAIL_FILE_DIR"] = str(instance_dir() / "mail")
        settings["SECRET_KEY"] = os.environ.get("SECRET_KEY") or cls.default_secret_key()
        database_url = os.environ.get("DATABASE_URL") or cls.default_database_url()
        settings["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(database_url)
        return settings

    @classmethod
    def default_secret_key(cls) -> str:
        return _development_secret_key()

    @classmethod
    def default_database_url(cls) -> str:
        instance_dir().mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_dir() / 'wijkstem.db'}"


# Settings an environment variable of the same name replaces, read as the type of the default.
FROM_ENVIRONMENT = (
    "WIJKSTEM_BASE_URL",
    "WIJKSTEM_ORGANISATION_NAME",
    "WIJKSTEM_ORGANISATION_EMAIL",
    "WIJKSTEM_ORGANISATION_URL",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_TIMEOUT",
    "MAIL_DEFAULT_SENDER",
    "MAIL_MAX_ATTEMPTS",
    "RATELIMIT_STORAGE_URI",
    "RATELIMIT_ENABLED",
    "RATELIMIT_LOGIN",
    "RATELIMIT_REGISTER",
    "RATELIMIT_RESET",
    "RATELIMIT_RESEND",
    "RATELIMIT_MODERATION",
    "RATELIMIT_ADMIN",
    "RATELIMIT_VERIFICATION",
    "RATELIMIT_EXPERIENCE",
    "RATELIMIT_PHOTO",
    "RATELIMIT_WRITING_HELP",
    "RATELIMIT_ENDORSE",
    "RATELIMIT_COMMENT",
    "RATELIMIT_REPORT",
    "RATELIMIT_VOTE",
    "COMMON_GROUND_MIN_VOTERS",
    "REPORT_HIDE_THRESHOLD",
    "COMMENT_HOLD_FIRST",
    "COMMENT_HOLD_LINKS",
    "HSTS_MAX_AGE",
    "TRUSTED_PROXIES",
    "HTTPS_ONLY",
    "MILESTONE_THRESHOLDS",
    "MILESTONE_PROMISE",
    "PAGE_CACHE_SECONDS",
    "PAGE_CACHE_STALE_SECONDS",
    "CACHE_REDIS_URL",
    "PDF_MAX_RENDERS",
    "PDF_WAIT_SECONDS",
    "PDF_RENDER_TIMEOUT",
)


def _owner(cls: type, name: str) -> type:
    return next(klass for klass in cls.__mro__ if name in vars(klass))


def _parse(value: str, default):
    """An environment variable read as the type of the setting's default."""
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, tuple):
        # A list of whole numbers, e.g. MILESTONE_THRESHOLDS=25,100,500 (kept in rising order).
        return tuple(sorted(int(n) for n in value.split(",") if n.strip()))
    return value


class DevelopmentConfig(Config):
    pass


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    PAGE_CACHE_SECONDS = 0  # tests that check the page cache switch it on
    MAIL_SERVER = ""
    WIJKSTEM_BASE_URL = "http://localhost"
    SERVER_NAME = None
    COMMENT_HOLD_FIRST = 0  # most tests post as brand-new people; the review tests switch it on
    PDF_RENDER_IN = "thread"
    PDF_WAIT_SECONDS = 60
    PDF_KEY_SECONDS = 0  # the tests that count renders look at the data every time
    # A cheap hash, so the ~150 log-ins of the suite take no seconds each (test_config checks production's).
    PASSWORD_HASH_METHOD = "scrypt:256:8:1"  # noqa: S105

    @classmethod
    def default_secret_key(cls) -> str:
        return "test-secret-key-not-for-production"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def load(cls) -> dict:
        settings = super().load()
        # Production sends HSTS for a year unless HSTS_MAX_AGE says otherwise.
        settings["HSTS_MAX_AGE"] = int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 3600)))
        return settings

    @classmethod
    def default_secret_key(cls) -> str:
        raise ConfigurationError("SECRET_KEY is not set: production needs its own secret key.")

    @classmethod
    def default_database_url(cls) -> str:
        raise ConfigurationError("DATABASE_URL is not set: production needs a database URL.")


def config_from_environment() -> type[Config]:
    env = (os.environ.get("WIJKSTEM_ENV") or os.environ.get("FLASK_ENV") or "development").lower()
    return {"production": ProductionConfig, "testing": TestConfig}.get(env, DevelopmentConfig)
