from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    """The language switch; no CSRF token, so reading the site sets no cookie."""

    class Meta:
        csrf = False

    locale = HiddenField()
    next = HiddenField()
