"""Reading experiences: the filtered list, one experience, its photo, herkenbaar and the feeds."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from wijkstem.blueprints.experiences import bp
from wijkstem.blueprints.experiences.discussion import render_experience
from wijkstem.blueprints.experiences.forms import FilterForm
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.forms import EmptyForm
from wijkstem.models import Experience, ExperiencePhoto, Municipality
from wijkstem.pagination import link_pages, page_number, page_url
from wijkstem.services.content.content import find_municipality, municipalities_by_name, pillars_in_order
from wijkstem.services.experiences import experience_listing as listing
from wijkstem.services.experiences import experiences
from wijkstem.web.access import confirmed_required
from wijkstem.web.page_cache import cached_for_visitors
from wijkstem.web.page_forms import shows_sent_forms

FILTER_ARGS = ("q", "gemeente", "provincie", "pijler", "soort", "perspectief")


def _filter_from(form: FilterForm, pillars, provinces) -> listing.ExperienceFilter:
    """The query string as a filter; an unknown value is ignored, an unknown municipality flagged."""
    municipality = find_municipality(form.gemeente.data) if form.gemeente.data else None
    if form.gemeente.data and municipality is None:
        form.gemeente.errors = [_("Deze gemeente kennen we niet. Kies een gemeente uit de lijst.")]
    return listing.ExperienceFilter(
        municipality=municipality,
        province=form.provincie.data if form.provincie.data in provinces else None,
        pillar=next((p for p in pillars if p.slug == form.pijler.data), None),
        kind=listing.KIND_SLUGS.get(form.soort.data or ""),
        perspective=listing.PERSPECTIVE_SLUGS.get(form.perspectief.data or ""),
        query=(form.q.data or "").strip(),
    )


@bp.get("/ervaringen")
@cached_for_visitors
def index():
    form = FilterForm(request.args)
    pillars, provinces = pillars_in_order(), listing.provinces()
    form.provincie.choices = [("", _("Alle provincies"))] + [(name, name) for name in provinces]
    form.pijler.choices = [("", _("Alle pijlers"))] + [(p.slug, p.title) for p in pillars]
    form.validate()
    wanted = _filter_from(form, pillars, provinces)
    args = {key: request.args[key] for key in FILTER_ARGS if request.args.get(key)}
    page = link_pages(listing.approved_experiences(wanted, page_number()), "experiences.index", args=args)
    return render_template(
        "experiences/index.html",
        form=form,
        wanted=wanted,
        page=page,
        args=args,
        canonical_path=page_url("experiences.index", page.number, args),
        municipalities=municipalities_by_name(),
        author_line=listing.author_line,
        excerpt=listing.excerpt,
        kind_labels=listing.KIND_LABELS,
        comment_counts=listing.comment_counts(page.items),
    )


def _visible(experience: Experience) -> bool:
    if experience.is_public:
        return True
    return current_user.is_authenticated and (current_user.is_moderator or experience.author_id == current_user.id)


@bp.get("/ervaringen/<int:experience_id>")
@bp.get("/ervaringen/<int:experience_id>-<slug>")
@shows_sent_forms(bp)
def show(experience_id: int, slug: str | None = None):
    experience = db.get_or_404(Experience, experience_id)
    if not _visible(experience):
        abort(404)
    if slug != experience.slug:
        return redirect(url_for("experiences.show", experience_id=experience.id, slug=experience.slug), 301)
    return render_experience(experience)


@bp.post("/ervaringen/<int:experience_id>/herkenbaar")
@confirmed_required
def recognise(experience_id: int):
    experience = db.get_or_404(Experience, experience_id)
    if EmptyForm().validate_on_submit():
        try:
            now_recognised = experiences.toggle_recognition(current_user, experience)
        except experiences.ExperienceError as error:
            flash(str(error), "warning")
        else:
            flash(_("Je vindt dit herkenbaar.") if now_recognised else _("Je vindt dit niet meer herkenbaar."))
    target = url_for("experiences.show", experience_id=experience.id, slug=experience.slug)
    return redirect(target + "#herkenbaar")


@bp.get("/ervaringen/foto/<int:photo_id>.<ext>")
def photo(photo_id: int, ext: str):
    photo = db.get_or_404(ExperiencePhoto, photo_id)
    if ext != photo.extension or not experiences.can_view_photo(current_user, photo):
        abort(404)
    response = make_response(photo.data)
    response.mimetype = photo.content_type
    if experiences.is_photo_public(photo):
        # A photo never changes under its URL: an edit makes a new one.
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    response.set_etag(photo.sha256)
    return response.make_conditional(request)


def _feed(municipality: Municipality | None):
    entries = listing.feed_experiences(municipality)
    updated = max((e.approved_at for e in entries if e.approved_at), default=utcnow())
    body = render_template(
        "experiences/feed.xml",
        entries=entries,
        municipality=municipality,
        updated=updated,
        author_line=listing.author_line,
        excerpt=listing.excerpt,
    )
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


@bp.get("/ervaringen/feed.xml")
def feed():
    return _feed(None)


@bp.get("/ervaringen/feed/<slug>.xml")
def municipality_feed(slug: str):
    municipality = db.first_or_404(db.select(Municipality).filter_by(slug=slug))
    return _feed(municipality)
