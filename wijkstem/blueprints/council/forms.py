from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from wijkstem.forms import DayField
from wijkstem.models.council import MEMBER
from wijkstem.services.council.council_responses import KIND_LABELS, MAX_BODY, VOICE_LABELS, response_date_problem
from wijkstem.services.council.council_status import STEP_LABELS
from wijkstem.services.council.follows import FREQUENCIES
from wijkstem.services.discussion.reports import MAX_TEXT
from wijkstem.services.discussion.reports import REASON_LABELS as REASONS

FREQUENCY_LABELS = {"weekly": _l("Eén keer per week, alleen als er iets veranderde"), "never": _l("Nooit")}


def _web_address(form, field) -> None:
    if field.data and not field.data.strip().lower().startswith(("https://", "http://")):
        raise ValidationError(_l("Een link begint met https://"))


def _sane_date(form, field) -> None:
    if field.data and (problem := response_date_problem(field.data)) is not None:
        raise ValidationError(str(problem))


def _document_link() -> StringField:
    """The optional link to a council document, on a response and on a status step."""
    return StringField(
        _l("Link naar een raadsstuk (niet verplicht)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Gebruik hoogstens %(max)d tekens.", max=500)),
            _web_address,
        ],
    )


class ResponseForm(FlaskForm):
    # The view keeps only the voices this person has; with one voice the field is not shown.
    voice = RadioField(
        _l("Namens wie schrijf je?"), choices=list(VOICE_LABELS.items()), default=MEMBER, validate_choice=False
    )

    def validate_voice(self, field) -> None:
        choices = [value for value, _label in field.choices]
        if field.data not in choices:
            if field.raw_data or len(choices) != 1:  # a voice this person does not have, or none chosen
                raise ValidationError(_l("Kies namens wie je schrijft."))
            field.data = choices[0]

    kind = RadioField(
        _l("Wat voor bericht is het?"),
        choices=list(KIND_LABELS.items()),
        default="response",
        validators=[InputRequired(message=_l("Kies wat voor bericht het is."))],
    )
    body = TextAreaField(
        _l("Wat heeft de raad gedaan of besloten?"),
        validators=[
            InputRequired(message=_l("Schrijf wat de raad heeft gedaan.")),
            Length(max=MAX_BODY, message=_l("Gebruik hoogstens %(max)d tekens.", max=MAX_BODY)),
        ],
    )
    happened_on = DayField(
        _l("Datum"),
        validators=[InputRequired(message=_l("Vul een datum in, bijvoorbeeld 29-11-2026.")), _sane_date],
    )
    document_url = _document_link()


class ReportResponseForm(FlaskForm):
    reason = RadioField(
        _l("Waarom meld je dit bericht?"),
        choices=list(REASONS.items()),
        validators=[InputRequired(message=_l("Kies een reden."))],
    )
    text = TextAreaField(
        _l("Toelichting (niet verplicht)"),
        validators=[Optional(), Length(max=MAX_TEXT, message=_l("Gebruik hoogstens %(max)d tekens.", max=MAX_TEXT))],
    )


class PreferencesForm(FlaskForm):
    frequency = RadioField(
        _l("Hoe vaak wil je een overzicht per mail?"),
        choices=[(f, FREQUENCY_LABELS[f]) for f in FREQUENCIES],
        validators=[InputRequired(message=_l("Kies hoe vaak je mail wilt krijgen."))],
    )


class ClerkForm(FlaskForm):
    email = StringField(
        _l("E-mailadres van het account"), validators=[InputRequired(message=_l("Vul een e-mailadres in."))]
    )
    municipality = StringField(
        _l("Gemeente (naam of CBS-code)"), validators=[InputRequired(message=_l("Vul een gemeente in."))]
    )
    reason = StringField(_l("Hoe heb je dit nagekeken?"), validators=[Optional(), Length(max=500)])


class RevokeVerificationForm(FlaskForm):
    email = StringField(
        _l("E-mailadres van het account"), validators=[InputRequired(message=_l("Vul een e-mailadres in."))]
    )
    reason = StringField(
        _l("Waarom trek je de verificatie in?"),
        validators=[InputRequired(message=_l("Schrijf waarom je de verificatie intrekt.")), Length(max=500)],
    )


class RevokeClerkForm(FlaskForm):
    reason = StringField(_l("Reden (niet verplicht)"), validators=[Optional(), Length(max=500)])


class StatusStepForm(FlaskForm):
    step = RadioField(
        _l("Welke stap?"),
        choices=list(STEP_LABELS.items()),
        validators=[InputRequired(message=_l("Kies een stap."))],
    )
    happened_on = DayField(
        _l("Datum"), validators=[InputRequired(message=_l("Vul een datum in, bijvoorbeeld 29-11-2026."))]
    )
    document_url = _document_link()


class GriffieEmailForm(FlaskForm):
    griffie_email = StringField(
        _l("E-mailadres van de griffie"),
        validators=[Optional(), Length(max=320, message=_l("Gebruik hoogstens %(max)d tekens.", max=320))],
    )


class SpokespersonForm(FlaskForm):
    email = StringField(
        _l("E-mailadres van het account"), validators=[InputRequired(message=_l("Vul een e-mailadres in."))]
    )
