from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, URLField
from wtforms.validators import URL, Email, InputRequired, Length, Optional

from wijkstem.forms import honeypot_field, with_https


class VerificationForm(FlaskForm):
    organisation = StringField(
        _l("Organisatie"),
        validators=[
            InputRequired(_l("Vul de naam van je organisatie in.")),
            Length(max=120, message=_l("Houd dit korter dan 120 tekens.")),
        ],
    )
    function = StringField(
        _l("Functie"),
        validators=[
            InputRequired(_l("Vul je functie in.")),
            Length(max=120, message=_l("Houd dit korter dan 120 tekens.")),
        ],
    )
    evidence_url = URLField(
        _l("Openbare link waarop je rol staat"),
        filters=[with_https],
        validators=[
            InputRequired(_l("Vul een link in, bijvoorbeeld naar de website van je organisatie.")),
            Length(max=500, message=_l("Deze link is te lang.")),
            URL(require_tld=True, message=_l("Vul een link in, bijvoorbeeld www.gemeente.nl/raad.")),
        ],
    )
    work_email = EmailField(
        _l("Werk-e-mailadres (niet verplicht)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(message=_l("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."), check_deliverability=False),
        ],
    )
    website = honeypot_field()
