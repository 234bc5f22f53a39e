"""Where to send people after an action, without ever leaving the site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, request, url_for


def safe_next(target: str | None, fallback: str = "public.home") -> str:
    """A local path from ?next= or a form, or the fallback page: never another host."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            if "\\" not in target:
                return target
    return url_for(fallback)


def redirect_next(fallback: str = "public.home"):
    return redirect(safe_next(request.args.get("next") or request.form.get("next"), fallback))
