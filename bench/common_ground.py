"""The common-ground job on the bench data set plus many answers: wall time and peak memory.

    .venv/bin/python -m bench.common_ground --db postgresql|sqlite [--scale 1] [--votes 2000000]

Works on a copy of the bench database (`<name>_votes`, or a copy of the SQLite file), so the data set
of `make bench` stays as it was. Makes every point and visible top-level comment a statement, adds
`--votes` answers (default 2,000,000 × scale) from random people to random statements with random
choices (one per person and statement; duplicates drawn twice are dropped, so a few less go in), rebuilds
the answer counters (`recount_votes`, timed too) and then runs `flask wijkstem common-ground` in its own
process: its wall time and peak RSS (ru_maxrss of that process) are the figures (issue 21: < 60 s,
< 300 MB on the full data set). Writes bench/results/<date>-common-ground-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time
from datetime import date
from pathlib import Path

import psycopg

from bench import dataset
from bench.endorse_load import _connect
from bench.server import ROOT, VENV_BIN

STATEMENTS = """
INSERT INTO statements (pillar_id, point_id, created_at)
SELECT pillar_id, id, CURRENT_TIMESTAMP FROM points WHERE id NOT IN (SELECT point_id FROM statements
  WHERE point_id IS NOT NULL);
INSERT INTO statements (pillar_id, comment_id, created_at)
SELECT subject_id, id, created_at FROM comments
WHERE subject_type = 'pillar' AND parent_id IS NULL AND deleted_at IS NULL AND hidden_at IS NULL
  AND id NOT IN (SELECT comment_id FROM statements WHERE comment_id IS NOT NULL);
"""

# Random (person, statement, choice) triples on PostgreSQL; {series} makes the numbers 1..n.
VOTES = """
INSERT INTO statement_votes (statement_id, user_id, choice, created_at, counted_perspective,
                             counted_municipality_id)
SELECT s.id, u.id, CASE WHEN r.c < 0.5 THEN 'agree' WHEN r.c < 0.8 THEN 'disagree' ELSE 'pass' END,
       CURRENT_TIMESTAMP, CASE WHEN u.blocked_at IS NULL THEN u.perspective END,
       CASE WHEN u.blocked_at IS NULL THEN u.municipality_id END
FROM (SELECT CAST({lo_user} + random() * ({hi_user} - {lo_user}) AS INTEGER) AS user_id,
             CAST({lo_statement} + random() * ({hi_statement} - {lo_statement}) AS INTEGER) AS statement_id,
             random() AS c
      FROM {series}) AS r
JOIN users u ON u.id = r.user_id
JOIN statements s ON s.id = r.statement_id
ON CONFLICT (statement_id, user_id) DO NOTHING
"""

JOB = """
import json, resource, time
from wijkstem import create_app
app = create_app()
with app.app_context():
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["wijkstem", "{command}"])
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({{"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                      "cpu_seconds_of_process": round(usage.ru_utime + usage.ru_stime, 1),
                      "output": result.output.strip()}}))
"""


def copy_database(kind: str, url: str) -> str:
    if kind == "sqlite":
        source = Path(url.removeprefix("sqlite:///"))
        target = source.with_name(source.stem + "_votes.db")
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        import sqlite3

        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"sqlite:///{target}"
    name = url.rsplit("/", 1)[1] + "_votes"
    with psycopg.connect(dataset.PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{url.rsplit("/", 1)[1]}"')
    return url.rsplit("/", 1)[0] + "/" + name


def drop_copy(kind: str, url: str) -> None:
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    with psycopg.connect(dataset.PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def add_votes(kind: str, url: str, votes: int) -> dict:
    """Statements for every point and visible top-level comment, then `votes` random answers."""
    started = time.perf_counter()
    if kind == "sqlite":
        _add_votes_sqlite(url.removeprefix("sqlite:///"), votes)
    else:
        with psycopg.connect(url) as connection:
            for statement in STATEMENTS.split(";"):
                if statement.strip():
                    connection.execute(statement)
            lo_user, hi_user = connection.execute("SELECT min(id), max(id) FROM users").fetchone()
            lo_statement, hi_statement = connection.execute("SELECT min(id), max(id) FROM statements").fetchone()
            connection.execute(
                VOTES.format(
                    series=f"generate_series(1, {votes})",
                    lo_user=lo_user,
                    hi_user=hi_user,
                    lo_statement=lo_statement,
                    hi_statement=hi_statement,
                )
            )
    with _connect(url) as connection:
        counted = connection.execute(
            "SELECT count(*), (SELECT count(*) FROM statements) FROM statement_votes"
        ).fetchone()
    if kind == "postgresql":
        with psycopg.connect(url, autocommit=True) as maintenance:
            maintenance.execute("VACUUM ANALYZE")
    return {"seconds": round(time.perf_counter() - started, 1), "votes": counted[0], "statements": counted[1]}


def _add_votes_sqlite(path: str, votes: int) -> None:
    """SQLite: the same random answers drawn in Python (its INSERT ... SELECT with random() in a
    recursive series inserted one row), written in batches."""
    import random
    import sqlite3

    with sqlite3.connect(path) as connection:
        for statement in STATEMENTS.split(";"):
            if statement.strip():
                connection.execute(statement)
        users = connection.execute("SELECT id, perspective, municipality_id, blocked_at IS NULL FROM users").fetchall()
        statement_ids = [row[0] for row in connection.execute("SELECT id FROM statements")]
        draw = random.Random(21)
        for start in range(0, votes, 50_000):
            rows = []
            for _ in range(min(50_000, votes - start)):
                user_id, perspective, municipality_id, counted = draw.choice(users)
                c = draw.random()
                choice = "agree" if c < 0.5 else "disagree" if c < 0.8 else "pass"
                rows.append(
                    (
                        draw.choice(statement_ids),
                        user_id,
                        choice,
                        perspective if counted else None,
                        municipality_id if counted else None,
                    )
                )
            connection.executemany(
                "INSERT INTO statement_votes (statement_id, user_id, choice, created_at, counted_perspective, "
                "counted_municipality_id) VALUES (?, ?, ?, CURRENT_TIMESTAMP, ?, ?) "
                "ON CONFLICT (statement_id, user_id) DO NOTHING",
                rows,
            )


def run_in_process(url: str, command: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, WIJKSTEM_ENV="development", SECRET_KEY="bench")
    done = subprocess.run(
        [str(VENV_BIN / "python"), "-c", JOB.format(command=command)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    return figures


def measure(kind: str, url: str, votes: int, keep: bool = False) -> dict:
    """Answers added to a copy of the bench database, the counters rebuilt, the job run twice."""
    copy = copy_database(kind, url)
    try:
        added = add_votes(kind, copy, votes)
        print(json.dumps({"added": added}), flush=True)
        recount = run_in_process(copy, "recount")
        print(json.dumps({"recount": recount}), flush=True)
        job = run_in_process(copy, "common-ground")
        print(json.dumps({"common_ground": job}), flush=True)
        again = run_in_process(copy, "common-ground")  # a second run: the same work, rows upserted
    finally:
        if not keep:
            drop_copy(kind, copy)
    return {
        "answers": added,
        "recount": recount,
        "common_ground_job": job,
        "common_ground_job_second_run": again,
        "targets": {"seconds": 60, "peak_rss_mb": 300},
        "meets_targets": job["seconds"] < 60 and job["peak_rss_mb"] < 300,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--votes", type=int, default=0, help="answers to add (default 2,000,000 × scale)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--keep", action="store_true", help="keep the copy with the answers afterwards")
    args = parser.parse_args(argv)
    url = dataset.database_url(args.db)
    dataset.prepare(args.db, url, args.scale, reuse=True)
    report = {
        "date": date.today().isoformat(),
        "command": f"python -m bench.common_ground {' '.join(argv if argv is not None else [])}".strip(),
        "database": args.db,
        "scale": args.scale,
        "data_set": dataset.sizes(url),
        **measure(args.db, url, args.votes or round(2_000_000 * args.scale), args.keep),
        "bench_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    out = Path(args.output) / f"{report['date']}-common-ground-{args.db}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    print(f"geschreven: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
