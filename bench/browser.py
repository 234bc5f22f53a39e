"""A tiny browser for the bench: keeps cookies (also Secure ones, over plain http), reads CSRF tokens.

Standard library only. The flashed messages are read from Flask's session cookie (signed, not
encrypted), so a script can tell "Je steun is ingetrokken." from "Je steunde deze
pijler al." without parsing the next page.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import time
import zlib
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 120.0
    _connection: http.client.HTTPConnection | None = field(default=None, repr=False)

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"User-Agent": "wijkstem-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        # One kept-alive connection per browser, as a real browser keeps one (a new TCP connection per
        # request made the server accept and set up a connection for every POST).
        for attempt in range(2):
            connection = self._connection or http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._connection = connection
            try:
                connection.request(method, path, body=body, headers=headers)
                raw = connection.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                connection.close()  # the server closed the kept-alive connection: once more on a new one
                self._connection = None
                if attempt:
                    raise
        if raw.will_close:
            connection.close()
            self._connection = None
        response_headers = {k.lower(): v for k, v in raw.getheaders() if k.lower() != "set-cookie"}
        for value in raw.headers.get_all("Set-Cookie") or []:
            self._keep(value)
        return Response(raw.status, response_headers, data, time.perf_counter() - started)

    def _keep(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel["expires"] and "1970" in morsel["expires"] or morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        match = CSRF.search(page.text)
        if not match:
            raise RuntimeError(f"geen csrf-token op {path} (status {page.status})")
        return match.group(1)

    def log_in(self, email: str, password: str) -> None:
        token = self.csrf_token("/account/inloggen")
        response = self.post("/account/inloggen", {"csrf_token": token, "email": email, "password": password})
        if response.status != 302:
            raise RuntimeError(f"inloggen als {email} mislukt: status {response.status}")

    def flashes(self) -> list[str]:
        """Messages waiting in the session cookie (the next page would show them)."""
        payload = self.cookies.get("session", "").strip('"')
        compressed = payload.startswith(".")
        data = payload.lstrip(".").split(".")[0]
        if not data:
            return []
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        session = json.loads(zlib.decompress(raw) if compressed else raw)
        return [_untag(message) for _category, message in (_untag(item) for item in session.get("_flashes", []))]


def _untag(value):
    # Flask's tagged JSON: tuples as {" t": [...]}, markup as {" m": "..."}.
    if isinstance(value, dict) and len(value) == 1:
        return _untag(next(iter(value.values())))
    return value
