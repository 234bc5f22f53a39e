"""Which gunicorn worker class and count: the same routes under several settings, alternated.

    .venv/bin/python -m bench.workers --db postgresql [--settings sync:2,gthread:2x8,gthread:4x4]
        [--duration 3] [--connections 32] [--rounds 2]

Uses the data set `make bench` made (run it once, or this script makes it at --scale). For each round
and each setting, starts wijkstem and the bare-Flask hello app under that setting and measures the
hello app, /healthz, the visitor pillar page and the endorse/withdraw POST one after the other, so
noise from the other users of the machine falls on every setting alike. Prints a table of medians
and writes bench/results/<date>-workers-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from bench import dataset, endorse_load
from bench.run import PILLAR, RESULTS, wrk
from bench.server import HELLO_APP, ROOT, Gunicorn, server_environment

PORT = int(__import__("os").environ.get("BENCH_PORT", "8740")) + 5


def parse(setting: str) -> tuple[str, int, int]:
    kind, _, size = setting.partition(":")
    workers, _, threads = size.partition("x")
    return kind, int(workers), int(threads or 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--settings", default="sync:2,sync:4,gthread:2x8,gthread:4x4")
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument(
        "--code", default="", help="comma-separated checkouts to compare (e.g. an export of main); default: this one"
    )
    args = parser.parse_args(argv)
    url = dataset.database_url(args.db)
    dataset.prepare(args.db, url, args.scale, reuse=True)
    env = server_environment(url, dataset.REDIS_URL)
    people = endorse_load.people_for(url, args.connections, 2, [PORT])
    figures: dict[str, dict[str, list[dict]]] = {}
    log = Path(args.output) / "gunicorn.log"
    codes = [Path(c).resolve() for c in args.code.split(",") if c] or [ROOT]
    variants = [(setting, code) for setting in args.settings.split(",") for code in codes]
    for _round in range(args.rounds):
        for setting, code in variants:
            kind, workers, threads = parse(setting)
            hello = Gunicorn(PORT + 1, env, workers=workers, worker_class=kind, threads=threads, app=HELLO_APP)
            app = Gunicorn(PORT, env, workers=workers, worker_class=kind, threads=threads, code=code)
            if len(codes) > 1:
                setting = f"{setting} {code.name}"
            try:
                hello.start(log)
                app.start(log)
                for path in ("/healthz", PILLAR):  # warm every worker
                    for _ in range(4 * workers):
                        wrk(PORT, path, 1, 1)
                        break
                got = figures.setdefault(setting, {})
                got.setdefault("hello", []).append(wrk(PORT + 1, "/", args.connections, args.duration))
                got.setdefault("/healthz", []).append(wrk(PORT, "/healthz", args.connections, args.duration))
                got.setdefault(PILLAR, []).append(wrk(PORT, PILLAR, args.connections, args.duration))
                result = endorse_load.run(people, args.duration)
                check = endorse_load.check(url, people)
                right = check["lost"] == 0 and check["doubled"] == 0 and check["counters_equal_table"]
                got.setdefault("endorse POST", []).append({**result.summary(), "check_ok": right})
                print(setting, json.dumps({k: v[-1] for k, v in got.items()}), flush=True)
            finally:
                app.stop()
                hello.stop()
            time.sleep(1)
    table = {
        setting: {
            route: {
                "rps_median": statistics.median(r["rps"] for r in runs),
                "p99_ms_median": statistics.median(r["p99_ms"] for r in runs),
                "errors": sum(r["errors"] for r in runs),
                **({"checks_ok": all(r["check_ok"] for r in runs)} if "check_ok" in runs[0] else {}),
            }
            for route, runs in got.items()
        }
        for setting, got in figures.items()
    }
    print(f"\n| setting | {' | '.join(next(iter(table.values())))} |")
    for setting, routes in table.items():
        cells = " | ".join(f"{r['rps_median']}/s, p99 {r['p99_ms_median']} ms" for r in routes.values())
        print(f"| {setting} | {cells} |")
    out = Path(args.output) / f"{date.today().isoformat()}-workers-{args.db}.json"
    out.write_text(
        json.dumps(
            {"command": f"python -m bench.workers {' '.join(argv or [])}", "runs": figures, "medians": table}, indent=2
        )
        + "\n"
    )
    print(f"geschreven: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
