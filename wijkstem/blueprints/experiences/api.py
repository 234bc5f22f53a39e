"""GET /api/v1/experiences: approved experiences only, the same service as the HTML list."""

from __future__ import annotations

from flask import jsonify, request

from wijkstem.blueprints.experiences import api_bp
from wijkstem.pagination import whole_number
from wijkstem.services.content.content import find_pillar, municipality_by_identifier
from wijkstem.services.experiences import experience_listing as listing
from wijkstem.urls import absolute_url
from wijkstem.web.api_http import api_error

MAX_QUERY_LENGTH = 200


@api_bp.get("/experiences")
def list_experiences():
    """Approved experiences, newest first.
    ---
    get:
      summary: Goedgekeurde, zichtbare ervaringen, nieuwste eerst, 20 per pagina
      tags: [experiences]
      parameters:
        - name: municipality
          in: query
          schema: {$ref: "#/components/schemas/MunicipalityFilter"}
          description: "CBS-code, slug of naam, precies zoals in de lijst; leeg: alle gemeenten"
        - name: pillar
          in: query
          schema: {$ref: "#/components/schemas/PillarFilter"}
          description: "Slug van de pijler; leeg: alle pijlers"
        - name: kind
          in: query
          schema: {type: string, enum: ["", goes-well, could-be-better]}
          description: "leeg: beide soorten"
        - name: q
          in: query
          schema: {type: string, maxLength: 200, pattern: '^[^\\x00]*$'}
          description: Woorden om op te zoeken (geen NUL-tekens)
        - {name: page, in: query, schema: {type: integer, minimum: 1, maximum: 9999, default: 1}}
      responses:
        200:
          description: Eén pagina met ervaringen
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ExperienceList"}
        400:
          description: Een onbekende gemeente, pijler of soort, een te lange q, of een fout paginanummer
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    wanted = listing.ExperienceFilter()
    if code := request.args.get("municipality"):
        wanted.municipality = municipality_by_identifier(code)
        if wanted.municipality is None:
            return api_error(f"unknown municipality {code!r}")
    if slug := request.args.get("pillar"):
        wanted.pillar = find_pillar(slug)
        if wanted.pillar is None:
            return api_error(f"unknown pillar {slug!r}")
    if kind := request.args.get("kind"):
        if kind not in listing.KIND_LABELS:
            return api_error(f"unknown kind {kind!r}")
        wanted.kind = kind
    wanted.query = request.args.get("q", "")
    if len(wanted.query) > MAX_QUERY_LENGTH:
        return api_error(f"q must be at most {MAX_QUERY_LENGTH} characters")
    number = whole_number(request.args.get("page", "1"), 9999)
    if number is None:
        return api_error("page must be a positive number")
    page = listing.approved_experiences(wanted, number)
    counts = listing.comment_counts(page.items)
    items = [
        listing.api_item(e, absolute_url("experiences.show", experience_id=e.id, slug=e.slug), counts.get(e.id, 0))
        for e in page.items
    ]
    response = jsonify({"items": items, "page": page.number, "pages": page.pages, "total": page.total})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
