"""Redis keeps the visitors' page cache and the rate-limit counters; an outage of Redis is not an outage of the site.

- The page cache (CACHE_REDIS_URL) uses `ResilientRedisCache`: when Redis does not answer, every call
  acts as a miss (nothing kept, nothing found), so pages are rendered as if the cache were off. After
  a failure Redis is left alone for PAUSE_SECONDS (no request waits for a dead server); the first
  call after that tries again, so the cache comes back by itself.
- The rate limits (RATELIMIT_STORAGE_URI) fall back to Flask-Limiter's in-memory storage: the same
  limits, counted per worker process while Redis is away (see `wijkstem.extensions.limiter`). It
  looks for Redis again after 1, 2, 4 … 32 seconds and then counts in Redis again.
- `/healthz` says "degraded" (still 200) while either cannot reach Redis: `redis_health()`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from flask_caching.backends.rediscache import RedisCache
from limits.storage import MemoryStorage
from redis.exceptions import RedisError

from wijkstem.extensions import cache, limiter

log = logging.getLogger(__name__)
PAUSE_SECONDS = 2.0
# Connecting to or reading from Redis never takes a request longer than this.
REDIS_SOCKET_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}


class ResilientRedisCache(RedisCache):
    """Flask-Caching's Redis cache that answers "not there" instead of raising while Redis is away."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._away_until = 0.0
        self._lock = threading.Lock()

    def _attempt(self, default: Any, call: Callable[[], Any]) -> Any:
        if time.monotonic() < self._away_until:
            return default
        try:
            return call()
        except RedisError as error:
            with self._lock:
                if time.monotonic() >= self._away_until:
                    log.warning("Redis (pagina-cache) niet bereikbaar, even zonder cache: %s", error)
                self._away_until = time.monotonic() + PAUSE_SECONDS
            return default

    def is_reachable(self) -> bool:
        try:
            return bool(self._write_client.ping())
        except RedisError:
            return False

    def get(self, key: str) -> Any:
        return self._attempt(None, lambda: super(ResilientRedisCache, self).get(key))

    def get_many(self, *keys: str) -> list[Any]:
        return self._attempt([None] * len(keys), lambda: super(ResilientRedisCache, self).get_many(*keys))

    def has(self, key: str) -> bool:
        return self._attempt(False, lambda: super(ResilientRedisCache, self).has(key))

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> Any:
        return self._attempt(False, lambda: super(ResilientRedisCache, self).set(key, value, timeout))

    def set_many(self, mapping: dict[str, Any], timeout: int | timedelta | None = None) -> list[Any]:
        return self._attempt([], lambda: super(ResilientRedisCache, self).set_many(mapping, timeout))

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        return self._attempt(False, lambda: super(ResilientRedisCache, self).add(key, value, timeout))

    def delete(self, key: str) -> bool:
        return self._attempt(False, lambda: super(ResilientRedisCache, self).delete(key))

    def delete_many(self, *keys: str) -> list[Any]:
        return self._attempt([], lambda: super(ResilientRedisCache, self).delete_many(*keys))

    def clear(self) -> bool:
        return self._attempt(False, lambda: super(ResilientRedisCache, self).clear())

    def inc(self, key: str, delta: int = 1) -> Any:
        return self._attempt(None, lambda: super(ResilientRedisCache, self).inc(key, delta))

    def dec(self, key: str, delta: int = 1) -> Any:
        return self._attempt(None, lambda: super(ResilientRedisCache, self).dec(key, delta))


def redis_health() -> str | None:
    """The state of the Redis this app uses (page cache, rate limits): ok, unreachable, or None when none."""
    checks: list[bool] = []
    backend = current_app.extensions.get("cache", {}).get(cache)
    if isinstance(backend, ResilientRedisCache):
        checks.append(backend.is_reachable())
    storage = limiter.storage if limiter.initialized else None
    if storage is not None and not isinstance(storage, MemoryStorage):
        checks.append(bool(storage.check()))
    if not checks:
        return None
    return "ok" if all(checks) else "unreachable"


def init_app(app: Flask) -> None:
    """Short socket timeouts for both uses of Redis (set before the cache and the limiter connect)."""
    if app.config.get("CACHE_REDIS_URL"):
        app.config.setdefault("CACHE_OPTIONS", dict(REDIS_SOCKET_OPTIONS))
    if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis", "rediss")):
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", dict(REDIS_SOCKET_OPTIONS))
