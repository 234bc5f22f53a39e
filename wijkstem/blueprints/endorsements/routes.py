"""Endorsing a pillar, withdrawing it, and the list of who endorses."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkstem.access import login_first
from wijkstem.blueprints.endorsements import bp
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm
from wijkstem.forms.endorsements import EndorseForm
from wijkstem.limits import post_limit
from wijkstem.models import Pillar
from wijkstem.page_cache import cached_for_visitors
from wijkstem.page_forms import show_page_again
from wijkstem.pagination import link_pages, page_number
from wijkstem.services import endorsements, follows
from wijkstem.services.referrals import sharer_code


def _pillar_or_404(slug: str) -> Pillar:
    return db.first_or_404(db.select(Pillar).filter_by(slug=slug))


def _pillar_page(slug: str) -> str:
    return url_for("pillars.pillar", slug=_pillar_or_404(slug).slug)


@bp.post("/manifest/<slug>/steunen")
@post_limit("RATELIMIT_ENDORSE")
@login_first(_l("Log in om deze pijler te steunen."), back_to=_pillar_page)
def endorse(slug: str):
    pillar = _pillar_or_404(slug)
    form = EndorseForm()
    if not form.validate_on_submit():
        return show_page_again("pillars.pillar", {"slug": slug}, endorse_form=form)
    via_code = sharer_code(session.get("via"), current_user)
    try:
        endorsements.endorse_pillar(current_user, pillar, form.motivation.data, via_code=via_code)
        flash(_("Bedankt! Je steunt nu deze pijler."), "success")
    except endorsements.NotConfirmed:
        endorsements.remember_endorsement(current_user, pillar, form.motivation.data, via_code=via_code)
        flash(
            _("Bevestig eerst je e-mailadres. We onthouden je steun en tellen hem mee zodra je bevestigd hebt."),
            "warning",
        )
    except endorsements.AlreadyEndorsed as error:
        flash(str(error), "info")
    except endorsements.EndorsementError as error:
        flash(str(error), "error")
    if form.follow_pillar.data or form.follow_municipality.data:
        follows.follow_after_endorsing(
            current_user,
            pillar if form.follow_pillar.data else None,
            current_user.municipality if form.follow_municipality.data else None,
        )
    return redirect(url_for("pillars.pillar", slug=slug, _anchor="steun"))


@bp.post("/manifest/<slug>/steun-intrekken")
@post_limit("RATELIMIT_ENDORSE")
@login_first(_l("Log in om je steun in te trekken."), back_to=_pillar_page)
def withdraw(slug: str):
    pillar = _pillar_or_404(slug)
    if EmptyForm().validate_on_submit():
        if endorsements.withdraw_endorsement(current_user, pillar):
            flash(_("Je steun is ingetrokken."), "success")
        else:
            flash(_("Je steunde deze pijler niet."), "info")
    return redirect(url_for("pillars.pillar", slug=slug, _anchor="steun"))


@bp.get("/manifest/<slug>/steunbetuigingen")
@cached_for_visitors
def endorsers(slug: str):
    pillar = _pillar_or_404(slug)
    counts = endorsements.counts_for_pillar(pillar.id)
    page = link_pages(
        endorsements.endorsers_page(pillar, counts.total, page_number()), "endorsements.endorsers", slug=slug
    )
    return render_template("endorsements/endorsers.html", pillar=pillar, counts=counts, page=page)
