"""HTTPS behind a reverse proxy: which proxy headers to believe, and http sent on to https.

- TRUSTED_PROXIES (default 0): how many proxies stand in front of the app. With 1, the app believes
  the last X-Forwarded-For / -Proto / -Host one proxy added (werkzeug's ProxyFix), so it knows the
  visitor's address (rate limits) and that the request came in over https. With 0 it believes none
  of them: anyone could send those headers.
- HTTPS_ONLY (default off): a request that did not come in over https is sent to the same address
  on https (301 for GET/HEAD, 308 otherwise so a form keeps its method and body). /healthz is left
  alone: load balancers ask it over plain http on the inside.

See docs/https.md for a proxy example.
"""

from __future__ import annotations

from flask import Flask, redirect, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Probes from inside the hosting network, which speak plain http to the app.
PLAIN_HTTP_PATHS = frozenset({"/healthz"})


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    if app.config.get("HTTPS_ONLY"):
        # Registered before the extensions (create_app wires this first), so it runs before their
        # hooks: nothing else happens for a request that is about to be sent elsewhere.
        app.before_request(send_to_https)


def send_to_https():
    if request.is_secure or request.path in PLAIN_HTTP_PATHS:
        return None
    code = 301 if request.method in ("GET", "HEAD") else 308
    return redirect("https://" + request.url.split("://", 1)[1], code=code)
