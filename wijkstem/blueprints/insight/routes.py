"""The figures pages (/cijfers), a municipality's open data downloads and the research export."""

from __future__ import annotations

import json

from flask import Response, abort, current_app, render_template, request

from wijkstem.blueprints.insight import bp
from wijkstem.clock import utcnow
from wijkstem.models import Municipality
from wijkstem.services.content.content import municipalities_by_name, pillars_in_order
from wijkstem.services.insight import insight, open_data
from wijkstem.services.insight.charts import choropleth
from wijkstem.services.insight.municipalities import municipality_by_slug
from wijkstem.services.moderation import open_moderation
from wijkstem.services.organisations import organisation_listing
from wijkstem.services.statements.results import (
    NATIONAL,
    common_ground_csv,
    common_ground_download,
    pillars_with_results,
    present,
)
from wijkstem.urls import absolute_url
from wijkstem.web.access import admin_required


def _municipality_or_404(slug: str) -> Municipality:
    municipality = municipality_by_slug(slug)
    if municipality is None:
        abort(404)
    return municipality


def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@bp.get("/cijfers")
def dashboard():
    municipalities = municipalities_by_name()
    provinces = sorted({m.province for m in municipalities})
    wanted = insight.InsightFilter.from_args(request.args, provinces)
    # The pillars come with the stored common ground (the same queries as pillars_in_order).
    pillars, stored = pillars_with_results(NATIONAL)
    figures = insight.dashboard(wanted, pillars, municipalities)
    return render_template(
        "insight/dashboard.html",
        wanted=wanted,
        provinces=provinces,
        figures=figures,
        charts=insight.dashboard_charts(figures, wanted),
        periods=insight.PERIODS,
        measures=insight.MAP_MEASURES,
        common_ground=_common_ground(pillars, stored),
        organisation_support=organisation_listing.organisation_support(),
    )


def _common_ground(pillars: list, stored: dict[int, dict]) -> dict:
    """pillar id -> what the common-ground job stored, in words."""
    minimum = current_app.config["COMMON_GROUND_MIN_VOTERS"]
    return {pillar.id: present(stored.get(pillar.id), minimum) for pillar in pillars}


@bp.get("/cijfers/gemeente/<slug>")
def municipality(slug: str):
    place = _municipality_or_404(slug)
    pillars, stored = pillars_with_results(place.code)
    return render_template(
        "insight/municipality.html",
        municipality=place,
        pillars=pillars,
        coalition=insight.coalition_rows(insight.coalition(place)),
        common_ground=_common_ground(pillars, stored),
    )


def _figures(place: Municipality) -> dict:
    return open_data.municipality_figures(
        place, pillars_in_order(), absolute_url("municipalities.show", slug=place.slug)
    )


def _experiences(place: Municipality) -> list[dict]:
    return open_data.visible_experiences(
        place, lambda e: absolute_url("experiences.show", experience_id=e.id, slug=e.slug)
    )


@bp.get("/cijfers/gemeente/<slug>/cijfers.<any(csv, json):fmt>")
def municipality_figures(slug: str, fmt: str):
    place = _municipality_or_404(slug)
    figures = _figures(place)
    if fmt == "csv":
        return _download(open_data.figures_csv(figures), "text/csv", f"wijkstem-{place.slug}-cijfers.csv")
    return _download(_json(figures), "application/json", f"wijkstem-{place.slug}-cijfers.json")


@bp.get("/cijfers/gemeenten.<any(csv, json):fmt>")
def national_figures(fmt: str):
    """Every municipality in one file: its people (each counted once) and endorsements."""
    items = open_data.national_figures(lambda m: absolute_url("municipalities.show", slug=m.slug))
    if fmt == "csv":
        return _download(open_data.national_csv(items), "text/csv", "wijkstem-gemeenten.csv")
    return _download(_json({"items": items}), "application/json", "wijkstem-gemeenten.json")


@bp.get("/cijfers/organisaties.<any(csv, json):fmt>")
def organisation_figures(fmt: str):
    """Every verified organisation that supports a pillar: counted apart from people (issue 27)."""
    items = organisation_listing.open_data()
    if fmt == "csv":
        return _download(organisation_listing.open_data_csv(items), "text/csv", "wijkstem-organisaties.csv")
    return _download(_json({"items": items}), "application/json", "wijkstem-organisaties.json")


@bp.get("/cijfers/gemeente/<slug>/ervaringen.<any(csv, json):fmt>")
def municipality_experiences(slug: str, fmt: str):
    place = _municipality_or_404(slug)
    items = _experiences(place)
    if fmt == "csv":
        return _download(open_data.experiences_csv(items), "text/csv", f"wijkstem-{place.slug}-ervaringen.csv")
    return _download(_json({"items": items}), "application/json", f"wijkstem-{place.slug}-ervaringen.json")


def _common_ground_file(scope: str, fmt: str, name: str) -> Response:
    pillars, stored = pillars_with_results(scope)
    download = common_ground_download(pillars, stored, scope, current_app.config["COMMON_GROUND_MIN_VOTERS"])
    if fmt == "csv":
        return _download(common_ground_csv(download), "text/csv", f"{name}.csv")
    return _download(_json(download), "application/json", f"{name}.json")


@bp.get("/cijfers/gemeenschappelijke-grond.<any(csv, json):fmt>")
def common_ground_figures(fmt: str):
    return _common_ground_file(NATIONAL, fmt, "wijkstem-gemeenschappelijke-grond")


@bp.get("/cijfers/gemeente/<slug>/gemeenschappelijke-grond.<any(csv, json):fmt>")
def municipality_common_ground(slug: str, fmt: str):
    place = _municipality_or_404(slug)
    return _common_ground_file(place.code, fmt, f"wijkstem-{place.slug}-gemeenschappelijke-grond")


@bp.get("/cijfers/moderatie")
def moderation():
    months = open_moderation.moderation_by_month()
    return render_template(
        "insight/moderation.html",
        months=months,
        totals=open_moderation.totals(months),
        decision_labels=open_moderation.decision_labels(),
        reason_labels=open_moderation.report_reason_labels(),
    )


@bp.get("/beheer/onderzoeksdata")
@admin_required
def research():
    return render_template("insight/research.html", readme=open_data.RESEARCH_README.format(date=utcnow().date()))


@bp.get("/beheer/onderzoeksdata.zip")
@admin_required
def research_export():
    response = _download(open_data.research_export(), "application/zip", f"wijkstem-onderzoek-{utcnow().date()}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.app_template_global()
def locator_map(place: Municipality):
    """The map of the Netherlands with one municipality marked, for its page and its PDF (no query)."""
    return choropleth([place], {}, highlight=place.code, all_shapes=True)
