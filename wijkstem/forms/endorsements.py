from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, Optional

from wijkstem.services.endorsements import MAX_MOTIVATION


class EndorseForm(FlaskForm):
    motivation = TextAreaField(
        _l("Waarom steun je deze pijler?"),
        validators=[
            Optional(),
            Length(max=MAX_MOTIVATION, message=_l("Gebruik hoogstens %(max)d tekens.", max=MAX_MOTIVATION)),
        ],
    )
    # "Houd me op de hoogte": never ticked by default (a digest must be wanted).
    follow_pillar = BooleanField(_l("Houd me op de hoogte van deze pijler"), default=False)
    follow_municipality = BooleanField(_l("Houd me op de hoogte van mijn gemeente"), default=False)
