"""A real PostgreSQL server stopped and started again: 503 while it is down, served again after.

Uses a throw-away PostgreSQL instance of its own on a free port (never the shared one); skipped
where the PostgreSQL server programs are not installed.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from config import TestConfig
from tests.conftest import IsolatedClient, free_port
from tests.moderation_fixtures import sign_in
from wijkstem import create_app
from wijkstem.extensions import db, limiter

BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"))), None)


def _run_as_postgres(*args: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=60)


@pytest.fixture
def own_postgres():
    if BIN is None or shutil.which("runuser") is None:
        pytest.skip("PostgreSQL server programs are not installed")
    folder = Path(tempfile.mkdtemp(prefix="wijkstem-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, pwd.getpwnam("postgres").pw_uid)
    data, port = folder / "data", free_port()
    _run_as_postgres(f"{BIN}/initdb", "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"

    def start():
        _run_as_postgres(f"{BIN}/pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")

    def stop():
        _run_as_postgres(f"{BIN}/pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", start, stop
    finally:
        try:
            _run_as_postgres(f"{BIN}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(folder, ignore_errors=True)


def test_stopped_postgres_gives_503_and_the_site_recovers_when_it_starts(own_postgres):
    from tests.factories import UserFactory
    from wijkstem.services.content.content import load_municipalities, seed_content

    url, start, stop = own_postgres
    enabled = limiter.enabled
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    try:
        with app.app_context():
            db.create_all()
            seed_content()
            load_municipalities()
            visitor, member = app.test_client(), app.test_client()
            sign_in(member, UserFactory())
            assert visitor.get("/manifest/lange-termijn").status_code == 200
            assert member.get("/account").status_code == 200

            db.session.remove()  # the test's own connection; the requests use their own sessions
            stop()
            for client, path in (
                (visitor, "/"),
                (visitor, "/manifest/lange-termijn"),
                (member, "/"),
                (member, "/account"),
            ):
                response = client.get(path)
                assert response.status_code == 503, path
                assert "even niet beschikbaar" in response.get_data(as_text=True)
                assert response.headers["Retry-After"].isdigit()
            api = visitor.get("/api/v1/pillars")
            assert api.status_code == 503 and api.is_json

            start()
            assert visitor.get("/manifest/lange-termijn").status_code == 200  # no restart of the app needed
            assert visitor.get("/healthz").status_code == 200
            assert member.get("/account").status_code == 200
            db.session.remove()
            db.engine.dispose()
    finally:
        limiter.enabled = enabled
