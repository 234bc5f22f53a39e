from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.verification import bp
from wijkstem.blueprints.verification.forms import VerificationForm
from wijkstem.forms import EmptyForm
from wijkstem.services.accounts import verification
from wijkstem.services.accounts.tokens import ExpiredToken, InvalidToken
from wijkstem.web.access import confirmed_required
from wijkstem.web.limits import post_limit


@bp.route("", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_VERIFICATION")
def request_verification():
    form = VerificationForm()
    if not form.is_submitted():  # filled in with what the person told us at registration
        for name, value in verification.verification_defaults(current_user).items():
            getattr(form, name).data = getattr(form, name).data or value
    if form.validate_on_submit():
        application = verification.Application(
            form.organisation.data or "", form.function.data or "", form.evidence_url.data or "", form.work_email.data
        )
        try:
            verification.request_verification(current_user, application)
        except verification.VerificationError as error:
            flash(str(error), "error")
        else:
            message = _("Je aanvraag is verstuurd. Een moderator kijkt ernaar; je krijgt een mail met het besluit.")
            if form.work_email.data:
                message += " " + _("Bevestig ook je werk-e-mailadres met de link in de mail.")
            flash(message, "success")
            return redirect(url_for("verification.request_verification"))
    return render_template(
        "verification/request.html",
        form=form,
        withdraw_form=EmptyForm(),
        latest=verification.latest_request(current_user),
        can_request=verification.can_request_verification(current_user),
    )


@bp.post("/intrekken")
@confirmed_required
@post_limit("RATELIMIT_VERIFICATION")
def withdraw():
    if EmptyForm().validate_on_submit():
        try:
            verification.withdraw_request(current_user)
        except verification.VerificationError as error:
            flash(str(error), "error")
        else:
            flash(_("Je aanvraag is ingetrokken."), "success")
    return redirect(url_for("verification.request_verification"))


@bp.route("/werkmail/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_VERIFICATION")
def confirm_work_email(token: str):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            verification.confirm_work_email(token)
        except ExpiredToken:
            flash(_("Deze link is verlopen. Vraag opnieuw verificatie aan."), "error")
        except InvalidToken:
            flash(_("Deze link klopt niet. Kopieer de hele link uit de mail."), "error")
        except verification.WorkEmailAlreadyConfirmed as error:
            flash(str(error), "info")
        else:
            flash(_("Je werk-e-mailadres is bevestigd. Dank je wel."), "success")
        # On to the request's status (after logging in, when this link was opened elsewhere).
        return redirect(url_for("verification.request_verification"))
    return render_template("verification/confirm_work_email.html", form=form)
