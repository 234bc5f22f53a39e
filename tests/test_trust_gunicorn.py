"""gunicorn with the documented production settings (gunicorn.conf.py), reached directly over real sockets.

Slow clients (a body announced as 1,000 bytes of which 7 arrive) hold a thread each, never a worker,
and give up after the body time limit; a malformed chunked body is the sender's mistake (400).
"""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from tests.own_servers import OwnGunicorn

SLOW_CLIENTS = 8


@pytest.fixture
def gunicorn(app):
    """Two workers (fewer than production's four: harder to survive) on the tests' database."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    server = OwnGunicorn(
        {
            "WIJKSTEM_ENV": "production",
            "SECRET_KEY": "test-secret-key-for-gunicorn-0123456789",
            "DATABASE_URL": url,
            "RATELIMIT_STORAGE_URI": "memory://",
            "CACHE_REDIS_URL": "",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_BODY_TIMEOUT": "3",
        }
    )
    server.start()
    yield server
    server.stop()


def _slow_client(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        b"POST /account/inloggen HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a"
    )
    return sock


def _seconds_for_healthz(port: int) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
        assert response.status == 200
    return time.monotonic() - started


def _status_line(sock: socket.socket) -> bytes:
    answer = b""
    while b"\r\n" not in answer:
        part = sock.recv(4096)
        if not part:
            break
        answer += part
    return answer.split(b"\r\n", 1)[0]


def test_slow_clients_do_not_hold_up_the_site_and_are_sent_away(gunicorn):
    slow = [_slow_client(gunicorn.port) for _ in range(SLOW_CLIENTS)]
    try:
        time.sleep(0.5)  # every slow request has reached a worker and is waiting for its body
        waits = [_seconds_for_healthz(gunicorn.port) for _ in range(5)]
        assert max(waits) < 1.5, waits
        # After the body time limit (3 s here, 10 s by default) each gets a 400 and its thread is free.
        for sock in slow:
            assert _status_line(sock).startswith(b"HTTP/1.1 400"), "a slow client is answered, not kept"
    finally:
        for sock in slow:
            sock.close()


def test_a_malformed_chunked_body_gets_400(gunicorn):
    with socket.create_connection(("127.0.0.1", gunicorn.port), timeout=10) as sock:
        sock.sendall(
            b"POST /account/inloggen HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"zz\r\nemail=a\r\n0\r\n\r\n"
        )
        assert _status_line(sock).startswith(b"HTTP/1.1 400")
    assert _seconds_for_healthz(gunicorn.port) < 1.5
