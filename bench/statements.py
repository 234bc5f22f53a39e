"""The slowest SQL statement of each page, with the database's plan for it.

Runs the app in this process (no gunicorn), requests each page twice and times every statement of
the second request; the slowest is explained: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on
SQLite.
"""

from __future__ import annotations

import time

from sqlalchemy import event

from config import DevelopmentConfig
from wijkstem import create_app
from wijkstem.extensions import db
from wijkstem.services.content.demo_data import DEMO_DOMAIN, DEMO_PASSWORD

LOGGED_IN = " (logged in)"


def slowest_per_page(url: str, routes: list[str]) -> list[dict]:
    app = create_app(
        DevelopmentConfig,
        SQLALCHEMY_DATABASE_URI=url.replace("postgresql://", "postgresql+psycopg://", 1),
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
    )
    timings: list[tuple[float, str, object]] = []

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def started(conn, cursor, statement, parameters, context, executemany):
            conn.info.setdefault("bench_started", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def finished(conn, cursor, statement, parameters, context, executemany):
            began = conn.info["bench_started"].pop()
            timings.append((time.perf_counter() - began, statement, parameters))

        anonymous, member = app.test_client(), app.test_client()
        member.post("/account/inloggen", data={"email": f"deelnemer1@{DEMO_DOMAIN}", "password": DEMO_PASSWORD})
        pages = []
        for route in routes:
            client = member if route.endswith(LOGGED_IN) else anonymous
            path = route.removesuffix(LOGGED_IN)
            client.get(path)
            timings.clear()
            status = client.get(path).status_code
            if not timings:
                continue
            seconds, statement, parameters = max(timings, key=lambda t: t[0])
            page = {
                "route": route,
                "status": status,
                "statements": len(timings),
                "ms": round(seconds * 1000, 1),
                "statement": statement,
                "plan": _plan(engine, statement, parameters),
            }
            print(f"\n{route}: {page['statements']} statements, slowest {page['ms']} ms\n{statement}\n{page['plan']}")
            pages.append(page)
        engine.dispose()
    return pages


def _plan(engine, statement: str, parameters) -> str:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).all()
            return "\n".join(line for (line,) in rows)
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        return "\n".join(f"{'  ' * (1 if parent else 0)}{detail}" for _id, parent, _unused, detail in rows)
