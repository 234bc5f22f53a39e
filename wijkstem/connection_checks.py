"""A pooled database connection is checked before use only when it has been idle for a while.

SQLAlchemy's `pool_pre_ping` checks every connection on every checkout: one more round trip on
every request (on PostgreSQL also the BEGIN it starts), measured as 5-10 % of the busiest POSTs
(docs/benchmarks.md, "The ping before every request"). A connection that went back to the pool a
moment ago was working a moment ago; the one that sat idle may have been cut while the database
restarted or a firewall dropped it. So only a connection idle for PING_AFTER_IDLE_SECONDS or more
is pinged, and one that fails the ping is replaced before the request sees it (SQLAlchemy's recipe
for "pessimistic" disconnect handling, raising DisconnectionError in the checkout event).

A database that restarts under steady traffic is noticed by the first request that uses a cut
connection: it gets the 503 page with Retry-After (wijkstem/web/error_pages.py), and SQLAlchemy then
replaces every connection of that pool made before the failure, so the next requests reconnect.
"""

from __future__ import annotations

import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

PING_AFTER_IDLE_SECONDS = 1.0
IDLE_SINCE = "wijkstem_idle_since"


def init_engine(engine: Engine) -> None:
    """Note when each connection goes back to the pool; ping it on checkout when idle long enough."""
    if engine.pool.__dict__.get("_wijkstem_checks"):
        return
    engine.pool.__dict__["_wijkstem_checks"] = True
    dialect = engine.dialect

    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        idle_since = record.info.get(IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return  # new, or back in the pool only a moment ago
        try:
            dialect.do_ping(dbapi_connection)  # as pool_pre_ping does (the transaction it opens is the request's)
        except dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("connection failed its ping after being idle") from error

    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", ping_if_idle)


def _note_idle(_dbapi_connection, record) -> None:
    if record is not None:
        record.info[IDLE_SINCE] = time.monotonic()
