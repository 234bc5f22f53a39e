"""Servers a test starts for itself (redis-server, gunicorn) on ports of its own, and stops again.

Ports come from OWN_SERVER_PORTS ("56100-56199" unless set), so parallel runs can be given ranges
that do not overlap; never the shared Redis or PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent


def own_port() -> int:
    """A free port from OWN_SERVER_PORTS; each pytest-xdist worker looks in a part of its own, so two
    workers never pick the same free port at the same moment."""
    low, _, high = os.environ.get("OWN_SERVER_PORTS", "56100-56199").partition("-")
    first, last = int(low), int(high or low)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    if worker.isdigit() and last - first >= 16:
        first += (int(worker) * 16) % (last - first + 1 - 15)
    for port in range(first, last + 1):
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in OWN_SERVER_PORTS")


class OwnRedis:
    """A redis-server without persistence in a temporary folder."""

    def __init__(self) -> None:
        self.port = own_port()
        self.folder = Path(tempfile.mkdtemp(prefix="wijkstem-redis-"))
        self.process: subprocess.Popen | None = None

    def url(self, number: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603  # a fixed list, no shell
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url(0))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server kwam niet op")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class OwnGunicorn:
    """gunicorn with the repository's gunicorn.conf.py (the documented production settings)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = own_port()
        self.env = {**os.environ, **env}
        self.log = Path(tempfile.mkstemp(prefix="wijkstem-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        with self.log.open("ab") as handle:
            self.process = subprocess.Popen(  # noqa: S603  # a fixed list, no shell
                [gunicorn, "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{self.port}"],
                cwd=ROOT, env=self.env, stdout=handle, stderr=handle, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopte: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn kwam niet op")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.unlink(missing_ok=True)
