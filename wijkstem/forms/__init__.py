"""Form pieces shared by several blueprints; forms of one area that several blueprints render live in
its submodules (comments, endorsements, moderation)."""

from __future__ import annotations

import re

from flask_babel import LazyString, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import ValidationError


def lazy_number(n: int) -> LazyString:
    """A number in the reader's format (5.000 in Dutch, 5,000 in English), worked out when a form
    message defined at import time is shown."""
    return LazyString(format_decimal, n)


def visitor_meta() -> dict:
    """Form options for the person viewing: a visitor (not logged in) can only log in from a page, so
    their forms make no CSRF token — no session cookie, and the same page for every visitor, which
    may then be cached (see wijkstem/web/page_cache.py)."""
    return {} if current_user.is_authenticated else {"csrf": False}


class EmptyForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def with_https(value: str | None) -> str | None:
    """'www.gemeente.nl/raad' is what people type: add the https:// a browser would add."""
    value = (value or "").strip()
    if value and not _SCHEME.match(value) and "." in value.split("/", 1)[0]:
        return "https://" + value.removeprefix("//")
    return value or None


def honeypot_empty(form, field) -> None:
    # People never see this field; bots fill it in.
    if field.data:
        raise ValidationError(_l("Laat dit veld leeg."))


def honeypot_field() -> StringField:
    return StringField(_l("Laat dit veld leeg"), validators=[honeypot_empty])


class DayField(DateField):
    """A date as Dutch people write it (29-11-2026, 29/11/2026) or as <input type="date"> sends it
    (2026-11-29). It is shown back in the second form, which a date input needs."""

    FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("format", self.FORMATS)
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist) -> None:
        valuelist = [value.strip() for value in valuelist]
        if not "".join(valuelist):
            self.data = None  # empty: whether that is allowed is up to InputRequired/Optional
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_l("Vul een datum in, bijvoorbeeld 29-11-2026."))) from None


class LanguageForm(FlaskForm):
    """The language switch; no CSRF token, so reading the site sets no cookie."""

    class Meta:
        csrf = False

    locale = HiddenField()
    next = HiddenField()
