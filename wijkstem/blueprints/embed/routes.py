"""Small pages and badges partner websites may show: the only framable routes of the site."""

from __future__ import annotations

from flask import g, make_response, render_template

from wijkstem.blueprints.embed import bp
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.services import endorsements
from wijkstem.urls import absolute_url

EMBED_MAX_AGE = 300


def pillar_and_counts(slug: str) -> tuple[Pillar, endorsements.EndorsementCounts]:
    pillar = db.first_or_404(db.select(Pillar).filter_by(slug=slug))
    return pillar, endorsements.pillar_counts().get(pillar.slug, endorsements.EndorsementCounts())


@bp.get("/embed/pillar/<slug>")
def pillar(slug: str):
    pillar, counts = pillar_and_counts(slug)
    g.framable = True
    response = make_response(
        render_template(
            "embed/pillar.html", pillar=pillar, counts=counts, url=absolute_url("pillars.pillar", slug=pillar.slug)
        )
    )
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response


@bp.get("/embed/pillar/<slug>/badge.svg")
def badge(slug: str):
    pillar, counts = pillar_and_counts(slug)
    value = f"{counts.total:,}".replace(",", ".")
    response = make_response(render_template("embed/badge.svg", pillar=pillar, value=value, total=counts.total))
    response.mimetype = "image/svg+xml"
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response
