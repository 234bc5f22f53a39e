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
# One worker per CPU core, 16 threads each: measured best of sync and gthread with 2-16 threads and
# 1-2 workers per core (docs/benchmarks.md, "Worker class and count"). More processes than cores
# only fought over the cores; threads mostly wait (for the client, the database) and keep connections
# alive, which doubled to quintupled the bare framework's throughput against sync workers.
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, os.cpu_count() or 2))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
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
