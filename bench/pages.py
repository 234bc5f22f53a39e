"""`make bench`: how fast the main pages render and how much memory the app uses.

Speed and memory goals live here, not in the test suite. Builds a throw-away SQLite database
(or uses DATABASE_URL), fills it with a realistic amount of data, then times each page with the
Flask test client. Prints median and 95th percentile per page and the peak resident memory.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestConfig  # noqa: E402
from wijkstem import create_app  # noqa: E402
from wijkstem.extensions import db  # noqa: E402
from wijkstem.services.content.content import load_municipalities, seed_content  # noqa: E402

GOALS_MS = {"default": 50, "/manifest/bewoners-leidend": 80}  # p95 per page, 2-core machine
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def fill(app) -> None:
    """Hook for capabilities to add bulk data (users, endorsements, comments ...)."""
    from bench import fixtures

    fixtures.fill(app)


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="wijkstem-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_content()
        load_municipalities()
        fill(app)
    client = app.test_client()
    from bench.fixtures import PAGES

    failed = False
    print(f"{'page':55} {'p50 ms':>8} {'p95 ms':>8} {'goal':>6}")
    for path in PAGES:
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        p50 = statistics.median(timings)
        p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
        goal = GOALS_MS.get(path, GOALS_MS["default"])
        mark = "" if p95 <= goal else "  TOO SLOW"
        failed |= p95 > goal
        print(f"{path:55} {p50:8.1f} {p95:8.1f} {goal:6}{mark}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB (goal: 300 MB)")
    failed |= peak_mb > 300
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
