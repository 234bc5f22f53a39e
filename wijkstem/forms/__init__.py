"""Form pieces shared by several blueprints; forms of one area that several blueprints render live in
its submodules (comments, endorsements, moderation)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError


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
