"""Endorsing a pillar, withdrawing it, and the list of who endorses."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from wijkstem.blueprints.endorsements import bp
from wijkstem.forms import EmptyForm
from wijkstem.forms.endorsements import EndorseForm
from wijkstem.pagination import link_pages, page_number
from wijkstem.services.accounts import verification
from wijkstem.services.endorsements import endorsements
from wijkstem.services.endorsements.referrals import sharer_code, with_share_code
from wijkstem.services.sharing.sharing import mailto
from wijkstem.urls import absolute_url
from wijkstem.web.access import login_first
from wijkstem.web.endorsing import keep_intent, tell
from wijkstem.web.holes import shared_with_members
from wijkstem.web.limits import post_limit
from wijkstem.web.lookups import pillar_key_or_404, pillar_or_404
from wijkstem.web.page_cache import cached_for_visitors
from wijkstem.web.page_forms import show_page_again


def _pillar_page(slug: str) -> str:
    return url_for("pillars.pillar", slug=pillar_or_404(slug).slug)


@bp.post("/manifest/<slug>/steunen")
@post_limit("RATELIMIT_ENDORSE")
@login_first(_l("Log in om deze pijler te steunen."), back_to=_pillar_page)
def endorse(slug: str):
    pillar = pillar_key_or_404(slug)  # only its id and slug are needed, and no query for them
    form = EndorseForm()
    if not form.validate_on_submit():
        return show_page_again("pillars.pillar", {"slug": slug}, endorse_form=form)
    result = endorsements.endorse(
        current_user,
        pillar,
        form.motivation.data,
        via_code=sharer_code(session.get("via"), current_user),
        follow_pillar=bool(form.follow_pillar.data),
        follow_municipality=bool(form.follow_municipality.data),
    )
    return tell(result, pillar)  # the pillar was detached before the commit: no reload for its slug


@bp.get("/manifest/<slug>/steunen/start")
def start(slug: str):
    """The visitor's button: remember the pillar and what they typed, then make an account or log in."""
    pillar = pillar_or_404(slug)
    if current_user.is_authenticated:
        return redirect(url_for("pillars.pillar", slug=pillar.slug, _anchor="steun"))
    motivation = request.args.get("motivation")
    if endorsements.motivation_too_long(motivation):  # only past the form's maxlength; never cut short
        return tell(endorsements.EndorseResult.TOO_LONG, pillar)
    keep_intent(pillar.slug, motivation)
    if request.args.get("account") == "inloggen":
        flash(_("Log in om deze pijler te steunen."), "info")
        return redirect(url_for("accounts.login", next=url_for("pillars.pillar", slug=pillar.slug)))
    return redirect(url_for("accounts.register"))


@bp.get("/manifest/<slug>/bedankt")
@login_required
def thanks(slug: str):
    """The step after endorsing: thanks, the count with you in it, and ways to pass it on."""
    pillar = pillar_or_404(slug)
    endorsement = endorsements.endorsement_of(current_user, pillar)
    if endorsement is None:
        return redirect(url_for("pillars.pillar", slug=slug, _anchor="steun"))
    link = with_share_code(absolute_url("pillars.pillar", slug=pillar.slug), current_user)
    text = _("Ik steun het Manifest voor een succesvolle wijkaanpak. Steun jij deze pijler ook?")
    return render_template(
        "endorsements/thanks.html",
        link=link,
        share_text=text,
        send_link=mailto(pillar.title, f"{text}\n\n{link}"),
        pillar=pillar,
        endorsement=endorsement,
        counts=endorsements.counts_for_pillar(pillar.id),
        confirm_role=verification.should_confirm_role(current_user),
        other_pillars=endorsements.pillars_not_endorsed(current_user),
    )


@bp.post("/manifest/<slug>/steun-intrekken")
@post_limit("RATELIMIT_ENDORSE")
@login_first(_l("Log in om je steun in te trekken."), back_to=_pillar_page)
def withdraw(slug: str):
    pillar = pillar_key_or_404(slug)
    if EmptyForm().validate_on_submit():
        if endorsements.withdraw_endorsement(current_user, pillar):
            flash(_("Je steun is ingetrokken."), "success")
        else:
            flash(_("Je steunde deze pijler niet."), "info")
    return redirect(url_for("pillars.pillar", slug=slug, _anchor="steun"))


@bp.get("/manifest/<slug>/steunbetuigingen")
@cached_for_visitors
@shared_with_members({})  # nothing on it depends on the person but the header
def endorsers(slug: str):
    pillar = pillar_or_404(slug)
    counts = endorsements.counts_for_pillar(pillar.id)
    page = link_pages(
        endorsements.endorsers_page(pillar, counts.total, page_number()), "endorsements.endorsers", slug=slug
    )
    return render_template("endorsements/endorsers.html", pillar=pillar, counts=counts, page=page)
