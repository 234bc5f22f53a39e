"""Organisations: the public list and page, asking to add one, and the page of the people acting for it."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkstem.blueprints.organisations import bp
from wijkstem.blueprints.organisations.forms import (
    MODERATOR_ACTION_LABELS,
    DeleteOrganisationForm,
    MemberForm,
    ModerateOrganisationForm,
    OrganisationForm,
    ReportOrganisationForm,
    SupportForm,
)
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm
from wijkstem.models import Organisation, Pillar
from wijkstem.pagination import link_pages, page_number
from wijkstem.services.accounts.tokens import ExpiredToken, InvalidToken
from wijkstem.services.content.content import find_municipality
from wijkstem.services.experiences.photos import PhotoRefused, process_photo
from wijkstem.services.organisations import organisation_listing as listing
from wijkstem.services.organisations import organisation_verification as checking
from wijkstem.services.organisations import organisations
from wijkstem.urls import absolute_url
from wijkstem.web.access import confirmed_required
from wijkstem.web.limits import post_limit
from wijkstem.web.page_cache import cached_for_visitors


def organisation_or_404(slug: str, for_members: bool = False) -> Organisation:
    """Public pages show verified organisations only; the people acting for it and moderators see it always."""
    organisation = listing.organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    if organisation.is_public:
        return organisation
    if current_user.is_authenticated and (
        current_user.is_moderator or organisations.is_member(current_user, organisation)
    ):
        return organisation
    abort(404)


def own_organisation_or_403(slug: str) -> Organisation:
    organisation = listing.organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    if not (current_user.is_moderator or organisations.is_member(current_user, organisation)):
        abort(403)
    return organisation


def organisation_link(organisation: Organisation) -> str:
    """The organisation's own link: people who endorse after following it are credited to it."""
    return absolute_url("organisations.show", slug=organisation.slug, via=organisation.share_code)


@bp.get("/organisaties")
@cached_for_visitors
def index():
    kind = request.args.get("soort", "")
    municipality = find_municipality(request.args.get("gemeente", "")) if request.args.get("gemeente") else None
    page = listing.public_organisations(kind, municipality, page_number())
    return render_template(
        "organisations/index.html",
        page=link_pages(page, "organisations.index"),
        support=listing.supported_pillars(page.items),
        kind=kind if kind in listing.KIND_LABELS else "",
        kind_labels=listing.KIND_LABELS,
        municipality=municipality,
        typed_municipality=request.args.get("gemeente", ""),
        mine=organisations.organisations_of(current_user) if current_user.is_authenticated else [],
    )


@bp.get("/organisaties/<slug>")
@cached_for_visitors
def show(slug: str):
    organisation = organisation_or_404(slug)
    return render_template(
        "organisations/show.html",
        org=organisation,
        support=listing.supported_pillars([organisation])[organisation.id],
        kind_labels=listing.KIND_LABELS,
        url=absolute_url("organisations.show", slug=organisation.slug),
        own_link=organisation_link(organisation),
        is_member=organisations.is_member(current_user, organisation),
    )


@bp.get("/organisaties/<slug>/logo")
def logo(slug: str):
    organisation = organisation_or_404(slug)
    if not organisation.logo:
        abort(404)
    response = make_response(organisation.logo)
    response.mimetype = organisation.logo_type or "image/jpeg"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _places(form: OrganisationForm):
    """[(municipality, wijk)] from the form, or None after putting the message beside the field."""
    first = find_municipality(form.municipality.data or "")
    if first is None:
        form.municipality.errors = [_("Kies een gemeente uit de lijst, bijvoorbeeld Utrecht.")]
        return None
    places = [(first, form.wijk.data)]
    for typed in (form.more_municipalities.data or "").split(","):
        if not typed.strip():
            continue
        found = find_municipality(typed.strip())
        if found is None:
            form.more_municipalities.errors = [
                _("We kennen de gemeente ‘%(name)s’ niet. Zet een komma tussen de namen.", name=typed.strip())
            ]
            return None
        places.append((found, None))
    return places


@bp.route("/organisaties/nieuw", methods=["GET", "POST"])
@confirmed_required
@post_limit("RATELIMIT_VERIFICATION")
def new():
    form = OrganisationForm()
    if form.validate_on_submit():
        places = _places(form)
        logo = None
        if form.logo.data and getattr(form.logo.data, "filename", ""):
            try:
                logo = process_photo(form.logo.data.stream)
            except PhotoRefused as error:
                form.logo.errors = [str(error)]
        if places is not None and not form.logo.errors:
            application = organisations.OrganisationRequest(
                name=form.name.data or "",
                kind=form.kind.data or "",
                website=form.homepage.data or "",
                evidence_url=form.evidence_url.data,
                work_email=form.work_email.data,
                places=places,
            )
            try:
                organisation = organisations.request_organisation(current_user, application)
            except organisations.OrganisationError as error:
                form.work_email.errors = [str(error)]
            else:
                if logo is not None:
                    organisations.set_logo(current_user, organisation, logo.data, logo.content_type)
                message = _("Je aanvraag is verstuurd. Een moderator kijkt ernaar; je krijgt een mail met het besluit.")
                if organisation.work_email:
                    message += " " + _("Bevestig ook je werk-e-mailadres met de link in de mail.")
                flash(message, "success")
                return redirect(url_for("organisations.manage", slug=organisation.slug))
    return render_template("organisations/form.html", form=form)


@bp.get("/organisaties/<slug>/beheer")
@confirmed_required
def manage(slug: str):
    organisation = own_organisation_or_403(slug)
    support = organisations.support_of(organisation)
    pillars = list(db.session.scalars(db.select(Pillar).order_by(Pillar.position)))
    forms = {}
    for pillar in pillars:
        form = SupportForm(prefix=f"pijler-{pillar.slug}")
        form.pillar.data = pillar.slug
        if pillar.id in support:
            form.motivation.data = support[pillar.id].motivation
        forms[pillar.id] = form
    return render_template(
        "organisations/manage.html",
        org=organisation,
        pillars=pillars,
        support=support,
        support_forms=forms,
        members=organisations.members_of(organisation),
        member_form=MemberForm(),
        delete_form=DeleteOrganisationForm(),
        action_form=EmptyForm(),
        moderate_form=ModerateOrganisationForm() if current_user.is_moderator else None,
        is_member=organisations.is_member(current_user, organisation),
        kind_labels=listing.KIND_LABELS,
        own_link=organisation_link(organisation),
        credited=listing.credited_endorsements(organisation),
    )


def _pillar_from_form() -> Pillar | None:
    slug = request.form.get("pillar") or next(
        (value for key, value in request.form.items() if key.endswith("-pillar")), ""
    )
    return db.session.scalar(db.select(Pillar).where(Pillar.slug == slug))


def _back(organisation: Organisation, anchor: str | None = None):
    return redirect(url_for("organisations.manage", slug=organisation.slug, _anchor=anchor))


@bp.post("/organisaties/<slug>/steunen")
@confirmed_required
@post_limit("RATELIMIT_VERIFICATION", default="30 per minute")
def support(slug: str):
    organisation = own_organisation_or_403(slug)
    pillar = _pillar_from_form()
    if pillar is None:
        flash(_("Kies een pijler."), "error")
        return _back(organisation, "pijlers")
    form = SupportForm(prefix=f"pijler-{pillar.slug}")
    if not form.validate_on_submit():
        flash(
            form.motivation.errors[0]
            if form.motivation.errors
            else _("Het formulier was verlopen. Probeer het nog een keer."),
            "error",
        )
        return _back(organisation, f"pijler-{pillar.slug}")
    try:
        organisations.support_pillar(current_user, organisation, pillar, form.motivation.data)
    except organisations.OrganisationError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s steunt nu ‘%(pillar)s’.", name=organisation.name, pillar=pillar.title), "success")
    return _back(organisation, f"pijler-{pillar.slug}")


@bp.post("/organisaties/<slug>/steun-intrekken")
@confirmed_required
def withdraw(slug: str):
    organisation = own_organisation_or_403(slug)
    pillar = _pillar_from_form()
    if pillar is None:
        flash(_("Kies een pijler."), "error")
        return _back(organisation, "pijlers")
    if EmptyForm().validate_on_submit():
        try:
            organisations.withdraw_support(current_user, organisation, pillar)
        except organisations.OrganisationError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s steunt ‘%(pillar)s’ niet meer.", name=organisation.name, pillar=pillar.title), "success")
    return _back(organisation, f"pijler-{pillar.slug}")


@bp.post("/organisaties/<slug>/personen")
@confirmed_required
@post_limit("RATELIMIT_VERIFICATION")
def add_member(slug: str):
    organisation = own_organisation_or_403(slug)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            person = organisations.add_member(current_user, organisation, form.email.data or "")
        except organisations.OrganisationError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s kan nu ook namens de organisatie handelen.", name=person.display_name), "success")
    else:
        flash(
            form.email.errors[0] if form.email.errors else _("Het formulier was verlopen. Probeer het nog een keer."),
            "error",
        )
    return _back(organisation, "personen")


@bp.post("/organisaties/<slug>/personen/<int:user_id>/verwijderen")
@confirmed_required
def remove_member(slug: str, user_id: int):
    organisation = own_organisation_or_403(slug)
    if EmptyForm().validate_on_submit():
        try:
            organisations.remove_member(current_user, organisation, user_id)
        except organisations.OrganisationError as error:
            flash(str(error), "error")
        else:
            if user_id == current_user.id:
                flash(_("Je handelt niet meer namens %(name)s.", name=organisation.name), "success")
                return redirect(url_for("organisations.index"))
            flash(_("Deze persoon handelt niet meer namens de organisatie."), "success")
    return _back(organisation, "personen")


@bp.post("/organisaties/<slug>/verwijderen")
@confirmed_required
def delete(slug: str):
    organisation = own_organisation_or_403(slug)
    form = DeleteOrganisationForm()
    if not form.validate_on_submit():
        flash(
            form.sure.errors[0] if form.sure.errors else _("Het formulier was verlopen. Probeer het nog een keer."),
            "error",
        )
    else:
        name = organisation.name
        organisations.delete_organisation(current_user, organisation)
        flash(_("%(name)s is verwijderd, met alles wat erbij hoorde.", name=name), "success")
        return redirect(url_for("organisations.index"))
    return _back(organisation, "verwijderen")


@bp.post("/organisaties/<slug>/moderatie")
@confirmed_required
def moderate(slug: str):
    organisation = own_organisation_or_403(slug)
    if not current_user.is_moderator:
        abort(403)
    form = ModerateOrganisationForm()
    if form.validate_on_submit():
        try:
            checking.moderate_organisation(current_user, organisation, form.action.data or "", form.reason())
        except organisations.OrganisationError as error:
            flash(str(error), "error")
        else:
            flash(_("Gedaan: %(action)s.", action=MODERATOR_ACTION_LABELS[form.action.data or ""]), "success")
    else:
        flash(_("Kies wat je doet."), "error")
    return _back(organisation, "moderatie")


@bp.route("/organisaties/<slug>/melden", methods=["GET", "POST"])
@login_required
@post_limit("RATELIMIT_VERIFICATION")
def report(slug: str):
    organisation = organisation_or_404(slug)
    form = ReportOrganisationForm()
    if form.validate_on_submit():
        try:
            checking.report_organisation(current_user, organisation, form.reason.data or "", form.text.data)
        except organisations.OrganisationError as error:
            flash(str(error), "info")
        else:
            flash(_("Dank je wel. Een moderator kijkt naar je melding."), "success")
        return redirect(url_for("organisations.show", slug=organisation.slug))
    return render_template("organisations/report.html", org=organisation, form=form)


@bp.route("/organisaties/werkmail/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_VERIFICATION")
def confirm_work_email(token: str):
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            checking.confirm_work_email(token)
        except ExpiredToken:
            flash(
                _("Deze link is verlopen. Vraag een moderator om je organisatie met de hand te controleren."), "error"
            )
        except InvalidToken:
            flash(_("Deze link klopt niet. Kopieer de hele link uit de mail."), "error")
        except checking.WorkEmailAlreadyConfirmed as error:
            flash(str(error), "info")
        else:
            flash(_("Je werk-e-mailadres is bevestigd. Dank je wel."), "success")
        return redirect(url_for("organisations.index"))
    return render_template("verification/confirm_work_email.html", form=form)
