"""The bench's databases: made with the migrations (as in production), filled by services.content.demo_data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from bench.server import ROOT, VENV_BIN

DATA_DIR = ROOT / "bench" / "data"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
# Several people (or helpers) on one PostgreSQL: each their own bench database, e.g. BENCH_PG_DB=bench_pg_write.
PG_DB = os.environ.get("BENCH_PG_DB", "bench_pg")


def database_url(kind: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{DATA_DIR / 'bench_sqlite.db'}"
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DB


def recreate(kind: str, url: str, admin_url: str = PG_ADMIN_URL) -> None:
    if kind == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    if not name.startswith("bench_"):
        raise SystemExit(f"de bench maakt alleen databases bench_*, niet {name}")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flask(url: str, *args: str) -> dict:
    """Runs `flask ...` against the database in a child process."""
    env = dict(os.environ, DATABASE_URL=url, WIJKSTEM_ENV="development", SECRET_KEY="bench")
    started = time.perf_counter()
    done = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wijkstem", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} mislukte:\n{done.stdout}\n{done.stderr}")
    return {"seconds": round(time.perf_counter() - started, 2), "output": done.stdout.strip()}


GENERATE = """
import json, resource, sys, time
from wijkstem import create_app
from wijkstem.extensions import db
from wijkstem.services.content.demo_data import FULL, generate
app = create_app()
with app.app_context():
    started = time.perf_counter()
    steps = generate(FULL.scaled(float(sys.argv[1])))
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    steps["total"] = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    steps["cpu"] = usage.ru_utime + usage.ru_stime  # against "total": how much the machine made it wait
    steps["peak_rss_mb"] = usage.ru_maxrss / 1024
    print(json.dumps({k: round(v, 2) for k, v in steps.items()}))
"""

# `flask wijkstem recount` as the command runs it, timed without the interpreter's start-up.
RECOUNT = """
import json, resource, time
from wijkstem import create_app
app = create_app()
with app.app_context():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["wijkstem", "recount"])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 1024, 1),
                      "rss_before_mb": round(before / 1024, 1), "output": result.output.strip()}))
"""


def _python(url: str, script: str, *args: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, WIJKSTEM_ENV="development", SECRET_KEY="bench")
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"mislukt:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(kind: str, url: str, scale: float, reuse: bool, admin_url: str = PG_ADMIN_URL) -> dict:
    """A database with the data set at `scale`; with reuse, kept when a complete one is there."""
    marker = DATA_DIR / f"{url.rsplit('/', 1)[1].removesuffix('.db')}.json"
    if reuse and marker.exists():
        info = json.loads(marker.read_text())
        if info.get("scale") == scale and info.get("url") == url:
            print(f"data set hergebruikt ({marker})", flush=True)
            return info
    print(f"data set maken op {kind} (scale {scale}) ...", flush=True)
    recreate(kind, url, admin_url)
    migrate = flask(url, "db", "upgrade")
    seed = flask(url, "wijkstem", "seed")
    started = time.perf_counter()
    generation = _python(url, GENERATE, str(scale))
    generation["wall"] = round(time.perf_counter() - started, 2)
    recount = _python(url, RECOUNT)
    recount["cpu_load_1min"] = os.getloadavg()[0]
    info = {
        "url": url,
        "scale": scale,
        "migrate_seconds": migrate["seconds"] + seed["seconds"],
        "generation_seconds": generation,
        "recount": recount,
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(info, indent=2))
    print(json.dumps(info, indent=2), flush=True)
    return info


def sizes(url: str) -> dict[str, int]:
    """What is really in the database (not what was asked for)."""
    tables = {
        "users": "users",
        "endorsements": "endorsements",
        "comments": "comments",
        "replies": "comments WHERE parent_id IS NOT NULL",
        "helpful_marks": "helpful_marks",
        "experiences_approved": "experiences WHERE status = 'approved'",
        "municipalities": "municipalities",
    }
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return {k: connection.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for k, v in tables.items()}  # noqa: S608
    with psycopg.connect(url) as connection:
        return {k: connection.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for k, v in tables.items()}  # noqa: S608
