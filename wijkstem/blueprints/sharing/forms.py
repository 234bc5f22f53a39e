from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class MastodonShareForm(FlaskForm):
    """No CSRF token: the form sits on pages anonymous readers see, and reading sets no cookie.

    The view refuses cross-site posts instead; the form changes nothing, it only forwards.
    """

    class Meta:
        csrf = False

    instance = StringField(
        _l("Je Mastodon-server"),
        validators=[
            DataRequired(_l("Vul de naam van je Mastodon-server in.")),
            Length(max=253, message=_l("Vul een servernaam van hoogstens 253 tekens in.")),
        ],
    )
    url = HiddenField()
    text = HiddenField()
