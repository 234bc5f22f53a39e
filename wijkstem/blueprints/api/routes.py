"""The open-data API, version 1. Only public data; keep the shape stable."""

from __future__ import annotations

from flask import abort, jsonify

from wijkstem.blueprints.api import bp
from wijkstem.models import Pillar
from wijkstem.page_cache import cached_for_visitors
from wijkstem.services.comments import comment_counts, comment_counts_by_point
from wijkstem.services.content import pillars_in_order
from wijkstem.services.endorsements import EndorsementCounts, counts_for_pillar, pillar_counts
from wijkstem.subjects import Subject
from wijkstem.urls import absolute_url


def _pillar_json(pillar: Pillar, counts: EndorsementCounts, comments: int) -> dict:
    return {
        "slug": pillar.slug,
        "position": pillar.position,
        "title": pillar.title,
        "url": absolute_url("pillars.pillar", slug=pillar.slug),
        "endorsements": counts.as_dict(),
        "comments": comments,
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
    data = _pillar_json(current, counts_for_pillar(current.id), sum(per_point.values()))
    data["points"] = [
        {"position": point.position, "text": point.text, "comments": per_point.get(point.id, 0)}
        for point in current.points
    ]
    return jsonify(data)
