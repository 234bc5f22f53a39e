from __future__ import annotations

import json

from flask import Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from wijkstem.blueprints.accounts import bp
from wijkstem.blueprints.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from wijkstem.forms import EmptyForm
from wijkstem.services.accounts import accounts, verification
from wijkstem.services.accounts.tokens import ExpiredToken, InvalidToken
from wijkstem.services.content.content import find_municipality, find_pillar, municipalities_by_name
from wijkstem.services.discussion import report_queue
from wijkstem.services.endorsements import endorsements
from wijkstem.services.endorsements.referrals import credited_endorsements, sharer_code
from wijkstem.services.insight.municipality_search import suggestions as municipality_suggestions
from wijkstem.web.endorsing import current_intent, drop_intent, next_step, tell
from wijkstem.web.limits import post_limit
from wijkstem.web.navigation import redirect_next, safe_next

# The address registered from this browser; its confirmation link logs in here and nowhere else.
REGISTERING = "registering_email"


def _validated_profile(form) -> accounts.Profile | None:
    """The profile a posted form describes, or None. The municipality is checked in the same round
    as the other fields, so every mistake shows at once ("Bedoel je Utrecht?")."""
    if not form.is_submitted():
        return None
    valid = form.validate()
    municipality = find_municipality(form.municipality.data)
    if municipality is None and form.municipality.data and not form.municipality.errors:
        form.municipality.errors = [*form.municipality.errors, _municipality_error(form.municipality.data)]
    if not valid or municipality is None:
        return None
    return accounts.Profile(
        display_name=form.display_name.data,
        perspective=form.perspective.data,
        perspective_role=form.perspective_role,
        municipality=municipality,
        wijk=form.wijk.data,
        show_name=bool(form.show_name.data),
        notify_replies=bool(form.notify_replies.data) if hasattr(form, "notify_replies") else None,
    )


def _municipality_error(typed: str) -> str:
    names = [m.name for m in municipality_suggestions(typed)]
    if not names:
        return _("Kies een gemeente uit de lijst.")
    if len(names) == 1:
        return _("Kies een gemeente uit de lijst. Bedoel je %(name)s?", name=names[0])
    return _(
        "Kies een gemeente uit de lijst. Bedoel je %(names)s of %(last)s?", names=", ".join(names[:-1]), last=names[-1]
    )


def _render_profile_form(template: str, form, **context):
    return render_template(template, form=form, municipalities=municipalities_by_name(), **context)


@bp.route("/registreren", methods=["GET", "POST"])
@post_limit("RATELIMIT_REGISTER")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if request.method == "GET" and not form.municipality.data and request.args.get("gemeente"):
        form.municipality.data = request.args["gemeente"]
    if profile := _validated_profile(form):
        # The same answer whether or not the address already has an account (its owner gets a mail),
        # so nobody is logged in here: the confirmation link does that, in this browser only.
        user = accounts.register_user(form.email.data, form.password.data, profile, locale=_locale())
        intent = current_intent()
        session[REGISTERING] = accounts.normalise_email(form.email.data)
        flash(_("Je account is gemaakt. We hebben je een mail gestuurd om je e-mailadres te bevestigen."), "success")
        if user is not None and intent and (pillar := find_pillar(intent["pillar"])):
            # Kept with the new account; it counts once the address is confirmed.
            result = endorsements.endorse(user, pillar, intent["motivation"], via_code=sharer_code(session.get("via")))
            if result is not endorsements.EndorseResult.PENDING:  # the next page tells about a kept endorsement
                tell(result, pillar)
        return redirect(url_for("accounts.unconfirmed"))
    return _render_profile_form("accounts/register.html", form, **_intent_context())


def _intent_context() -> dict:
    """The pillar a visitor is about to endorse and what they wrote, for the registration and log-in pages."""
    intent = current_intent()
    pillar = find_pillar(intent["pillar"]) if intent else None
    return {"intent_pillar": pillar, "intent_motivation": intent["motivation"] if pillar and intent else ""}


def _locale() -> str | None:
    return session.get("locale")


@bp.get("/bevestigen")
def unconfirmed():
    if current_user.is_authenticated:
        if current_user.is_confirmed:
            return redirect(url_for("accounts.profile"))
        email = current_user.email
    elif session.get(REGISTERING):
        email = session[REGISTERING]
    else:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]  # set by Flask-Login
    return render_template(
        "accounts/unconfirmed.html",
        form=EmptyForm(),
        email=email,
        next=safe_next(request.args.get("next")),
        **_intent_context(),
    )


@bp.route("/bevestigen/opnieuw", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESEND")
def resend_confirmation():
    if current_user.is_authenticated or session.get(REGISTERING):
        if EmptyForm().validate_on_submit():
            email = current_user.email if current_user.is_authenticated else session[REGISTERING]
            if (user := accounts.find_user_by_email(email)) is not None:
                accounts.resend_confirmation(user)
            flash(_("We hebben een nieuwe bevestigingsmail gestuurd naar %(email)s.", email=email), "success")
        return redirect(url_for("accounts.unconfirmed"))
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is not None:
            accounts.resend_confirmation(user)
        flash(
            _("Als er een account met dit e-mailadres is, krijg je binnen een paar minuten een nieuwe mail."), "success"
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/resend.html", form=form)


@bp.route("/bevestigen/<token>", methods=["GET", "POST"])
def confirm(token: str):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            user, may_log_in = accounts.confirm_email(token)
        except ExpiredToken:
            flash(_("Deze link is verlopen. Vraag hieronder een nieuwe aan."), "error")
            return redirect(url_for("accounts.resend_confirmation"))
        except InvalidToken:
            flash(_("Deze link klopt niet. Kopieer de hele link uit de mail, of vraag een nieuwe aan."), "error")
            return redirect(url_for("accounts.resend_confirmation"))
        except accounts.AlreadyConfirmed as error:
            flash(str(error), "info")
            return redirect(url_for("accounts.profile" if current_user.is_authenticated else "accounts.login"))
        return _after_confirmation(user, may_log_in)
    return render_template("accounts/confirm.html", form=form)


def _after_confirmation(user, may_log_in: bool):
    """Logs in only the browser that registered this address, and only with a link that is still current."""
    already_here = current_user.is_authenticated and current_user.id == user.id
    registered_here = not current_user.is_authenticated and session.get(REGISTERING) == user.email
    intent = drop_intent()
    pillar = endorsements.latest_endorsed_pillar(user, intent["pillar"] if intent else None)
    # The next step: the thank-you page of the endorsement that now counts, else the welcome page.
    after = next_step(endorsements.EndorseResult.COUNTED, pillar) if pillar else url_for("accounts.welcome")
    if not already_here and not (may_log_in and registered_here):
        flash(_("Je e-mailadres is bevestigd. Log nu in met je e-mailadres en wachtwoord."), "success")
        return redirect(url_for("accounts.login", next=after))
    if not already_here:
        login_user(user)
    session.pop(REGISTERING, None)
    if pillar:
        flash(_("Je e-mailadres is bevestigd. Je steun telt nu mee."), "success")
    else:
        flash(_("Je e-mailadres is bevestigd. Welkom bij wijkstem!"), "success")
    return redirect(after)


@bp.get("/welkom")
@login_required
def welcome():
    """After confirming, for someone who has not endorsed yet: what they can do next."""
    return render_template("accounts/welcome.html", confirm_role=verification.should_confirm_role(current_user))


@bp.route("/inloggen", methods=["GET", "POST"])
@post_limit("RATELIMIT_LOGIN")
def login():
    if current_user.is_authenticated:
        return redirect_next()
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data or "")
        except accounts.AccountError as error:
            form.password.errors = [str(error)]
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Je bent ingelogd."), "success")
            if not user.is_confirmed:
                flash(_("Je e-mailadres is nog niet bevestigd. Kijk in je mail."), "warning")
            if (after := _endorse_as_intended(user)) is not None:
                return after
            return redirect_next()
    return render_template("accounts/login.html", form=form, next=request.args.get("next", ""), **_intent_context())


def _endorse_as_intended(user):
    """A visitor clicked "steunen" before logging in: do it now, with what they wrote."""
    intent = drop_intent()
    pillar = find_pillar(intent["pillar"]) if intent else None
    if pillar is None or intent is None:
        return None
    result = endorsements.endorse(user, pillar, intent["motivation"], via_code=sharer_code(session.get("via"), user))
    return tell(result, pillar)


@bp.post("/uitloggen")
def logout():
    # Stateless sessions end by moving the account's session version: a copied cookie or an old
    # remember-me cookie is refused by every worker from now on.
    if EmptyForm().validate_on_submit():
        if current_user.is_authenticated:
            accounts.log_out_everywhere(current_user)
        logout_user()
        flash(_("Je bent uitgelogd."), "success")
    return redirect(url_for("public.home"))


@bp.post("/overal-uitloggen")
@login_required
def logout_everywhere():
    if EmptyForm().validate_on_submit():
        accounts.log_out_everywhere(current_user)
        logout_user()
        flash(_("Je bent nu op al je apparaten uitgelogd."), "success")
        return redirect(url_for("public.home"))
    return redirect(url_for("accounts.profile"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESET")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash(
            _("Als er een account met dit e-mailadres is, krijg je binnen een paar minuten een mail met een link."),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/nieuw-wachtwoord/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESET")
def reset_password(token: str):
    try:
        accounts.user_for_reset_token(token)
    except InvalidToken:
        flash(_("Deze link werkt niet meer. Vraag een nieuwe link aan."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.reset_password(token, form.password.data)
        except InvalidToken:
            flash(_("Deze link werkt niet meer. Vraag een nieuwe link aan."), "error")
            return redirect(url_for("accounts.forgot_password"))
        login_user(user)
        flash(_("Je wachtwoord is veranderd. Je bent ingelogd."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=None if request.method == "POST" else _profile_defaults())
    if new_profile := _validated_profile(form):
        ended = accounts.update_profile(current_user, new_profile)
        flash(_("Je gegevens zijn opgeslagen."), "success")
        for message in verification.ended_messages(ended) if ended is not None else []:
            flash(message, "warning")
        return redirect(url_for("accounts.profile"))
    return _render_profile_form(
        "accounts/profile.html",
        form,
        credited=credited_endorsements(current_user),
        confirm_role=verification.should_confirm_role(current_user),
        verification_binds=current_user.is_verified or verification.has_pending_request(current_user),
        clerk_of=verification.clerk_places(current_user),
    )


def _profile_defaults():
    from types import SimpleNamespace

    user = current_user
    return SimpleNamespace(
        display_name=user.display_name,
        perspective=user.perspective,
        professional_role=user.perspective_role if user.perspective == "professional" else "",
        politician_role=user.perspective_role if user.perspective == "politician" else "",
        municipality=user.municipality.name,
        wijk=user.wijk or "",
        show_name=user.show_name,
        notify_replies=user.notify_replies,
    )


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data or "", form.password.data)
        except accounts.WrongPassword as error:
            form.current_password.errors = [str(error)]
        else:
            login_user(current_user._get_current_object(), remember=bool(request.cookies.get("remember_token")))
            flash(_("Je wachtwoord is veranderd. Op andere apparaten ben je nu uitgelogd."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/e-mailadres", methods=["GET", "POST"])
@login_required
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            accounts.request_email_change(current_user, form.email.data, form.password.data or "")
        except accounts.WrongPassword as error:
            form.password.errors = [str(error)]
        except accounts.EmailTaken as error:
            form.email.errors = [str(error)]
        else:
            flash(
                _(
                    "We hebben een mail gestuurd naar %(email)s. Klik op de link om het te bevestigen.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/e-mailadres/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    form = EmptyForm()
    if form.validate_on_submit():
        logged_in_as = current_user.id if current_user.is_authenticated else None
        try:
            user = accounts.confirm_email_change(token)
        except accounts.AlreadyConfirmed as error:
            flash(str(error), "info")
            return redirect(url_for("accounts.profile" if current_user.is_authenticated else "accounts.login"))
        except (InvalidToken, accounts.EmailTaken):
            flash(_("Deze link werkt niet meer. Vraag de wijziging opnieuw aan."), "error")
            return redirect(url_for("accounts.change_email" if current_user.is_authenticated else "public.home"))
        if logged_in_as != user.id:
            flash(_("Je nieuwe e-mailadres is bevestigd. Log in met je nieuwe e-mailadres."), "success")
            return redirect(url_for("accounts.login"))
        login_user(user, remember=bool(request.cookies.get("remember_token")))  # this browser stays logged in
        flash(_("Je nieuwe e-mailadres is bevestigd. Op andere apparaten ben je nu uitgelogd."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/confirm.html", form=form, change=True)


@bp.route("/e-mailadres/stoppen/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESEND")
def stop_email_change(token: str):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            accounts.stop_email_change(token)
        except InvalidToken:
            flash(_("Deze wijziging is al bevestigd of gestopt, of de link klopt niet."), "error")
        else:
            flash(_("De wijziging van je e-mailadres is gestopt. Verander ook je wachtwoord."), "success")
        return redirect(url_for("public.home"))
    return render_template("accounts/stop_email_change.html", form=form)


@bp.get("/mijn-gegevens")
@login_required
def export_data():
    data = accounts.export_user_data(current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="wijkstem-mijn-gegevens.json"'},
    )


@bp.route("/verwijderen", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            accounts.delete_account(current_user, form.password.data or "", keep_experiences=form.keep_experiences)
        except accounts.WrongPassword as error:
            form.password.errors = [str(error)]
        else:
            logout_user()
            flash(_("Je account en je gegevens zijn verwijderd."), "success")
            return redirect(url_for("public.home"))
    return render_template("accounts/delete.html", form=form)


@bp.get("/meldingen")
@login_required
def my_reports():
    return render_template("accounts/my_reports.html", reports=report_queue.reports_by(current_user))
