from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Optional, ValidationError

from wijkstem.services.endorsements.endorsements import MAX_MOTIVATION, motivation_too_long


def _fits_the_motivation_rule(form, field) -> None:
    if motivation_too_long(field.data):
        raise ValidationError(_l("Gebruik hoogstens %(max)d tekens.", max=MAX_MOTIVATION))


class EndorseForm(FlaskForm):
    motivation = TextAreaField(
        _l("Waarom steun je deze pijler?"),
        validators=[
            Optional(),
            _fits_the_motivation_rule,
        ],
    )
    # "Houd me op de hoogte": never ticked by default (a digest must be wanted).
    follow_pillar = BooleanField(_l("Houd me op de hoogte van deze pijler"), default=False)
    follow_municipality = BooleanField(_l("Houd me op de hoogte van mijn gemeente"), default=False)
