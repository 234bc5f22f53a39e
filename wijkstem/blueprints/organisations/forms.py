from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, Email, InputRequired, Length, Optional

from wijkstem.forms import honeypot_field, with_https
from wijkstem.forms.comments import ReportForm, _reason_field
from wijkstem.forms.moderation import ReasonFields, reason_choices
from wijkstem.services.organisations.organisation_listing import KIND_LABELS


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Naam van de organisatie"),
        validators=[
            InputRequired(_l("Vul de naam van de organisatie in.")),
            Length(max=120, message=_l("Houd dit korter dan 120 tekens.")),
        ],
    )
    kind = RadioField(
        _l("Wat voor organisatie is het?"),
        choices=list(KIND_LABELS.items()),
        validators=[InputRequired(_l("Kies wat voor organisatie het is."))],
    )
    homepage = StringField(
        _l("Website van de organisatie"),
        filters=[with_https],
        validators=[
            InputRequired(_l("Vul de website van de organisatie in, bijvoorbeeld www.buurthuis.nl.")),
            Length(max=500, message=_l("Deze link is te lang.")),
            URL(require_tld=True, message=_l("Vul een website in, bijvoorbeeld www.buurthuis.nl.")),
        ],
    )
    municipality = StringField(
        _l("Gemeente waar de organisatie werkt"),
        validators=[
            InputRequired(_l("Kies de gemeente waar de organisatie werkt.")),
            Length(max=100, message=_l("Kies een gemeente uit de lijst.")),
        ],
    )
    wijk = StringField(
        _l("Wijk of buurt (niet verplicht)"),
        validators=[Optional(), Length(max=80, message=_l("Gebruik hoogstens 80 tekens."))],
    )
    more_municipalities = StringField(
        _l("Nog meer gemeenten (niet verplicht)"),
        validators=[Optional(), Length(max=500, message=_l("Gebruik hoogstens 500 tekens."))],
    )
    evidence_url = StringField(
        _l("Openbare link waarop staat dat je voor de organisatie werkt (niet verplicht)"),
        filters=[with_https],
        validators=[
            Optional(),
            Length(max=500, message=_l("Deze link is te lang.")),
            URL(require_tld=True, message=_l("Vul een link in, bijvoorbeeld www.buurthuis.nl/team.")),
        ],
    )
    work_email = EmailField(
        _l("Je werk-e-mailadres bij de organisatie (niet verplicht)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(message=_l("Vul een geldig e-mailadres in, zoals naam@buurthuis.nl."), check_deliverability=False),
        ],
    )
    logo = FileField(_l("Logo (niet verplicht)"))
    website = honeypot_field()


class SupportForm(FlaskForm):
    pillar = HiddenField()
    motivation = TextAreaField(
        _l("Waarom steunt de organisatie deze pijler? (niet verplicht)"),
        validators=[Optional(), Length(max=280, message=_l("Gebruik hoogstens 280 tekens."))],
    )


class MemberForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van de persoon"),
        validators=[
            InputRequired(_l("Vul het e-mailadres in waarmee de persoon op wijkstem een account heeft.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(message=_l("Vul een geldig e-mailadres in, zoals naam@buurthuis.nl."), check_deliverability=False),
        ],
    )


class ReportOrganisationForm(ReportForm):
    reason = _reason_field(_l("Waarom meld je deze organisatie?"))


MODERATOR_ACTION_LABELS = {
    "hide": _l("Verbergen"),
    "block": _l("Blokkeren"),
    "restore": _l("Terugzetten op de site"),
}


class ModerateOrganisationForm(FlaskForm, ReasonFields):
    action = SelectField(_l("Wat doe je?"), choices=list(MODERATOR_ACTION_LABELS.items()))
    reason_choice = SelectField(_l("Reden uit de lijst"), choices=reason_choices, validate_choice=False)
    reason_text = StringField(
        _l("Of schrijf een reden"), validators=[Length(max=500, message=_l("Houd de reden korter dan 500 tekens."))]
    )


class DeleteOrganisationForm(FlaskForm):
    sure = BooleanField(
        _l("Ik weet dat dit niet terug kan"),
        validators=[InputRequired(_l("Vink aan dat je weet dat verwijderen niet terug kan."))],
    )
