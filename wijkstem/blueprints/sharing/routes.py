"""Preview images, QR codes, posters and the Mastodon hand-off."""

from __future__ import annotations

import hashlib

from flask import abort, make_response, render_template, request
from flask_babel import gettext as _

from wijkstem.blueprints.sharing import bp
from wijkstem.blueprints.sharing.forms import MastodonShareForm
from wijkstem.extensions import db
from wijkstem.models import Experience
from wijkstem.services.endorsements import endorsements
from wijkstem.services.experiences import experience_listing
from wijkstem.services.insight.municipalities import municipality_by_slug
from wijkstem.services.sharing.preview_images import (
    experience_card,
    municipality_card,
    pillar_card,
    render_card,
    site_card,
)
from wijkstem.services.sharing.qr_codes import qr_png, qr_svg
from wijkstem.services.sharing.sharing import InvalidInstance, NotOurPage, mastodon_share_url, own_absolute_url
from wijkstem.urls import absolute_url
from wijkstem.web.lookups import pillar_or_404

IMAGE_MAX_AGE = 300  # counts move; crawlers revalidate with the ETag after five minutes
QR_MAX_AGE = 86400


def cached_response(body: bytes, mimetype: str, etag: str, max_age: int):
    response = make_response(body)
    response.mimetype = mimetype
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response.make_conditional(request)


def png_card_response(card):
    return cached_response(render_card(card), "image/png", card.etag, IMAGE_MAX_AGE)


@bp.get("/delen/afbeelding/pijler/<slug>.png")
def pillar_image(slug: str):
    return png_card_response(pillar_card(pillar_or_404(slug)))


@bp.get("/delen/afbeelding/gemeente/<slug>.png")
def municipality_image(slug: str):
    municipality = municipality_by_slug(slug)
    if municipality is None:
        abort(404)
    return png_card_response(municipality_card(municipality))


@bp.get("/delen/afbeelding/ervaring/<int:experience_id>.png")
def experience_image(experience_id: int):
    experience = db.get_or_404(Experience, experience_id)
    if not experience.is_public:
        abort(404)
    comment_count = experience_listing.comment_counts([experience]).get(experience.id, 0)
    return png_card_response(experience_card(experience, comment_count))


@bp.get("/delen/afbeelding/wijkstem.png")
def site_image():
    return png_card_response(site_card())


def requested_site_url() -> str:
    try:
        return own_absolute_url(request.args.get("url", ""))
    except NotOurPage:
        abort(404)


@bp.get("/delen/qr.svg")
def qr_code_svg():
    url = requested_site_url()
    return cached_response(qr_svg(url), "image/svg+xml", hash_url(url), QR_MAX_AGE)


@bp.get("/delen/qr.png")
def qr_code_png():
    url = requested_site_url()
    return cached_response(qr_png(url), "image/png", hash_url(url), QR_MAX_AGE)


def hash_url(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


@bp.get("/delen/mastodon")
def mastodon():
    form = MastodonShareForm(request.args)
    try:
        page_url = own_absolute_url(form.url.data or "")
    except NotOurPage:
        abort(400)
    if "instance" in request.args and form.validate():
        try:
            target = mastodon_share_url(form.instance.data or "", page_url, form.text.data or "")
        except InvalidInstance:
            form.instance.errors = [_("Vul alleen de naam van je server in, bijvoorbeeld mastodon.social.")]
        else:
            # A page with a link, not a redirect: the CSP's form-action 'self' blocks redirects to other hosts.
            return render_template("sharing/mastodon_continue.html", target=target, host=target.split("/")[2])
    return render_template("sharing/mastodon.html", form=form, page_url=page_url)


@bp.get("/manifest/<slug>/poster")
def pillar_poster(slug: str):
    pillar = pillar_or_404(slug)
    url = absolute_url("pillars.pillar", slug=pillar.slug)
    counts = endorsements.pillar_counts().get(pillar.slug, endorsements.EndorsementCounts())
    return render_template("sharing/poster.html", heading=pillar.title, url=url, total=counts.total, pillar=pillar)
