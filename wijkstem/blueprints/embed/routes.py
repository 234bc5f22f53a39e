"""Small pages and badges partner websites may show: the only framable routes of the site."""

from __future__ import annotations

from flask import abort, g, make_response, render_template

from wijkstem.blueprints.embed import bp
from wijkstem.models import Municipality, Pillar
from wijkstem.services.endorsements import endorsements
from wijkstem.services.insight.municipalities import LocalPeople, local_people, municipality_by_slug
from wijkstem.services.organisations.organisation_listing import public_organisation_by_slug, supported_pillars
from wijkstem.urls import absolute_url
from wijkstem.web.lookups import pillar_or_404

EMBED_MAX_AGE = 300


def pillar_and_counts(slug: str) -> tuple[Pillar, endorsements.EndorsementCounts]:
    pillar = pillar_or_404(slug)
    return pillar, endorsements.pillar_counts().get(pillar.slug, endorsements.EndorsementCounts())


@bp.get("/embed/pillar/<slug>")
def pillar(slug: str):
    pillar, counts = pillar_and_counts(slug)
    g.framable = True
    response = make_response(
        render_template(
            "embed/pillar.html",
            pillar=pillar,
            counts=counts,
            url=absolute_url("pillars.pillar", slug=pillar.slug),
            counting_url=absolute_url("public.counting"),
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


def municipality_and_people(slug: str) -> tuple[Municipality, LocalPeople]:
    municipality = municipality_by_slug(slug)
    if municipality is None:
        abort(404)
    return municipality, local_people(municipality.id)


@bp.get("/embed/gemeente/<slug>")
def municipality(slug: str):
    """A municipality's people (each counted once, as on its page) for a local partner's website."""
    place, people = municipality_and_people(slug)
    g.framable = True
    response = make_response(
        render_template(
            "embed/municipality.html",
            municipality=place,
            people=people,
            url=absolute_url("municipalities.show", slug=place.slug),
            counting_url=absolute_url("public.counting"),
        )
    )
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response


@bp.get("/embed/gemeente/<slug>/badge.svg")
def municipality_badge(slug: str):
    place, people = municipality_and_people(slug)
    value = f"{people.total:,}".replace(",", ".")
    response = make_response(
        render_template("embed/municipality_badge.svg", municipality=place, value=value, total=people.total)
    )
    response.mimetype = "image/svg+xml"
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response


def public_organisation(slug: str):
    organisation = public_organisation_by_slug(slug)
    if organisation is None:
        abort(404)
    return organisation, supported_pillars([organisation])[organisation.id]


@bp.get("/embed/organisatie/<slug>")
def organisation(slug: str):
    """What an organisation supports, for its own website; the link carries its code (?via=)."""
    organisation, support = public_organisation(slug)
    g.framable = True
    response = make_response(
        render_template(
            "embed/organisation.html",
            org=organisation,
            support=support,
            page_url=absolute_url("organisations.show", slug=organisation.slug),
            url=absolute_url("organisations.show", slug=organisation.slug, via=organisation.share_code),
        )
    )
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response


@bp.get("/embed/organisatie/<slug>/badge.svg")
def organisation_badge(slug: str):
    organisation, support = public_organisation(slug)
    response = make_response(
        render_template("embed/organisation_badge.svg", org=organisation, pillars=len(support))
    )
    response.mimetype = "image/svg+xml"
    response.headers["Cache-Control"] = f"public, max-age={EMBED_MAX_AGE}"
    return response
