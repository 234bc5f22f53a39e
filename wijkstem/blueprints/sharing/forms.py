from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length


class MastodonShareForm(FlaskForm):
    """A GET form: it changes nothing, it only forwards to the person's own Mastodon server."""

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
