"""Open data about municipalities and support over time, and the API's own description."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request, url_for

from wijkstem.blueprints.api import bp
from wijkstem.blueprints.api.openapi import openapi_document
from wijkstem.pagination import whole_number
from wijkstem.services.content.content import pillars_in_order
from wijkstem.services.experiences.experience_listing import provinces
from wijkstem.services.insight import insight, open_data
from wijkstem.services.insight.municipalities import municipality_by_code, municipality_by_exact_code
from wijkstem.services.organisations.organisation_listing import count_supporting
from wijkstem.urls import absolute_url
from wijkstem.web.api_http import api_error


def _whole_number(name: str, default: int, maximum: int) -> int | None:
    return whole_number(request.args.get(name, str(default)), maximum)


def _page_links(page: int, pages: int, **args) -> dict[str, str | None]:
    def link(number: int) -> str:
        assert request.endpoint is not None  # always set inside a view
        return absolute_url(request.endpoint, page=number, **args)

    return {
        "self": link(page),
        "first": link(1),
        "last": link(pages),
        "next": link(page + 1) if page < pages else None,
        "prev": link(page - 1) if 1 < page <= pages + 1 else None,
    }


@bp.get("/municipalities")
def municipalities():
    """All municipalities, paged.
    ---
    get:
      summary: Alle gemeenten met hun aantal inwoners, hun mensen die steunen en hun steunbetuigingen, op CBS-code
      tags: [municipalities]
      parameters:
        - {name: page, in: query, schema: {type: integer, minimum: 1, maximum: 10000, default: 1}}
        - {name: per_page, in: query, schema: {type: integer, minimum: 1, maximum: 200, default: 50}}
        - name: province
          in: query
          schema: {$ref: "#/components/schemas/ProvinceFilter"}
          description: "leeg: alle provincies"
          example: Utrecht
      responses:
        200:
          description: Eén pagina met gemeenten; de Link-header wijst naar de eerste, laatste, volgende en vorige pagina
          headers:
            Link: {schema: {type: string}, description: "Links naar de andere pagina's (RFC 8288)"}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/MunicipalityList"}
        400:
          description: Een fout paginanummer of een onbekende provincie
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    page = _whole_number("page", 1, 10_000)
    per_page = _whole_number("per_page", open_data.PER_PAGE, open_data.MAX_PER_PAGE)
    if page is None or per_page is None:
        return api_error(f"page must be 1 to 10000 and per_page 1 to {open_data.MAX_PER_PAGE}")
    province = request.args.get("province") or None
    if province is not None and province not in provinces():
        return api_error("unknown province")
    result = open_data.municipalities_page(page, per_page, province)
    args = {"per_page": per_page, **({"province": province} if province else {})}
    links = _page_links(page, result.pages, **args)
    response = jsonify(
        {
            "items": [
                open_data.municipality_item(
                    m, n, absolute_url("municipalities.show", slug=m.slug), result.people.get(m.id, 0)
                )
                for m, n in result.items
            ],
            "page": page,
            "per_page": per_page,
            "pages": result.pages,
            "total": result.total,
            "links": links,
        }
    )
    response.headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)
    return response


@bp.get("/municipalities/<code>")
def municipality(code: str):
    """One municipality.
    ---
    get:
      summary: Eén gemeente, met de mensen die steunen, de steun per pijler en perspectief en het aantal ervaringen
      tags: [municipalities]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string, pattern: '^[Gg][Mm][0-9]{4}$'}, example: GM0344}
      responses:
        200:
          description: De gemeente
          content:
            application/json:
              schema: {$ref: "#/components/schemas/MunicipalityDetail"}
        404:
          description: Geen gemeente met deze CBS-code
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    place = municipality_by_code(code)
    if place is None:
        return api_error("unknown municipality", 404)
    url = absolute_url("municipalities.show", slug=place.slug)
    data = open_data.municipality_figures(place, pillars_in_order(), url)
    data["organisations"] = count_supporting(place)  # counted apart from people (issue 27)
    return jsonify(data)


@bp.get("/stats/timeseries")
def timeseries():
    """Endorsements over time.
    ---
    get:
      summary: Steun per pijler per dag, en per uur voor de laatste 7 dagen (UTC)
      description: Telt de steun die nu geldt, op de dag of het uur waarop die werd gegeven.
      tags: [statistics]
      parameters:
        - name: municipality
          in: query
          schema: {$ref: "#/components/schemas/MunicipalityCodeFilter"}
          description: "CBS-code, bijvoorbeeld GM0344; leeg: heel Nederland"
      responses:
        200:
          description: Eén reeks per pijler
          content:
            application/json:
              schema: {$ref: "#/components/schemas/TimeSeries"}
        400:
          description: Een onbekende gemeente
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
    """
    place = None
    if code := request.args.get("municipality"):
        place = municipality_by_exact_code(code)
        if place is None:
            return api_error("unknown municipality")
    series = insight.time_series(place)
    return jsonify(
        {
            "municipality": place.code if place else None,
            "pillars": [
                {
                    "slug": pillar.slug,
                    "daily": [{"day": day.isoformat(), "count": n} for day, n in series.daily.get(pillar.id, [])],
                    "hourly": [
                        {"hour": hour.isoformat() + "Z", "count": n} for hour, n in series.hourly.get(pillar.id, [])
                    ],
                }
                for pillar in pillars_in_order()
            ],
        }
    )


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(current_app._get_current_object()))  # type: ignore[attr-defined]  # LocalProxy


@bp.get("/documentatie")
def documentation():
    """The API described for people, drawn from the same document on the server (no scripts)."""
    return render_template(
        "api/documentation.html",
        document=openapi_document(current_app._get_current_object()),  # type: ignore[attr-defined]  # LocalProxy
        openapi_url=url_for("api.openapi"),
    )
