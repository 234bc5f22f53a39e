"""The similar-experiences check in the request path: the first check after an approval, on a database.

    .venv/bin/python -m bench.similar_after_approval [--size 20000] [--approvals 20]

Fills a throw-away SQLite database with `size` approved experiences (the stories of
bench/similar_experiences.py), builds the index once, then approves one experience at a time and times the
next check (catching up with the approval, then the query), as a resident's "Versturen" would run it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from bench.similar_experiences import story
from config import TestConfig
from wijkstem import create_app
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Experience, Municipality
from wijkstem.services.content.content import load_municipalities, seed_content
from wijkstem.services.experiences import similar_experiences as similar


def _row(rng: random.Random, places: list[int], approved: bool = True) -> dict:
    title, text = story(rng)
    now = utcnow()
    return {
        "author_perspective": "resident",
        "title": title[:120],
        "slug": "ervaring",
        "story": text,
        "municipality_id": rng.choice(places),
        "kind": "goes-well",
        "status": "approved" if approved else "pending",
        "created_at": now,
        "updated_at": now,
        "approved_at": now if approved else None,
    }


def run(size: int, approvals: int, seed: int) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(folder) / 'bench.db'}")
        with app.app_context():
            db.create_all()
            seed_content()
            load_municipalities()
            places = list(db.session.scalars(select(Municipality.id)))
            for start in range(0, size, 2000):
                db.session.execute(insert(Experience), [_row(rng, places) for _ in range(min(2000, size - start))])
            db.session.commit()
            with app.test_request_context():
                started = time.perf_counter()
                similar.similar_experiences("Een buurtkamer", "Koffie in de buurtkamer op dinsdag.", places[0])
                first_build = time.perf_counter() - started
                after_approval, query_only = [], []
                for _ in range(approvals):
                    row = _row(rng, places)
                    db.session.execute(insert(Experience), [row])
                    db.session.commit()
                    started = time.perf_counter()
                    similar.similar_experiences(row["title"], row["story"], row["municipality_id"])
                    after_approval.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    similar.similar_experiences(row["title"], row["story"], row["municipality_id"])
                    query_only.append(time.perf_counter() - started)
            db.session.remove()
            db.engine.dispose()
    after_approval.sort()
    query_only.sort()
    return {
        "size": size,
        "first_build_seconds (once per process; above 3,000 in a background thread)": round(first_build, 1),
        "first_check_after_an_approval_ms_median": round(statistics.median(after_approval) * 1000, 1),
        "first_check_after_an_approval_ms_max": round(after_approval[-1] * 1000, 1),
        "next_check_ms_median": round(statistics.median(query_only) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--approvals", type=int, default=20)
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    # The bench times the build itself, so it builds inline whatever the size.
    similar.INLINE_BUILD_LIMIT = 10**9
    for key, value in run(args.size, args.approvals, args.seed).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
