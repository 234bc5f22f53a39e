from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from wijkstem.forms import honeypot_field
from wijkstem.perspectives import (
    PERSPECTIVES,
    POLITICIAN,
    POLITICIAN_ROLES,
    PROFESSIONAL,
    PROFESSIONAL_ROLES,
)
from wijkstem.services.accounts.passwords import MAX_LENGTH, MIN_LENGTH, is_common_password


def _required(message):
    return InputRequired(message=message)


def _email_field(label=None):
    return EmailField(
        label or _l("E-mailadres"),
        validators=[
            _required(_l("Vul je e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(message=_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."), check_deliverability=False),
        ],
    )


def strong_password(form, field) -> None:
    if field.data and is_common_password(field.data):
        raise ValidationError(_l("Dit wachtwoord komt te vaak voor. Kies een wachtwoord dat moeilijk te raden is."))


def _new_password_field(label=None):
    return PasswordField(
        label or _l("Wachtwoord"),
        validators=[
            _required(_l("Kies een wachtwoord.")),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=_l("Je wachtwoord moet minstens %(min)d tekens hebben.", min=MIN_LENGTH),
            ),
            strong_password,
        ],
    )


def _repeat_field(other: str):
    return PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[
            _required(_l("Vul het wachtwoord nog een keer in.")),
            EqualTo(other, message=_l("De twee wachtwoorden zijn niet hetzelfde.")),
        ],
    )


def _choices(mapping):
    return [("", _l("Kies een functie"))] + list(mapping.items())


class ProfileFields(FlaskForm):
    display_name = StringField(
        _l("Naam die anderen zien"),
        validators=[
            _required(_l("Vul een naam in.")),
            Length(min=2, max=60, message=_l("Je naam moet tussen 2 en 60 tekens lang zijn.")),
        ],
    )
    perspective = RadioField(
        _l("Hoe praat je mee: als bewoner, beroepskracht of politicus?"),
        choices=list(PERSPECTIVES.items()),
        validators=[_required(_l("Kies of je bewoner, beroepskracht of politicus bent."))],
    )
    professional_role = SelectField(_l("Waar werk je?"), choices=_choices(PROFESSIONAL_ROLES), default="")
    politician_role = SelectField(_l("Wat is je functie?"), choices=_choices(POLITICIAN_ROLES), default="")
    municipality = StringField(
        _l("Gemeente"),
        validators=[
            _required(_l("Kies je gemeente.")),
            Length(max=100, message=_l("Kies een gemeente uit de lijst.")),
        ],
    )
    wijk = StringField(
        _l("Wijk of buurt (niet verplicht)"),
        validators=[Optional(), Length(max=80, message=_l("Gebruik hoogstens 80 tekens."))],
    )
    show_name = BooleanField(_l("Laat mijn naam zien als ik een pijler steun"), default=False)

    def validate_professional_role(self, field) -> None:
        if self.perspective.data == PROFESSIONAL and not field.data:
            raise ValidationError(_l("Kies waar je werkt."))

    def validate_politician_role(self, field) -> None:
        if self.perspective.data == POLITICIAN and not field.data:
            raise ValidationError(_l("Kies je functie."))

    @property
    def perspective_role(self) -> str | None:
        if self.perspective.data == PROFESSIONAL:
            return self.professional_role.data or None
        if self.perspective.data == POLITICIAN:
            return self.politician_role.data or None
        return None


class RegisterForm(ProfileFields):
    email = _email_field()
    password = _new_password_field()
    password_repeat = _repeat_field("password")
    accept_terms = BooleanField(
        _l("Ik ga akkoord met de spelregels en de privacyverklaring"),
        validators=[InputRequired(message=_l("Je moet akkoord gaan om een account te maken."))],
    )
    website = honeypot_field()


class ProfileForm(ProfileFields):
    notify_replies = BooleanField(_l("Stuur me een mail als iemand op mijn reactie reageert"), default=True)


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[_required(_l("Vul je wachtwoord in.")), Length(max=MAX_LENGTH)],
    )
    remember = BooleanField(_l("Ingelogd blijven op dit apparaat"))


class ResendConfirmationForm(FlaskForm):
    email = _email_field()


class ForgotPasswordForm(FlaskForm):
    email = _email_field()
    website = honeypot_field()


class ResetPasswordForm(FlaskForm):
    password = _new_password_field(_l("Nieuw wachtwoord"))
    password_repeat = _repeat_field("password")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"), validators=[_required(_l("Vul je huidige wachtwoord in.")), Length(max=MAX_LENGTH)]
    )
    password = _new_password_field(_l("Nieuw wachtwoord"))
    password_repeat = _repeat_field("password")


class ChangeEmailForm(FlaskForm):
    email = _email_field(_l("Nieuw e-mailadres"))
    password = PasswordField(
        _l("Je wachtwoord"), validators=[_required(_l("Vul je wachtwoord in.")), Length(max=MAX_LENGTH)]
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Je wachtwoord"), validators=[_required(_l("Vul je wachtwoord in.")), Length(max=MAX_LENGTH)]
    )
    confirm = BooleanField(
        _l("Ja, verwijder mijn account en mijn gegevens"),
        validators=[InputRequired(message=_l("Vink aan dat je je account echt wilt verwijderen."))],
    )
    experiences = RadioField(
        _l("Wat doen we met de ervaringen die je hebt gedeeld?"),
        choices=[
            ("verwijderen", _l("Verwijder ze")),
            ("bewaren", _l("Laat geplaatste ervaringen staan, zonder mijn naam")),
        ],
        default="verwijderen",  # also when the choice is missing: nothing stays behind unasked
        validate_choice=False,
    )

    @property
    def keep_experiences(self) -> bool:
        return self.experiences.data == "bewaren"
