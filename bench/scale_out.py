"""`--instances 2`: two gunicorn instances on one PostgreSQL and Redis behave as one site.

Checks, through alternating instances: a session made on one is valid on the other, a rate limit
counts requests to both, a count changed through one shows on the other (within the few seconds
caches may lag), and concurrent endorse/withdraw through both loses or doubles nothing.
"""

from __future__ import annotations

import json
import time

import redis

from bench import endorse_load
from bench.browser import Browser
from bench.dataset import REDIS_URL
from bench.server import Gunicorn
from wijkstem.services.content.demo_data import DEMO_DOMAIN, DEMO_PASSWORD

RESET_LIMIT = 5  # RATELIMIT_RESET's "5 per minute", which the bench leaves as in production
COUNT_LAG_S = 15


def check(servers: list[Gunicorn], url: str, first: int, people: int = 16, seconds: float = 10) -> dict:
    a, b = (server.port for server in servers[:2])
    return {
        "session_shared": _session_shared(a, b),
        "rate_limit_shared": _rate_limit_shared(a, b),
        "count_seen_on_other_instance": _count_seen(a, b, first),
        "page_cache_shared": _page_cache_shared(a, b),
        "endorse_through_both": _endorse_through_both(url, [a, b], first + 1, people, seconds),
    }


def _session_shared(a: int, b: int) -> bool:
    browser = Browser("127.0.0.1", a)
    browser.log_in(f"deelnemer5@{DEMO_DOMAIN}", DEMO_PASSWORD)
    browser.port = b
    return browser.get("/account").status == 200


def _rate_limit_shared(a: int, b: int) -> dict:
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter("LIMITS*"):
        store.delete(key)
    browser, answers = Browser("127.0.0.1", a), []
    for n in range(RESET_LIMIT + 2):
        browser.port = (a, b)[n % 2]
        token = browser.csrf_token("/account/wachtwoord-vergeten")
        answers.append(browser.post("/account/wachtwoord-vergeten", {"csrf_token": token, "email": "x@example.org"}))
    statuses = [answer.status for answer in answers]
    return {
        "limit": f"{RESET_LIMIT} per minute",
        "statuses_alternating": statuses,
        "holds": statuses[:RESET_LIMIT].count(429) == 0 and statuses[RESET_LIMIT:] == [429, 429],
    }


def _total(port: int) -> int:
    data = json.loads(Browser("127.0.0.1", port).get("/api/v1/pillars").body)
    return next(p["endorsements"]["total"] for p in data["pillars"] if p["slug"] == endorse_load.SLUG)


def _count_seen(a: int, b: int, first: int) -> dict:
    person = endorse_load.people_for("", 1, first, [a])[0]
    before = _total(b)
    path = f"/manifest/{endorse_load.SLUG}/"
    action = "steun-intrekken" if "steun-intrekken" in person.browser.get(path.rstrip("/")).text else "steunen"
    person.browser.post(path + action, {"csrf_token": person.token, "motivation": ""})
    expected = before + (-1 if action == "steun-intrekken" else 1)
    started = time.monotonic()
    while time.monotonic() - started < COUNT_LAG_S and _total(b) != expected:
        time.sleep(0.25)
    lag = time.monotonic() - started
    seen = _total(b)
    return {"before": before, "expected": expected, "seen": seen, "lag_s": round(lag, 2), "holds": seen == expected}


def _page_cache_shared(a: int, b: int, path: str = "/gemeenten") -> dict:
    """A visitor's page stored by one instance (in Redis, CACHE_REDIS_URL) is what the other serves."""
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter("wijkstem:page:*"):
        store.delete(key)
    first = Browser("127.0.0.1", a).get(path)
    stored = [key.decode() for key in store.scan_iter("wijkstem:page:*")]
    second = Browser("127.0.0.1", b).get(path)
    return {
        "stored_in_redis": stored,
        "same_page_from_other_instance": first.body == second.body,
        "holds": bool(stored) and first.status == second.status == 200 and first.body == second.body,
    }


def _endorse_through_both(url: str, ports: list[int], first: int, people: int, seconds: float) -> dict:
    crowd = endorse_load.people_for(url, people, first, ports)
    result = endorse_load.run(crowd, seconds)
    return {**result.summary(), "statuses": result.statuses, **endorse_load.check(url, crowd)}
