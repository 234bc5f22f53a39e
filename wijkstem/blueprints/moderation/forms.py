from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import AnyOf, InputRequired, Length

from wijkstem.forms.moderation import ReasonFields, reason_choices
from wijkstem.record_ids import coerce_id
from wijkstem.services.moderation.moderation_queue import ACTIONS


class DecisionForm(FlaskForm, ReasonFields):
    action = StringField(validators=[InputRequired(), AnyOf(ACTIONS, message=_l("Kies een actie."))])
    reason_choice = SelectField(_l("Reden uit de lijst"), choices=reason_choices, validate_choice=False)
    reason_text = StringField(
        _l("Of schrijf een reden"), validators=[Length(max=500, message=_l("Houd de reden korter dan 500 tekens."))]
    )


class BulkDecisionForm(DecisionForm):
    ids = SelectMultipleField(coerce=coerce_id, validate_choice=False)
