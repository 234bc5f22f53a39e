"""Shared fixtures: one app per test session, a clean database for every test.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL points at one (as .ci/run does).
Reference data (manifesto, pillars, municipalities) is loaded once; everything else is emptied
after each test.
"""

from __future__ import annotations

import contextvars
import email
import email.policy
import os
import re
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select

from config import TestConfig
from wijkstem import create_app
from wijkstem.extensions import db as _db
from wijkstem.extensions import limiter
from wijkstem.models import Municipality, User
from wijkstem.services.content.content import load_municipalities, seed_content

# Fixtures shared by many test modules, registered here instead of imported into each module.
pytest_plugins = ["tests.participation_fixtures", "tests.moderation_fixtures"]

REFERENCE_TABLES = {"municipalities", "pillars", "points", "success_factors", "manifesto", "alembic_version"}
PASSWORD = "een-lange-zin-als-wachtwoord"


def worker_id() -> str:
    """The pytest-xdist worker running this process ("gw0", "gw1", ...), or "" without -n."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def database_url(tmp_dir: Path) -> str:
    """SQLite: a file in this session's (per-worker) tmp folder. PostgreSQL: DATABASE_URL, and under
    pytest -n a database of its own per worker (DATABASE_URL's name + "_gw0"), made when missing."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_dir / 'test.db'}"
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    if url.startswith("postgresql") and worker_id():
        url = f"{url.split('?')[0]}_{worker_id()}"
        create_database_if_missing(url)
    return url


def create_database_if_missing(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        maintenance.dispose()


def pytest_collection_modifyitems(items):
    """`slow` marks what does not depend on the database: browser, Nu HTML Checker and schema fuzzing.
    `make test-fast` and the PostgreSQL run of .ci/run leave those out with -m "not slow"."""
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
        if any(item.get_closest_marker(name) for name in ("browser", "html", "schema")):
            item.add_marker(pytest.mark.slow)


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: fresh g, fresh DB session.

    Tests hold an app context open for their own queries; without this, requests would share
    it (and Flask-Login's cached user in g) with each other.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wijkstem")
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=database_url(tmp),
        MAIL_FILE_DIR=str(tmp / "mail"),
        PDF_CACHE_DIR=str(tmp / "pdf-cache"),
        # Workers of pytest -n sharing one Redis never see (or reset) each other's rate-limit counters.
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": f"LIMITS-test{worker_id()}"},
    )
    app.test_client_class = IsolatedClient
    limiter.enabled = False  # tests that check limits switch it on
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        seed_content()
        load_municipalities()
        _db.session.remove()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(app):
    ctx = app.app_context()
    ctx.push()
    # Tests that build an app of their own switch the one shared limiter back on; each test starts
    # with it off (tests that check limits switch it on themselves).
    limiter.enabled = False
    yield
    wait_for_background_work()
    empty_tables()
    limiter.reset()
    ctx.pop()


def all_at_once(work, count: int, timeout: float = 60.0) -> None:
    """Run work(0), ..., work(count - 1) in threads that start together (a barrier), and wait for them:
    parallel tabs, clicks or visitors racing each other."""
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        barrier.wait()
        work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)


def wait_for_background_work(timeout: float = 30.0) -> None:
    """Work a test started in a thread of the app's (a page-cache refresh, a PDF render) ends before the
    next test: it would read tables the next test is filling, and two threads compiling code at once can
    trip CPython 3.11 ("AST constructor recursion depth mismatch")."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        target = getattr(thread, "_target", None)  # gone once the thread has finished
        if thread is threading.current_thread() or target is None or thread.name == "mail":
            continue
        if getattr(target, "__module__", "").startswith("wijkstem"):
            thread.join(max(0.0, deadline - time.monotonic()))


def empty_tables() -> None:
    """Remove every row except the reference data, leaving the session clean."""
    _db.session.rollback()
    _db.session.remove()
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def utrecht(app) -> Municipality:
    return _db.session.scalar(select(Municipality).where(Municipality.code == "GM0344"))


@pytest.fixture
def make_user(app):
    """Build a user; confirmed by default. make_user(email=..., perspective=..., role=...)."""
    from tests.factories import UserFactory

    return UserFactory


def log_in(client: FlaskClient, user: User, password: str = PASSWORD, remember: bool = False):
    """Log in through the form, as a person does: the one log-in of the test-client tests
    (cheap, because TestConfig hashes passwords cheaply)."""
    response = client.post(
        "/account/inloggen",
        data={"email": user.email, "password": password, "remember": "y" if remember else ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


@pytest.fixture
def login(client):
    """login(user): log the test's `client` in."""
    return lambda user, password=PASSWORD, remember=False: log_in(client, user, password, remember)


def outbox_links(recipient: str) -> list[str]:
    """The links in the mail queued for a recipient, newest message last."""
    from wijkstem.models import OutboxMessage

    messages = _db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)
    ).all()
    return [link for message in messages for link in re.findall(r"https?://\S+", message.body_text)]


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


@dataclass
class SMTPInbox:
    """What a real SMTP server started by the test received, parsed back into messages."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, recipient: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == recipient]

    def links_to(self, recipient: str) -> list[str]:
        return [link for m in self.to(recipient) for link in re.findall(r"https?://\S+", m.get_content())]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


MAIL_SETTINGS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_TIMEOUT")


@pytest.fixture
def smtp_server(app):
    """A real SMTP server (aiosmtpd) on a free local port, with the app's mail settings pointing at it."""
    from aiosmtpd.controller import Controller

    inbox = SMTPInbox(host="127.0.0.1", port=free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    saved = {key: app.config[key] for key in MAIL_SETTINGS}
    app.config.update(
        MAIL_SERVER=inbox.host,
        MAIL_PORT=inbox.port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME="",
        MAIL_TIMEOUT=5,
    )
    yield inbox
    app.config.update(saved)
    controller.stop()


@contextmanager
def counting_queries():
    """Collects every SQL statement run inside the block: `with counting_queries() as statements:`."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(_db.engine, "before_cursor_execute", count)
