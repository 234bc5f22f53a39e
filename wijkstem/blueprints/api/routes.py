"""The open-data API, version 1. Only public data; keep the shape stable."""

from __future__ import annotations

from flask import abort, current_app, jsonify, request

from wijkstem.blueprints.api import bp
from wijkstem.models import Pillar
from wijkstem.services.content.content import pillars_in_order
from wijkstem.services.discussion.comments import comment_counts, comment_counts_by_point
from wijkstem.services.endorsements.endorsements import EndorsementCounts, counts_for_pillar, pillar_counts
from wijkstem.services.insight.municipalities import municipality_by_exact_code
from wijkstem.services.organisations import organisation_listing
from wijkstem.services.statements.results import NATIONAL, common_ground_json, pillars_with_results
from wijkstem.subjects import Subject
from wijkstem.urls import absolute_url
from wijkstem.web.api_http import api_error
from wijkstem.web.page_cache import cached_for_visitors


def _pillar_json(pillar: Pillar, counts: EndorsementCounts, comments: int, organisations: int) -> dict:
    return {
        "slug": pillar.slug,
        "position": pillar.position,
        "title": pillar.title,
        "url": absolute_url("pillars.pillar", slug=pillar.slug),
        "endorsements": counts.as_dict(),
        "comments": comments,
        "organisations": organisations,  # counted apart from people (issue 27)
    }


@bp.get("/pillars")
@cached_for_visitors
def pillars():
    """The three pillars with their counts.
    ---
    get:
      summary: Alle pijlers op volgorde, met de steun per perspectief en het aantal reacties
      tags: [pillars]
      responses:
        200:
          description: De pijlers
          content:
            application/json:
              schema: {$ref: "#/components/schemas/PillarList"}
    """
    counts = pillar_counts()
    comments = comment_counts(Subject.PILLAR)
    organisations = organisation_listing.counts_by_pillar()
    return jsonify(
        {
            "pillars": [
                _pillar_json(
                    p, counts.get(p.slug, EndorsementCounts()), comments.get(p.id, 0), organisations.get(p.id, 0)
                )
                for p in pillars_in_order()
            ]
        }
    )


@bp.get("/pillars/<slug>")
@cached_for_visitors
def pillar(slug: str):
    """One pillar with its points.
    ---
    get:
      summary: Eén pijler, met zijn punten en het aantal reacties per punt
      tags: [pillars]
      parameters:
        - name: slug
          in: path
          required: true
          schema: {type: string, pattern: '^[a-z0-9-]{1,80}$'}
          example: bewoners-leidend
      responses:
        200:
          description: De pijler
          content:
            application/json:
              schema: {$ref: "#/components/schemas/PillarDetail"}
        404:
          description: Geen pijler met deze slug
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    current = next((p for p in pillars_in_order() if p.slug == slug), None)
    if current is None:
        abort(404)
    per_point = comment_counts_by_point(Subject.PILLAR, current.id)
    organisations = organisation_listing.counts_by_pillar().get(current.id, 0)
    data = _pillar_json(current, counts_for_pillar(current.id), sum(per_point.values()), organisations)
    data["points"] = [
        {"position": point.position, "text": point.text, "comments": per_point.get(point.id, 0)}
        for point in current.points
    ]
    return jsonify(data)


@bp.get("/pillars/<slug>/common-ground")
@cached_for_visitors
def common_ground(slug: str):
    """Where residents, professionals and politicians agree and differ on a pillar's statements.
    ---
    get:
      summary: De gedeelde grond van een pijler, landelijk of in één gemeente
      description: >-
        Berekend uit de antwoorden (eens, oneens, weet ik niet) op de punten en reacties van de pijler. We
        tellen apart per opgegeven perspectief. We rekenen zoals Polis: pa = (eens+1)/(n+2), toets z =
        2·√(n+1)·((eens+1)/(n+1) − ½), duidelijk boven 1,2816. Verschillen: een toets van twee verhoudingen
        met +1. De lijsten blijven leeg tot elk perspectief `min_voters` mensen heeft die antwoordden (zie
        `missing`).
      tags: [pillars]
      parameters:
        - name: slug
          in: path
          required: true
          schema: {type: string, pattern: '^[a-z0-9-]{1,80}$'}
          example: bewoners-leidend
        - name: municipality
          in: query
          required: false
          description: 'CBS-code van een gemeente; zonder (of leeg): heel Nederland'
          schema: {$ref: "#/components/schemas/MunicipalityCodeFilter"}
          example: GM0344
      responses:
        200:
          description: Het opgeslagen resultaat
          content:
            application/json:
              schema: {$ref: "#/components/schemas/CommonGround"}
        400:
          description: Een onbekende gemeente
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        404:
          description: Geen pijler met deze slug
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    scope = NATIONAL
    if code := request.args.get("municipality"):
        place = municipality_by_exact_code(code)
        if place is None:
            return api_error("unknown municipality")
        scope = place.code
    pillars, stored = pillars_with_results(scope)
    current = next((p for p in pillars if p.slug == slug), None)
    if current is None:
        abort(404)
    return jsonify(
        common_ground_json(current.slug, scope, stored.get(current.id), current_app.config["COMMON_GROUND_MIN_VOTERS"])
    )


@bp.get("/organisations")
@cached_for_visitors
def organisations():
    """Organisations that support the manifesto.
    ---
    get:
      summary: Geverifieerde organisaties die minstens één pijler steunen, met hun motivatie
      description: Organisaties tellen apart van mensen. Alleen organisaties die een moderator heeft geverifieerd.
      tags: [organisations]
      parameters:
        - name: municipality
          in: query
          required: false
          description: 'Alleen organisaties die in deze gemeente werken (CBS-code); zonder (of leeg): heel Nederland'
          schema: {$ref: "#/components/schemas/MunicipalityCodeFilter"}
      responses:
        200:
          description: De organisaties
          content:
            application/json:
              schema: {$ref: "#/components/schemas/OrganisationList"}
        400:
          description: Een vraag die we niet kunnen lezen, bijvoorbeeld met een teken dat niet in een adres mag
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        404:
          description: Geen gemeente met deze CBS-code
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    code = request.args.get("municipality")
    place = None
    if code:
        place = municipality_by_exact_code(code)
        if place is None:
            return api_error("unknown municipality", 404)
    items = organisation_listing.open_data(place)
    for item in items:
        item["url"] = absolute_url("organisations.show", slug=item["slug"])
    return jsonify({"items": items, "total": len(items)})
