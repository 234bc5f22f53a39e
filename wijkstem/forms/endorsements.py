from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from wijkstem.services.endorsements import MAX_MOTIVATION


class EndorseForm(FlaskForm):
    motivation = TextAreaField(
        _l("Waarom steun je deze pijler? (niet verplicht)"),
        validators=[
            Optional(),
            Length(max=MAX_MOTIVATION, message=_l("Gebruik hoogstens %(max)d tekens.", max=MAX_MOTIVATION)),
        ],
    )
