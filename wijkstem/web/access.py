"""Access rules as decorators, so a view states who may use it in one line."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required


def login_first(message: str, back_to: Callable[..., str] | None = None):
    """Logged in; otherwise the login page with `message`, and back afterwards.

    `back_to(**view_args)` names the page to come back to (for a POST: the page the form was on);
    by default the page asked for.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                flash(str(message), "info")
                target = back_to(**kwargs) if back_to else request.full_path.rstrip("?")
                return redirect(url_for("accounts.login", next=target))
            return view(*args, **kwargs)

        return wrapper

    return decorate


def confirmed_required(view):
    """Logged in with a confirmed e-mail address; otherwise explains how to confirm."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_confirmed:
            flash(_("Bevestig eerst je e-mailadres. Kijk in je mail, of vraag een nieuwe link aan."), "warning")
            return redirect(url_for("accounts.unconfirmed", next=request.full_path))
        return view(*args, **kwargs)

    return wrapper


def moderator_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_moderator:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
