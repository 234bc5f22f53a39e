"""Logged-in people endorsing and withdrawing as fast as they can; checks nothing was lost or doubled.

Each virtual person is one thread with their own session: log in, read the CSRF token from the
pillar page, then alternate endorse / withdraw. A POST counts as acknowledged when the server
answered 302 and flashed its success message; after the run the endorsements table and the
counters must equal exactly what the acknowledged answers imply.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg
from flask import Flask, session
from flask_wtf.csrf import generate_csrf

from bench.browser import Browser, Response
from bench.server import SECRET_KEY

SLUG = "bewoners-leidend"
THANKS = "/bedankt"  # an endorsement lands on the thank-you step (a double click too, with ALREADY)
WITHDRAWN = "Je steun is ingetrokken."
ALREADY = {True: "Je steunt deze pijler al.", False: "Je steunde deze pijler niet."}


@dataclass
class Person:
    user_id: int
    browser: Browser
    endorsed: bool | None = None  # what the last acknowledged answer says; None: never acknowledged
    token: str = ""
    attempts: int = 0
    last_seconds: float = 0.0


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    acknowledged: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    people: list[Person] = field(default_factory=list)

    def summary(self) -> dict:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000, 1) if ordered else 0.0

        return {
            "rps": round(self.acknowledged / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "errors": self.errors,
        }


def people_for(database_url: str, count: int, first_user: int, ports: list[int]) -> list[Person]:
    """Logged-in browsers for `count` demo people, spread over the servers on `ports`.

    The session cookie and CSRF token are made here with the servers' secret key, exactly as a
    login would make them: logging in 128 people through the deliberately slow password check
    would take minutes on a busy machine (bench.browser.Browser.log_in does the real thing).
    """
    app = Flask(__name__)
    app.config.update(SECRET_KEY=SECRET_KEY)
    serializer = app.session_interface.get_signing_serializer(app)
    people = []
    for n in range(count):
        user_id = first_user + n
        with app.test_request_context():
            session.update({"_user_id": f"{user_id}.1", "_fresh": True})
            token = generate_csrf()
            cookie = serializer.dumps(dict(session))
        browser = Browser("127.0.0.1", ports[n % len(ports)], cookies={"session": cookie})
        people.append(Person(user_id, browser, token=token))
    return people


def attempt(person: Person) -> tuple[Response, bool | None]:
    """One endorse or withdraw: (answer, True acknowledged / False state learnt, not acknowledged / None failed)."""
    endorse = person.endorsed is not True
    path = f"/manifest/{SLUG}/{'steunen' if endorse else 'steun-intrekken'}"
    flashed = len(person.browser.flashes())
    response = person.browser.post(path, {"csrf_token": person.token, "motivation": ""})
    new = person.browser.flashes()[flashed:]
    person.attempts += 1
    if person.attempts % 20 == 0:  # a page read shows (and so clears) the flashed messages
        person.browser.get("/over")
    if response.status == 302 and ALREADY[endorse] in new:
        person.endorsed = endorse  # already so (the data set's own state): nothing acknowledged
        return response, False
    done = response.headers.get("location", "").endswith(THANKS) if endorse else WITHDRAWN in new
    if response.status == 302 and done:
        person.endorsed = endorse
        person.last_seconds = response.seconds
        return response, True
    return response, None


def run(people: list[Person], seconds: float) -> LoadResult:
    result, lock = LoadResult(people=people), threading.Lock()
    stop = time.monotonic() + seconds

    def act(person: Person) -> None:
        while time.monotonic() < stop:
            try:
                response, outcome = attempt(person)
                status = response.status
            except OSError:
                status, outcome = 0, None
            with lock:
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if outcome:
                    result.acknowledged += 1
                    result.latencies.append(person.last_seconds)
                elif outcome is None:
                    result.errors += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=act, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def check(database_url: str, people: list[Person]) -> dict:
    """Table and counters against the acknowledged answers: lost, doubled, counter drift."""
    ids = [p.user_id for p in people]
    with _connect(database_url) as conn:
        rows = conn.execute(
            "SELECT e.user_id, count(*) FROM endorsements e JOIN pillars p ON p.id = e.pillar_id "
            f"WHERE p.slug = '{SLUG}' AND e.user_id IN ({','.join(map(str, ids))}) GROUP BY e.user_id"  # noqa: S608
        ).fetchall()
        table = dict(rows)
        counter_sum, table_sum = conn.execute(
            "SELECT (SELECT coalesce(sum(c.count), 0) FROM endorsement_counters c JOIN pillars p ON p.id = c.pillar_id "
            f" WHERE p.slug = '{SLUG}'), (SELECT count(*) FROM endorsements e JOIN pillars p ON p.id = e.pillar_id "
            f" JOIN users u ON u.id = e.user_id WHERE p.slug = '{SLUG}' AND u.blocked_at IS NULL)"  # noqa: S608
        ).fetchone()
    lost = sum(1 for p in people if p.endorsed is True and table.get(p.user_id, 0) == 0)
    doubled = sum(1 for p in people if table.get(p.user_id, 0) > 1)
    ghost = sum(1 for p in people if p.endorsed is False and table.get(p.user_id, 0) > 0)
    return {
        "people": len(people),
        "lost": lost,
        "doubled": doubled,
        "withdrawn_but_present": ghost,
        "counter_total": int(counter_sum),
        "table_total": int(table_sum),
        "counters_equal_table": int(counter_sum) == int(table_sum),
    }


def _connect(database_url: str):
    return psycopg.connect(database_url) if not database_url.startswith("sqlite") else _sqlite(database_url)


def _sqlite(url: str):
    import sqlite3
    from contextlib import closing

    return closing(sqlite3.connect(url.removeprefix("sqlite:///")))
