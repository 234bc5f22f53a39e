"""What one request of a page costs in-process: CPU of the request thread and wall time, median of N.

For the slow tails (docs/benchmarks.md): run it on the bench data, and on two checkouts one after the
other (before / after a change) to compare on the same loaded machine.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_pg \\
      .venv/bin/python -m bench.render_cost /gemeenten /gemeente/utrecht '/ervaringen?q=buurt'
    ... --logged-in 63      # as user 63, with the shared page for logged-in readers (PAGE_CACHE_SECONDS=5)
    ... --profile           # and a cProfile of five more requests per page

Visitors' requests run with the page cache off (every request renders, as on a cache expiry);
logged-in ones with it on, as in production.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig  # noqa: E402
from wijkstem import create_app  # noqa: E402
from wijkstem.extensions import db  # noqa: E402
from wijkstem.models import User  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--logged-in", type=int, metavar="USER_ID", help="read as this user")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "sqlite:///bench/data/bench_sqlite.db")
    seconds = 5 if args.logged_in else 0
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE_SECONDS=seconds)
    client = app.test_client()
    if args.logged_in:
        with app.app_context():
            person = db.session.get(User, args.logged_in)
            identity = person.get_id() if person else None
        if identity is None:
            raise SystemExit(f"no user {args.logged_in}")
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = identity, True
    for path in args.paths:
        for _ in range(3):  # templates compiled, connections open
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{path}: {status}")
        cpu, wall = [], []
        for _ in range(args.rounds):
            started_cpu, started = time.thread_time(), time.perf_counter()
            client.get(path)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        who = "logged in" if args.logged_in else "visitor"
        print(
            f"{path:45} {who:9} CPU ms median {statistics.median(cpu):6.1f} (min {min(cpu):5.1f})"
            f"  wall ms median {statistics.median(wall):6.1f}",
            flush=True,
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(5):
                client.get(path)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
