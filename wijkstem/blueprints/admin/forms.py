from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from wijkstem.forms import DayField
from wijkstem.models.accounts import ROLES

ROLE_LABELS = {"participant": _l("Deelnemer"), "moderator": _l("Moderator"), "admin": _l("Beheerder")}


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    action = SelectField(_l("Actie"), choices=[], validate_choice=False)
    actor = StringField(_l("Door (naam)"), validators=[Optional(), Length(max=80)])
    date_from = DayField(_l("Vanaf datum"), validators=[Optional()])
    date_to = DayField(_l("Tot en met datum"), validators=[Optional()])


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Zoek op naam of e-mailadres"), validators=[Optional(), Length(max=320)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Rol"), choices=[(role, ROLE_LABELS[role]) for role in ROLES])


class TextForm(FlaskForm):
    text = TextAreaField(
        _l("Tekst"),
        validators=[
            InputRequired(_l("Vul een tekst in.")),
            Length(max=20000, message=_l("Deze tekst is te lang.")),
        ],
    )
