"""A real Redis server stopped and started again: the site keeps working without it and uses it again after.

Uses a redis-server of its own on a free port (never the shared one); skipped where redis-server is
not installed. Redis holds the visitors' page cache (CACHE_REDIS_URL) and the rate-limit counters
(RATELIMIT_STORAGE_URI) here, as in the scale-out set-up.
"""

from __future__ import annotations

import shutil
import time

import pytest
import redis
from sqlalchemy import func, select

from config import TestConfig
from tests.conftest import PASSWORD, IsolatedClient
from tests.own_servers import OwnRedis
from tests.participation_fixtures import SLUG
from wijkstem import create_app
from wijkstem.extensions import db, limiter
from wijkstem.models import Endorsement

VISITOR_PAGES = ["/", f"/manifest/{SLUG}", "/api/v1/pillars", "/gemeente/utrecht", "/ervaringen"]
LIMITER_STATE = ("enabled", "_storage", "_limiter", "_storage_dead", "_fallback_limiter", "_fallback_storage")


@pytest.fixture
def own_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = OwnRedis()
    server.start()
    saved = {name: getattr(limiter, name, None) for name in LIMITER_STATE}
    try:
        yield server
    finally:
        server.remove()
        for name, value in saved.items():  # the limiter is one object shared by every app in the tests
            setattr(limiter, name, value)


@pytest.fixture
def redis_app(app, own_redis):
    """The app with its page cache and rate limits in our own Redis, on the tests' database."""
    shared = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        MAIL_FILE_DIR=app.config["MAIL_FILE_DIR"],
        RATELIMIT_STORAGE_URI=own_redis.url(0),
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="4 per minute",
        CACHE_REDIS_URL=own_redis.url(1),
        PAGE_CACHE_SECONDS=30,
    )
    shared.test_client_class = IsolatedClient
    yield shared
    with shared.app_context():
        db.session.remove()
        db.engine.dispose()


def _log_in(client, email: str, password: str = PASSWORD):
    return client.post("/account/inloggen", data={"email": email, "password": password})


def _health(app) -> dict:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    return response.json


def test_without_redis_pages_log_in_and_writes_work_limits_hold_and_it_comes_back(redis_app, own_redis, make_user):
    person, other = make_user(), make_user()
    db.session.commit()
    pages = redis.Redis.from_url(own_redis.url(1))
    counters = redis.Redis.from_url(own_redis.url(0))
    visitor = redis_app.test_client()
    for path in VISITOR_PAGES:
        assert visitor.get(path).status_code == 200, path
    assert pages.dbsize() > 0  # the pages are kept in Redis
    assert _health(redis_app) == {"status": "ok", "database": "ok", "redis": "ok"}

    own_redis.stop()
    for path in VISITOR_PAGES:
        response = redis_app.test_client().get(path)
        assert response.status_code == 200, path  # rendered without the cache
    member = redis_app.test_client()
    assert _log_in(member, person.email).status_code == 302
    assert member.get("/account").status_code == 200
    endorsed = member.post(f"/manifest/{SLUG}/steunen", data={"motivation": ""})
    assert endorsed.status_code == 302 and "inloggen" not in endorsed.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Endorsement).filter_by(user_id=person.id)) == 1
    assert _health(redis_app) == {"status": "degraded", "database": "ok", "redis": "unreachable"}

    # The limits still hold, counted in this process: the 4-per-minute log-in limit refuses the 5th try.
    guesser = redis_app.test_client()
    answers = [_log_in(guesser, other.email, "fout-wachtwoord").status_code for _ in range(5)]
    assert 429 in answers and 500 not in answers

    own_redis.start()  # an empty Redis, as after a restart
    redis_app.config["RATELIMIT_LOGIN"] = "1000 per minute"
    deadline = time.monotonic() + 45  # the limiter looks again after 1, 2, 4 … 32 seconds
    while counters.dbsize() == 0 and time.monotonic() < deadline:
        assert _log_in(redis_app.test_client(), other.email, "fout-wachtwoord").status_code == 200
        time.sleep(0.5)
    assert counters.dbsize() > 0, "the rate limits count in Redis again"
    time.sleep(2.1)  # the page cache leaves Redis alone for 2 seconds after a failure
    assert redis_app.test_client().get("/").status_code == 200
    assert pages.dbsize() > 0, "pages are kept in Redis again"
    assert _health(redis_app) == {"status": "ok", "database": "ok", "redis": "ok"}
