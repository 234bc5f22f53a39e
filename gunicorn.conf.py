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
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
# A thread mostly waits (for the client, the database): 16 per worker cost little memory and let 64
# slow clients at once go unnoticed by everyone else with 4 workers.
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
