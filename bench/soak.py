"""`make soak`: mixed traffic for 10 minutes while PostgreSQL is restarted once and stopped for 15 s,
and Redis is stopped for 15 s.

    .venv/bin/python -m bench.soak [--minutes 10] [--scale 0.01]

Uses a PostgreSQL instance of its own (initdb + pg_ctl in a temporary directory, port 55432) and a
redis-server of its own (port 56379; the page cache and the rate limits live there), never the
shared ones. Readers, endorsers and commenters run throughout; at 40% of the time the database is
restarted, at 55% Redis is stopped for 15 seconds (visitors' pages must keep answering 200, nothing
may fail), at 70% the database is stopped for 15 seconds. Prints and writes
bench/results/<date>-soak.json with: status codes during the outages (503 with Retry-After
expected, never 500), time to recover, acknowledged writes lost, counters against the tables,
and worker memory at the end against minute 2 (or 20% of a shorter run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import psycopg

from bench import dataset, endorse_load
from bench.browser import Browser
from bench.server import Gunicorn, server_environment

PG_PORT = int(os.environ.get("SOAK_PG_PORT", "55432"))
REDIS_PORT = int(os.environ.get("SOAK_REDIS_PORT", "56379"))
APP_PORT = int(os.environ.get("SOAK_APP_PORT", "8760"))
READS = ["/", "/manifest/bewoners-leidend", "/ervaringen", "/gemeente/utrecht", "/api/v1/pillars", "/healthz"]
COMMENT_OK = "Bedankt"


class Postgres:
    """A throw-away cluster run as the postgres user (initdb refuses root)."""

    def __init__(self, root: Path, port: int) -> None:
        self.dir, self.port = root / "pg", port
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *argv: str) -> None:
        command = [shutil.which(argv[0]) or argv[0], *argv[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def init(self) -> None:
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        if self.user:
            shutil.chown(self.dir.parent, self.user)
        self._run("initdb", "-D", str(self.dir), "-U", "postgres", "-A", "trust", "--no-sync")

    def ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir.parent} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run("pg_ctl", "-D", str(self.dir), "-o", options, "-l", str(self.dir.parent / "pg.log"),
                  "-m", "fast", "-w", action)  # fmt: skip

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


class Redis:
    """A throw-away redis-server without persistence; stopping it loses what it held, as a crash would."""

    def __init__(self, root: Path, port: int) -> None:
        self.dir, self.port = root / "redis", port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server kwam niet op")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def url(self, number: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"


class Traffic:
    """Everyone hitting the site at once; every answer is logged with its time."""

    def __init__(self, port: int, url: str, readers: int = 3, endorsers: int = 6, commenters: int = 2) -> None:
        self.port, self.url, self.stop = port, url, threading.Event()
        self.log: list[tuple[float, str, int, bool]] = []  # time, kind, status, has Retry-After
        self.lock = threading.Lock()
        self.people = endorse_load.people_for(url, endorsers, 40, [port])
        self.commenters = endorse_load.people_for(url, commenters, 60, [port])
        self.comments_acknowledged: list[str] = []
        self.readers = readers

    def _note(self, kind: str, status: int, headers: dict) -> None:
        with self.lock:
            self.log.append((time.monotonic(), kind, status, "retry-after" in headers))

    def _read(self, n: int) -> None:
        browser, rng = Browser("127.0.0.1", self.port, timeout=20), random.Random(n)
        while not self.stop.is_set():
            try:
                answer = browser.get(rng.choice(READS))
                self._note("read", answer.status, answer.headers)
            except OSError:
                self._note("read", 0, {})
                time.sleep(0.2)

    def _endorse(self, person: endorse_load.Person) -> None:
        while not self.stop.is_set():
            try:
                answer, _outcome = endorse_load.attempt(person)
                self._note("endorse", answer.status, answer.headers)
            except OSError:
                self._note("endorse", 0, {})
                time.sleep(0.2)
            time.sleep(0.05)

    def _comment(self, person: endorse_load.Person) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            body = f"Soak-reactie {person.user_id}-{n}: in onze wijk gaat dit goed."
            flashed = len(person.browser.flashes())
            try:
                answer = person.browser.post(
                    "/manifest/bewoners-leidend/reacties", {"csrf_token": person.token, "body": body, "point": ""}
                )
            except OSError:
                self._note("comment", 0, {})
                continue
            self._note("comment", answer.status, answer.headers)
            if answer.status == 302 and any(m.startswith(COMMENT_OK) for m in person.browser.flashes()[flashed:]):
                self.comments_acknowledged.append(body)
            if n % 20 == 0:
                person.browser.get("/over")
            time.sleep(1.0)

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._read, args=(n,)) for n in range(self.readers)]
        threads += [threading.Thread(target=self._endorse, args=(p,)) for p in self.people]
        threads += [threading.Thread(target=self._comment, args=(p,)) for p in self.commenters]
        for thread in threads:
            thread.start()
        return threads


def counters_equal_tables(url: str) -> bool:
    with psycopg.connect(url) as connection:
        drift = connection.execute(
            """
            SELECT count(*) FROM (
              SELECT e.pillar_id, u.perspective, u.municipality_id, count(*) AS n
              FROM endorsements e JOIN users u ON u.id = e.user_id WHERE u.blocked_at IS NULL
              GROUP BY 1, 2, 3
            ) t FULL JOIN (
              SELECT pillar_id, perspective, municipality_id, sum(count) AS n FROM endorsement_counters
              GROUP BY 1, 2, 3 HAVING sum(count) <> 0
            ) c USING (pillar_id, perspective, municipality_id)
            WHERE t.n IS DISTINCT FROM c.n
            """
        ).fetchone()[0]
    return drift == 0


def comments_lost(url: str, bodies: list[str]) -> int:
    with psycopg.connect(url) as connection:
        found = {row[0] for row in connection.execute("SELECT body FROM comments WHERE body LIKE 'Soak-reactie %'")}
    return sum(1 for body in bodies if body not in found)


def summarise(log, outages: list[tuple[str, float, float]], finished: float, grace: float = 2.0) -> dict:
    """Per outage: what people got while it lasted, how soon things worked again, and after that."""
    log = sorted(log)
    ends = [start for _, start, _ in outages[1:]] + [finished]
    per_outage = []
    for (kind, start, end), until in zip(outages, ends, strict=True):
        during = Counter(_label(status, retry) for t, _, status, retry in log if start <= t <= end + grace)
        first_ok = next((t for t, _, status, _ in log if t > end and status in (200, 302)), None)
        after = Counter(_label(status, retry) for t, _, status, retry in log if end + 10 <= t <= until)
        per_outage.append(
            {
                "what": kind,
                "seconds": round(end - start, 1),
                "during": dict(during),
                "reads_during": dict(
                    Counter(str(status) for t, what, status, _ in log if what == "read" and start <= t <= end)
                ),
                "seconds_to_first_success": round(first_ok - end, 2) if first_ok else None,
                "from_10_s_after_to_next_outage": dict(after),
            }
        )
    return {
        "outages": per_outage,
        "server_errors_500_total": sum(1 for entry in log if entry[2] == 500),
        "requests_total": len(log),
    }


def _label(status: int, retry_after: bool) -> str:
    return f"{status} with Retry-After" if retry_after and status >= 500 else str(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--scale", type=float, default=0.01)
    args = parser.parse_args(argv)
    total = args.minutes * 60
    root = Path(tempfile.mkdtemp(prefix="wijkstem-soak-"))
    pg = Postgres(root, PG_PORT)
    pg.init()
    pg.ctl("start")
    cache = Redis(root, REDIS_PORT)
    cache.start()
    server = None
    try:
        url = f"postgresql://postgres@127.0.0.1:{PG_PORT}/bench_soak"
        dataset.prepare("postgresql", url, args.scale, reuse=False, admin_url=pg.admin_url)
        # Page cache and rate limits in our own Redis, which the soak stops for 15 s.
        server = Gunicorn(APP_PORT, server_environment(url, cache.url(0), CACHE_REDIS_URL=cache.url(1)))
        server.start(root / "gunicorn.log")
        traffic = Traffic(APP_PORT, url)
        started = time.monotonic()
        threads, outages, rss = traffic.start(), [], {}
        plan = [(0.2, "rss"), (0.4, "restart"), (0.55, "redis"), (0.7, "stop")]
        for at, step in plan:
            time.sleep(max(0.0, started + at * total - time.monotonic()))
            if step == "rss":
                rss["minute_2"] = sum(server.rss_kb().values())
            elif step == "restart":
                begin = time.monotonic()
                pg.ctl("restart")
                outages.append(("restart", begin, time.monotonic()))
            elif step == "redis":
                begin = time.monotonic()
                cache.stop()
                time.sleep(15)
                cache.start()
                outages.append(("redis stopped 15 s", begin, time.monotonic()))
            else:
                begin = time.monotonic()
                pg.ctl("stop")
                time.sleep(15)
                pg.ctl("start")
                outages.append(("stopped 15 s", begin, time.monotonic()))
            print(f"{time.monotonic() - started:6.0f} s  {step}", flush=True)
        time.sleep(max(0.0, started + total - time.monotonic()))
        rss["end"] = sum(server.rss_kb().values())
        traffic.stop.set()
        for thread in threads:
            thread.join()
        endorse = endorse_load.check(url, traffic.people)
        report = {
            "date": date.today().isoformat(),
            "command": f"make soak ARGS='--minutes {args.minutes} --scale {args.scale}'",
            "minutes": args.minutes,
            **summarise(traffic.log, outages, time.monotonic()),
            "endorse": endorse,
            "comments_acknowledged": len(traffic.comments_acknowledged),
            "comments_lost": comments_lost(url, traffic.comments_acknowledged),
            "counters_equal_tables": counters_equal_tables(url),
            "rss_kb_all_workers": rss,
            "rss_end_within_10_percent": abs(rss["end"] - rss["minute_2"]) <= 0.1 * rss["minute_2"],
        }
        report["passed"] = bool(
            report["server_errors_500_total"] == 0
            and all(o["seconds_to_first_success"] is not None for o in report["outages"])
            and not any(k == "503" for o in report["outages"] for k in o["during"])
            # Without Redis nothing fails: every read a visitor makes is answered.
            and all(
                set(o["reads_during"]) <= {"200"} and o["reads_during"]
                for o in report["outages"]
                if o["what"].startswith("redis")
            )
            and endorse["lost"] == 0
            and endorse["doubled"] == 0
            and report["comments_lost"] == 0
            and report["counters_equal_tables"]
            and report["rss_end_within_10_percent"]
        )
        out = dataset.ROOT / "bench" / "results" / f"{report['date']}-soak.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n")
        print(json.dumps(report, indent=2))
        return 0 if report["passed"] else 1
    finally:
        if server:
            server.stop()
        cache.stop()
        try:
            pg.ctl("stop")
        except subprocess.CalledProcessError:
            pass
        if os.environ.get("SOAK_KEEP_LOG"):  # e.g. to read the tracebacks behind a 500 afterwards
            shutil.copy(root / "gunicorn.log", os.environ["SOAK_KEEP_LOG"])
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn (finally:) when stopped
    raise SystemExit(main())
