"""The open-data API, version 1. Only public data; keep the shape stable."""

from __future__ import annotations

from flask import abort, jsonify

from wijkstem.blueprints.api import bp
from wijkstem.models import Pillar
from wijkstem.models.comments import PILLAR
from wijkstem.page_cache import cached_for_visitors
from wijkstem.services.comments import comment_counts, comment_counts_by_point
from wijkstem.services.content import pillars_in_order
from wijkstem.services.endorsements import EndorsementCounts, counts_for_pillar, pillar_counts
from wijkstem.urls import absolute_url


def _pillar_json(pillar: Pillar, counts: EndorsementCounts, comments: int) -> dict:
    return {
        "slug": pillar.slug,
        "position": pillar.position,
        "title": pillar.title,
        "url": absolute_url("public.pillar", slug=pillar.slug),
        "endorsements": counts.as_dict(),
        "comments": comments,
    }


@bp.get("/pillars")
@cached_for_visitors
def pillars():
    counts = pillar_counts()
    comments = comment_counts(PILLAR)
    return jsonify(
        {
            "pillars": [
                _pillar_json(p, counts.get(p.slug, EndorsementCounts()), comments.get(p.id, 0))
                for p in pillars_in_order()
            ]
        }
    )


@bp.get("/pillars/<slug>")
@cached_for_visitors
def pillar(slug: str):
    current = next((p for p in pillars_in_order() if p.slug == slug), None)
    if current is None:
        abort(404)
    per_point = comment_counts_by_point(PILLAR, current.id)
    data = _pillar_json(current, counts_for_pillar(current.id), sum(per_point.values()))
    data["points"] = [
        {"position": point.position, "text": point.text, "comments": per_point.get(point.id, 0)}
        for point in current.points
    ]
    return jsonify(data)
