"""Form pieces shared by several blueprints; forms of one area that several blueprints render live in
its submodules (comments, endorsements, moderation)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError


def visitor_meta() -> dict:
    """Form options for the person viewing: a visitor (not logged in) can only log in from a page, so
    their forms make no CSRF token — no session cookie, and the same page for every visitor, which
    may then be cached (see wijkstem/page_cache.py)."""
    return {} if current_user.is_authenticated else {"csrf": False}


class EmptyForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


def honeypot_empty(form, field) -> None:
    # People never see this field; bots fill it in.
    if field.data:
        raise ValidationError(_l("Laat dit veld leeg."))


def honeypot_field() -> StringField:
    return StringField(_l("Laat dit veld leeg"), validators=[honeypot_empty])


class LanguageForm(FlaskForm):
    """The language switch; no CSRF token, so reading the site sets no cookie."""

    class Meta:
        csrf = False

    locale = HiddenField()
    next = HiddenField()
