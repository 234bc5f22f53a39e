"""gunicorn settings for wijkstem in production; gunicorn reads this file itself when started from the checkout.

    WIJKSTEM_ENV=production SECRET_KEY=… DATABASE_URL=… .venv/bin/gunicorn

Why these settings: docs/production.md. In short, threads (gthread) so that a client that sends its
request slowly holds one thread and never a whole worker, and a time limit on receiving the body,
so that it does not hold that thread for long either. Put a buffering proxy (nginx, example in
docs/production.md) in front of it on the internet.
"""

import os

wsgi_app = "wijkstem:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per CPU core, 12 threads each, measured on the full data set (docs/benchmarks.md, "Worker
# class and count"). More processes than cores only fought over the cores. Threads keep connections
# alive and wait for the client or the database, but each thread that comes back from waiting has to
# win its worker's Python lock again: with 16 threads that handing over (some 130 context switches
# per endorse POST) cost more than the threads gained, and 8 or 12 served the POSTs and logged-in
# pages faster. 12 rather than 8: eight slow clients on one worker still leave it threads to answer
# others (tests/test_trust_gunicorn.py).
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, os.cpu_count() or 2))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "12"))
# A worker whose main loop stops answering for this long is replaced. With threads the main loop
# keeps answering while a request waits for a slow client, so this kills hung workers, not slow visitors.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Seconds a request may go without receiving any part of its body (or sending its answer) before
# it is answered with 400 and its thread is free again.
BODY_TIMEOUT_SECONDS = float(os.environ.get("GUNICORN_BODY_TIMEOUT", "10"))


def pre_request(worker, req):
    """The socket of this request gives up after BODY_TIMEOUT_SECONDS without data (gthread leaves it blocking)."""
    sock = getattr(getattr(req, "unreader", None), "sock", None)
    if sock is not None and BODY_TIMEOUT_SECONDS > 0:
        sock.settimeout(BODY_TIMEOUT_SECONDS)


def post_worker_init(worker):
    """Move what the app holds once loaded out of the garbage collector's view.

    A full collection walks every object the process keeps: with the app, its templates and its
    catalogs loaded, some 200,000 objects and 50-80 ms with the Python lock held, during which all of
    the worker's threads stand still (the slow tail of every page). Frozen objects are never walked
    again, and they live as long as the worker anyway; a full collection then takes about a
    millisecond (docs/benchmarks.md, "Garbage collection").
    """
    import gc

    gc.collect()
    gc.freeze()
