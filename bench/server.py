"""Runs wijkstem under gunicorn in its production configuration, and watches its memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# The production settings of gunicorn.conf.py (gthread, keep-alive), with the worker and thread count
# chosen by measurement on this 2-core machine (docs/benchmarks.md, "Worker class and count").
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
THREADS = int(os.environ.get("BENCH_THREADS", "12"))
WIJKSTEM_APP = "wijkstem:create_app()"
HELLO_APP = "bench.hello:app"  # the bare-Flask ceiling, served under the same settings
SECRET_KEY = "bench-secret-key-not-for-production-0123456789"
# What the bench lifts above production: its thousands of logins and votes all come from 127.0.0.1.
BENCH_LIMITS = {
    "RATELIMIT_LOGIN": "100000 per minute",
    "RATELIMIT_ENDORSE": "100000 per minute",
    "RATELIMIT_COMMENT": "100000 per minute",
    "RATELIMIT_VOTE": "100000 per minute",
}


def server_environment(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WIJKSTEM_ENV="production",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        RATELIMIT_STORAGE_URI=redis_url,
        WIJKSTEM_BASE_URL="http://127.0.0.1",
        **BENCH_LIMITS,
    )
    env.update(extra)
    return env


@dataclass
class Gunicorn:
    port: int
    env: dict[str, str]
    workers: int = WORKERS
    worker_class: str = WORKER_CLASS
    threads: int = THREADS
    app: str = WIJKSTEM_APP
    code: Path = ROOT  # the checkout whose wijkstem gunicorn serves (bench.workers --code compares two)
    process: subprocess.Popen | None = None
    log: Path | None = None
    peak_rss_kb: dict[int, int] = field(default_factory=dict)

    @property
    def settings(self) -> dict:
        return {
            "command": self.command_line(),
            "workers": self.workers,
            "worker_class": self.worker_class,
            "threads": self.threads if self.worker_class == "gthread" else 1,
            "timeout_s": 60,
            "config": "WIJKSTEM_ENV=production",
        }

    @property
    def health_path(self) -> str:
        return "/" if self.app == HELLO_APP else "/healthz"

    def command_line(self) -> str:
        return " ".join(self._argv()[1:])

    def _argv(self) -> list[str]:
        return [
            str(VENV_BIN / "gunicorn"),
            "gunicorn",
            "--config", str(ROOT / "gunicorn.conf.py"),  # production settings (keep-alive, body timeout)
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--threads", str(self.threads),
            "--timeout", "60",
            "--bind", f"127.0.0.1:{self.port}",
            "--log-level", "warning",
            self.app,
        ]  # fmt: skip

    def start(self, log: Path) -> None:
        self.log = log
        argv = self._argv()
        handle = log.open("ab")
        self.process = subprocess.Popen(
            [argv[0], *argv[2:]], cwd=self.code, env=self.env, stdout=handle, stderr=handle, start_new_session=True
        )
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopte met code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.health_path}", timeout=10) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn kwam niet op tijd op")

    def worker_pids(self) -> list[int]:
        if not self.process:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def rss_kb(self) -> dict[int, int]:
        """Current resident memory per worker; also folds each worker's peak into peak_rss_kb."""
        now = {}
        for pid in self.worker_pids():
            status = _proc_status(pid)
            if "VmRSS" in status:
                now[pid] = status["VmRSS"]
                self.peak_rss_kb[pid] = max(self.peak_rss_kb.get(pid, 0), status.get("VmHWM", 0))
        return now

    def peak_rss_mb(self) -> list[float]:
        self.rss_kb()
        return [round(kb / 1024, 1) for kb in sorted(self.peak_rss_kb.values(), reverse=True)]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.rss_kb()
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _proc_status(pid: int) -> dict[str, int]:
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except OSError:
        pass
    return values
