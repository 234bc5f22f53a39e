"""A database connection the server closes in the middle of a request: never a bare 500.

The rollback at the end of the request (Flask-SQLAlchemy's teardown) used to raise OperationalError
on such a connection after the answer had been made, and gunicorn sent its own English 500. The
connection is killed by the server (PostgreSQL: pg_terminate_backend) or closed under the app (SQLite).
"""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from flask import request
from sqlalchemy import text

from config import TestConfig
from tests.conftest import IsolatedClient
from tests.moderation_fixtures import sign_in
from tests.participation_fixtures import SLUG
from wijkstem import create_app
from wijkstem.extensions import db, limiter


def _lose_connection(admin_url: str | None) -> None:
    """The database ends this request's connection while its transaction is open."""
    connection = db.session.connection()
    if admin_url:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    else:  # SQLite has no server: its file becomes unreadable under the connection
        connection.execute(text("SELECT 1"))
        fairy = connection.connection
        fairy.dbapi_connection.close()  # type: ignore[union-attr]
        fairy.dbapi_connection = fairy._connection_record.dbapi_connection = _Unreadable()  # type: ignore[union-attr,assignment]


class _Unreadable:
    """A SQLite connection whose every use fails as with a vanished disk (closing it works)."""

    def _fail(self, *args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    cursor = execute = rollback = commit = _fail

    def close(self) -> None:
        pass


@pytest.fixture
def fragile_app(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    admin_url = url.replace("postgresql+psycopg://", "postgresql://") if url.startswith("postgresql") else None
    fragile = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, MAIL_FILE_DIR=app.config["MAIL_FILE_DIR"])
    fragile.test_client_class = IsolatedClient

    @fragile.before_request
    def lose_connection_before_the_view():
        # Before the view's rate limit asks who is logged in (the user loader reads the database).
        if request.headers.get("X-Test-Verbinding") == "weg":
            db.session.execute(text("SELECT 1"))
            _lose_connection(admin_url)

    @fragile.get("/test/verbinding-weg")
    def connection_lost_after_reading():
        db.session.execute(text("SELECT 1"))
        _lose_connection(admin_url)
        return "gelezen"

    @fragile.get("/test/verbinding-weg-dan-lezen")
    def connection_lost_before_reading():
        _lose_connection(admin_url)
        db.session.execute(text("SELECT 1"))
        return "gelezen"

    enabled = limiter.enabled
    yield fragile
    limiter.enabled = enabled  # creating an app switched the shared limiter on
    with fragile.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_connection_closed_after_the_answer_was_made_keeps_the_answer(fragile_app):
    client = fragile_app.test_client()
    response = client.get("/test/verbinding-weg")
    assert response.status_code == 200 and response.get_data(as_text=True) == "gelezen"
    assert client.get("/healthz").status_code == 200  # the pool made a new connection


def test_a_connection_closed_before_reading_gives_the_dutch_503(fragile_app):
    client = fragile_app.test_client()
    response = client.get("/test/verbinding-weg-dan-lezen")
    assert response.status_code == 503
    assert "even niet beschikbaar" in response.get_data(as_text=True)
    assert response.headers["Retry-After"].isdigit()
    assert client.get("/healthz").status_code == 200


def test_a_connection_lost_before_a_rate_limited_write_never_gives_500(fragile_app, make_user):
    # The rate limit's key loads the person; that read fails on the dead connection. It used to be
    # tried again by Flask-Limiter on the same broken session (PendingRollbackError): a bare 500.
    member = fragile_app.test_client()
    sign_in(member, make_user())
    response = member.post(f"/manifest/{SLUG}/steunen", data={"motivation": ""}, headers={"X-Test-Verbinding": "weg"})
    assert response.status_code in (302, 503), response.status_code
    assert member.get("/healthz").status_code == 200
