"""Pooled database connections: pinged only after being idle, and a cut one is replaced unseen.

The ping before every request cost a round trip on every request (docs/benchmarks.md); now a
connection back in the pool a moment ago is used as it is, and one idle for a while is pinged first.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from wijkstem import connection_checks
from wijkstem.extensions import db


@pytest.fixture
def pings(app, monkeypatch):
    counted: list[int] = []
    dialect = db.engine.dialect
    real_ping = dialect.do_ping

    def counting_ping(dbapi_connection):
        counted.append(1)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counting_ping)
    return counted


def test_a_connection_used_a_moment_ago_is_not_pinged_again(app, client, pings):
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert pings == []


def test_an_idle_connection_is_pinged_before_use(app, client, pings, monkeypatch):
    assert client.get("/healthz").status_code == 200
    monkeypatch.setattr(connection_checks, "PING_AFTER_IDLE_SECONDS", 0.0)  # every connection counts as idle
    assert client.get("/healthz").status_code == 200
    assert pings


def test_a_connection_cut_while_idle_is_replaced_before_the_request_sees_it(app, client, monkeypatch):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("SQLite has no server that can cut a connection; run on PostgreSQL")
    db.session.remove()
    db.engine.dispose()  # one connection in the pool: the one cut below
    with db.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    admin_url = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    monkeypatch.setattr(connection_checks, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert client.get("/healthz").status_code == 200  # the ping failed, a new connection served it
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != pid
