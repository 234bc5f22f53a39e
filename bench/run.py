"""`make bench`: throughput and latency of the main routes under gunicorn, driven by wrk.

    .venv/bin/python -m bench.run --db sqlite|postgresql [--scale 1] [--duration 10]
        [--connections 1,32,128] [--routes all|/,/gemeenten,...] [--reuse-data] [--instances 1|2]

Generates the data set (services.content.demo_data; --reuse-data keeps one made before with the same
scale), serves the app with gunicorn in production mode (gunicorn.conf.py; worker class, count and threads as
measured best on 2 cores, see docs/benchmarks.md), beside a bare-Flask hello app under the same
settings (bench/hello.py), and for every route and number of connections runs wrk on /healthz, on the
hello app and then on the route, so each route's throughput is compared with both runs right before
it (ratio_to_healthz, ratio_to_hello). The endorse POST is driven by
bench/endorse_load.py with logged-in sessions and CSRF tokens. Writes
bench/results/<date>-<db>.json and .md, and prints the slowest SQL statement per page with its plan.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from bench import common_ground, dataset, endorse_load, statements, vote_load
from bench.browser import Browser
from bench.server import HELLO_APP, ROOT, THREADS, WORKER_CLASS, WORKERS, Gunicorn, server_environment
from wijkstem.services.content.demo_data import DEMO_DOMAIN, DEMO_PASSWORD

RESULTS = ROOT / "bench" / "results"
PILLAR = "/manifest/bewoners-leidend"
LOGGED_IN = f"{PILLAR} (logged in)"
ENDORSE = f"POST {PILLAR}/steunen"
VOTE = f"POST {PILLAR}/stellingen"
POSTS = (ENDORSE, VOTE)
HELLO = "bare Flask hello (same gunicorn settings)"
ROUTES = [
    HELLO,
    "/healthz",
    "/",
    PILLAR,
    LOGGED_IN,
    "/api/v1/pillars",
    "/ervaringen",
    "/ervaringen?q=buurtkamer",
    "/gemeente/utrecht",
    "/gemeenten",
    f"{PILLAR}/steunbetuigingen",
    "/delen/afbeelding/pijler/bewoners-leidend.png",
    ENDORSE,
    VOTE,
    "/gemeente/utrecht/samenvatting.pdf",
]
STEPS = ("users", "endorsements", "comments", "experiences", "recount")
PORT = int(os.environ.get("BENCH_PORT", "8740"))


def wrk(port: int, path: str, connections: int, seconds: float, cookie: str = "") -> dict:
    threads = min(2, connections)
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
         "-s", str(ROOT / "bench" / "wrk" / "report.lua"), f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, env=dict(os.environ, BENCH_COOKIE=cookie), check=True,
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH "))
    raw = json.loads(line.removeprefix("BENCH "))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "errors": errors,
    }


def warm_up(port: int, path: str, workers: int, cookie: str = "") -> None:
    """A few requests per worker first, so a run measures the steady state, not the first render of each
    worker (templates compiled, SQL statements cached): with 5-second runs that cold start was the p99."""
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(3 * workers):
        try:
            with urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers), timeout=60
            ) as answer:
                answer.read()
        except OSError:
            return


def row(route: str, connections: int, figures: dict, healthz_rps: float, hello_rps: float = 0.0) -> dict:
    ratio = round(figures["rps"] / healthz_rps, 3) if healthz_rps else None
    to_hello = round(figures["rps"] / hello_rps, 3) if hello_rps else None
    return {
        "route": route,
        "concurrency": connections,
        **figures,
        "ratio_to_healthz": ratio,
        "ratio_to_hello": to_hello,
    }


def session_cookie(port: int, user_id: int) -> str:
    browser = Browser("127.0.0.1", port)
    browser.log_in(f"deelnemer{user_id}@{DEMO_DOMAIN}", DEMO_PASSWORD)
    return "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def measure(
    servers: list[Gunicorn],
    url: str,
    routes: list[str],
    connections: list[int],
    seconds: float,
    first: int = 2,
    hello: Gunicorn | None = None,
) -> dict:
    port = servers[0].port
    cookie = session_cookie(port, 1)
    rows, healthz, hellos, endorse_checks = [], {}, {}, []
    # Logged in before the clock starts (a login checks a slow password hash), reused at every count.
    ports = [s.port for s in servers]
    people = endorse_load.people_for(url, max(connections), first, ports) if ENDORSE in routes else []
    # the voters are other people than the endorsers, so neither run changes what the other checks
    voters = vote_load.voters_for(url, max(connections), first + 500, ports) if VOTE in routes else []
    vote_checks = []
    for count in connections:
        for route in routes:
            if route in ("/healthz", HELLO):
                continue
            for server in servers:  # requests wrk gave up on may still keep the workers busy
                try:
                    server.wait_until_up(120)
                except RuntimeError:  # e.g. 128 queued PDFs: start afresh rather than wait for them
                    server.stop()
                    server.start(server.log)
            if route not in POSTS:  # each worker renders the page once before the clock starts
                path = route.removesuffix(" (logged in)")
                warm_up(port, path, len(servers) * WORKERS, cookie if route == LOGGED_IN else "")
            base = wrk(port, "/healthz", count, seconds)
            healthz.setdefault(count, []).append(base)
            # the bare-Flask ceiling under the same gunicorn settings, right before the route too
            ceiling = wrk(hello.port, "/", count, seconds) if hello else {"rps": 0.0}
            if hello:
                hellos.setdefault(count, []).append(ceiling)
            for server in servers:
                server.rss_kb()
            if route == ENDORSE:
                result = endorse_load.run(people[:count], seconds)
                figures = result.summary()
                check = endorse_load.check(url, people)
                endorse_checks.append({"concurrency": count, "statuses": result.statuses, **check})
            elif route == VOTE:
                result = vote_load.run(voters[:count], seconds)
                figures = result.summary()
                check = vote_load.check(url, voters)
                vote_checks.append({"concurrency": count, "statuses": result.statuses, **check})
            else:
                path = route.removesuffix(" (logged in)")
                figures = wrk(port, path, count, seconds, cookie if route == LOGGED_IN else "")
                if not figures["rps"]:  # nothing finished in time: measure long enough to see a request end
                    figures = wrk(port, path, count, max(30, 4 * seconds), cookie if route == LOGGED_IN else "")
            rows.append(row(route, count, figures, base["rps"], ceiling["rps"]))
            print(json.dumps(rows[-1]), flush=True)
        if healthz.get(count):
            runs = sorted(healthz[count], key=lambda figures: figures["rps"])
            median = runs[len(runs) // 2]
            ceilings = sorted(hellos.get(count, []), key=lambda figures: figures["rps"])
            hello_median = ceilings[len(ceilings) // 2] if ceilings else {"rps": 0.0}
            rows.append(row("/healthz", count, median, median["rps"], hello_median["rps"]))
            if ceilings:
                rows.append(row(HELLO, count, hello_median, median["rps"], hello_median["rps"]))
    return {"routes": rows, "endorse_check": endorse_checks, "vote_check": vote_checks}


def markdown(report: dict) -> str:
    steps = report["generation_seconds"]
    lines = [
        f"# Bench {report['date']} on {report['database']}",
        "",
        f"Command: `{report['command']}`",
        "",
        f"Data set: {', '.join(f'{k} {v:,}' for k, v in report['data_set'].items())}.",
        f"Generation: {steps.get('total', 0):.0f} s wall, {steps.get('cpu', 0):.0f} s CPU "
        f"({', '.join(f'{k} {steps[k]:.0f} s' for k in STEPS if k in steps)}). {report.get('generation_note', '')}",
        f"`flask wijkstem recount`: {report['recount']['seconds']} s, peak {report['recount']['peak_rss_mb']} MB "
        f"(load average {report['recount'].get('cpu_load_1min', '?')} on this 2-core machine).",
        f"gunicorn: {report['gunicorn']['workers']} {report['gunicorn']['worker_class']} workers "
        f"× {report['gunicorn'].get('threads', 1)} threads (gunicorn.conf.py), "
        f"{report['instances']} instance(s); peak RSS per worker (MB): {report['peak_rss_mb_per_worker']}.",
        "",
        "| route | connections | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to /healthz | ratio to bare Flask |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(report["routes"], key=lambda r: (r["concurrency"], ROUTES.index(r["route"]))):
        lines.append(
            f"| `{r['route']}` | {r['concurrency']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
            f"| {r['errors']} | {r['ratio_to_healthz']} | {r.get('ratio_to_hello')} |"
        )
    lines += ["", "Endorse POST check (after each run):", ""]
    lines += [f"- {json.dumps(check)}" for check in report["endorse_check"]]
    lines += ["", "Answer (vote) POST check (after each run):", ""]
    lines += [f"- {json.dumps(check)}" for check in report.get("vote_check", [])]
    if report.get("scale_out"):
        lines += ["", "Two instances on one PostgreSQL and Redis:", "", "```json"]
        lines += [json.dumps(report["scale_out"], indent=2), "```"]
    if report.get("common_ground"):
        job, answers = report["common_ground"], report["common_ground"]["answers"]
        first, second = job["common_ground_job"], job["common_ground_job_second_run"]
        lines += [
            "",
            f"Common-ground job (`flask wijkstem common-ground`) on this data set plus {answers['votes']:,} answers "
            f"to {answers['statements']:,} statements: {first['seconds']} s, peak RSS {first['peak_rss_mb']} MB "
            f"(second run {second['seconds']} s; load average {first['load_average_1min']}); targets on the full "
            f"data set with 2,000,000 answers < 60 s, < 300 MB: {'met' if job['meets_targets'] else 'NOT met'} "
            "at this size. Answer counters rebuilt by `recount` in "
            f"{job['recount']['seconds']} s.",
        ]
    lines += ["", "Slowest statement per page:", ""]
    for page in report["slowest_statements"]:
        lines += [f"## `{page['route']}` — {page['ms']} ms", "", "```sql", page["statement"], "```", "", "```"]
        lines += [page["plan"], "```", ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per route and connection count")
    parser.add_argument("--connections", default="1,32,128")
    parser.add_argument("--routes", default="all", help="comma-separated paths from the list, or all")
    parser.add_argument("--reuse-data", action="store_true")
    parser.add_argument("--instances", type=int, default=1, choices=(1, 2))
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--first-person", type=int, default=2, help="demo user id of the first endorser")
    parser.add_argument("--votes", type=int, default=-1, help="answers for the common-ground job (2,000,000 × scale)")
    parser.add_argument("--skip-common-ground", action="store_true", help="leave out the common-ground job")
    parser.add_argument("--worker-class", default=WORKER_CLASS, choices=("gthread", "sync"))
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS, help="per worker (gthread)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk ontbreekt: make bench installeert het (apt-get install wrk)")
    if args.instances > 1 and args.db != "postgresql":
        raise SystemExit("--instances 2 deelt één PostgreSQL en Redis: gebruik --db postgresql")
    routes = ROUTES if args.routes == "all" else [r.strip() for r in args.routes.split(",")]
    unknown = [r for r in routes if r not in ROUTES]
    if unknown:
        raise SystemExit(f"onbekende routes {unknown}; kies uit {ROUTES}")
    url = dataset.database_url(args.db)
    info = dataset.prepare(args.db, url, args.scale, args.reuse_data)
    # Several instances share the visitor page cache in Redis, as several app servers would.
    shared = {"CACHE_REDIS_URL": dataset.REDIS_URL} if args.instances > 1 else {}
    env = server_environment(url, dataset.REDIS_URL, **shared)
    settings = {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads}
    servers = [Gunicorn(PORT + n, env, **settings) for n in range(args.instances)]
    hello = Gunicorn(PORT + 3, env, app=HELLO_APP, **settings)
    log = Path(args.output) / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        for server in servers:
            server.start(log)
        hello.start(log)
        if args.instances > 1:
            from bench import scale_out

            scale_out_report = scale_out.check(servers, url, args.first_person + 1000)
            print(json.dumps(scale_out_report, indent=2), flush=True)
        else:
            scale_out_report = None
        connections = [int(c) for c in args.connections.split(",")]
        measured = measure(servers, url, routes, connections, args.duration, args.first_person, hello)
        rss = [mb for server in servers for mb in server.peak_rss_mb()]
    finally:
        for server in [*servers, hello]:
            server.stop()
    job = None
    if not args.skip_common_ground:
        job = common_ground.measure(args.db, url, args.votes if args.votes >= 0 else round(2_000_000 * args.scale))
    slowest = statements.slowest_per_page(url, [r for r in routes if r not in ("/healthz", HELLO, *POSTS)])
    report = {
        "date": date.today().isoformat(),
        "command": "make bench ARGS=" + shlex.quote(" ".join(argv if argv is not None else sys.argv[1:])),
        "database": args.db,
        "instances": args.instances,
        "data_set": dataset.sizes(url),
        "scale": args.scale,
        "generation_seconds": info["generation_seconds"],
        "generation_note": info.get("generation_note", ""),
        "recount": info["recount"],
        "gunicorn": servers[0].settings,
        "peak_rss_mb_per_worker": rss,
        "duration_s": args.duration,
        **measured,
        "scale_out": scale_out_report,
        "common_ground": job,
        "slowest_statements": slowest,
    }
    suffix = f"{args.db}-{args.instances}x" if args.instances > 1 else args.db
    out = Path(args.output) / f"{report['date']}-{suffix}"
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    print(f"geschreven: {out}.json en .md")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn (finally:) when stopped
    started = time.monotonic()
    code = main()
    print(f"bench klaar in {time.monotonic() - started:.0f} s")
    raise SystemExit(code)
