"""The OpenAPI 3.1 document of /api/v1, generated with apispec from the views themselves.

Paths come from the app's URL map (apispec-webframeworks' FlaskPlugin), each operation from the
YAML part of its view's docstring, and the shared shapes from SCHEMAS below. apispec fits this app
because it documents the plain Flask views as they are: no second routing layer, no other
framework's request handling, no change to the shape of existing answers.
"""

from __future__ import annotations

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask

from wijkstem.services.content import reference_names

# The endpoints of the public API, in the order the documentation shows them.
ENDPOINTS = (
    "api.pillars",
    "api.pillar",
    "api.common_ground",
    "experiences_api.list_experiences",
    "api.municipalities",
    "api.municipality",
    "api.timeseries",
)

COUNT = {"type": "integer", "minimum": 0}
NULLABLE_STRING = {"type": ["string", "null"]}
ENDORSEMENT_COUNTS = {
    "type": "object",
    "description": "Endorsements by perspective; verified = checked professionals and politicians.",
    "required": ["total", "resident", "professional", "politician", "verified"],
    "properties": dict.fromkeys(("total", "resident", "professional", "politician", "verified"), COUNT),
    "additionalProperties": False,
}
PILLAR = {
    "type": "object",
    "required": ["slug", "position", "title", "url", "endorsements", "comments"],
    "properties": {
        "slug": {"type": "string"},
        "position": {"type": "integer"},
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "endorsements": {"$ref": "#/components/schemas/EndorsementCounts"},
        "comments": COUNT,
    },
}
MUNICIPALITY = {
    "type": "object",
    "required": ["code", "name", "province", "population", "people", "endorsements", "url"],
    "properties": {
        "code": {"type": "string", "pattern": "^GM[0-9]{4}$", "description": "CBS code"},
        "name": {"type": "string"},
        "province": {"type": "string"},
        "population": {**COUNT, "description": "CBS, 1 January 2024"},
        "people": {
            **COUNT,
            "description": "People from here who support at least one pillar, each counted once: "
            "the number on the municipality page",
        },
        "endorsements": {**COUNT, "description": "All pillars together (one person counts once per pillar)"},
        "url": {"type": "string", "format": "uri"},
    },
}
LINK = {"type": ["string", "null"], "format": "uri"}
PERSPECTIVE_NAMES = ("resident", "professional", "politician")
GROUP_FIGURES = {
    "type": "object",
    "description": "Answers of one perspective; pa = (agree + 1) / (seen + 2)",
    "required": ["agree", "disagree", "pass", "seen", "pa"],
    "properties": {**dict.fromkeys(("agree", "disagree", "pass", "seen"), COUNT), "pa": {"type": "number"}},
}
STATEMENT_FIGURES = {
    "type": "object",
    "required": ["ref", "text", "groups"],
    "properties": {
        "ref": {"type": "string", "description": "punt-<id> (a point) or reactie-<id> (a comment)"},
        "position": {"type": ["integer", "null"], "description": "The point's number; null for a comment"},
        "text": {"type": "string"},
        "author_perspective": {**NULLABLE_STRING, "description": "Perspective of a comment's writer"},
        "groups": {
            "type": "object",
            "properties": dict.fromkeys(PERSPECTIVE_NAMES, GROUP_FIGURES),
        },
        "score": {"type": "number", "description": "Common ground: geometric mean of pa over the groups"},
        "more": {"type": "string", "description": "Difference: the perspective that agrees more"},
        "less": {"type": "string", "description": "Difference: the perspective that agrees less"},
        "z": {"type": "number", "description": "Difference: the sum of the agree and disagree tests"},
        "direction": {"type": "string", "enum": ["agree", "disagree"], "description": "Representative"},
        "ratio": {"type": "number", "description": "Representative: pa (or pd) of the group / of the rest"},
    },
}
COMMON_GROUND = {
    "type": "object",
    "required": ["slug", "scope", "computed_at", "min_voters", "voters", "missing", "enough",
                 "common_ground", "differences", "representative"],  # fmt: skip
    "properties": {
        "slug": {"type": "string"},
        "scope": {"type": "string", "description": "NL, or the municipality's CBS code"},
        "computed_at": {**NULLABLE_STRING, "format": "date-time", "description": "null: not computed yet"},
        "min_voters": COUNT,
        "voters": {"type": "object", "properties": dict.fromkeys(PERSPECTIVE_NAMES, COUNT)},
        "missing": {"type": "object", "properties": dict.fromkeys(PERSPECTIVE_NAMES, COUNT)},
        "enough": {"type": "boolean"},
        "common_ground": {"type": "array", "items": STATEMENT_FIGURES, "maxItems": 5},
        "differences": {"type": "array", "items": STATEMENT_FIGURES, "maxItems": 5},
        "representative": {
            "type": "object",
            "description": "What each perspective says most, against the others (top 5)",
            "properties": dict.fromkeys(PERSPECTIVE_NAMES, {"type": "array", "items": STATEMENT_FIGURES}),
        },
    },
}
SCHEMAS: dict[str, dict] = {
    "CommonGround": COMMON_GROUND,
    "Error": {
        "type": "object",
        "description": "Every error answer of the API has this shape.",
        "required": ["error", "status"],
        "properties": {"error": {"type": "string"}, "status": {"type": "integer", "minimum": 400, "maximum": 599}},
        "additionalProperties": False,
    },
    "EndorsementCounts": ENDORSEMENT_COUNTS,
    "Pillar": PILLAR,
    "PillarList": {
        "type": "object",
        "required": ["pillars"],
        "properties": {"pillars": {"type": "array", "items": {"$ref": "#/components/schemas/Pillar"}}},
    },
    "PillarDetail": {
        "allOf": [
            {"$ref": "#/components/schemas/Pillar"},
            {
                "type": "object",
                "required": ["points"],
                "properties": {
                    "points": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["position", "text", "comments"],
                            "properties": {
                                "position": {"type": "integer"},
                                "text": {"type": "string"},
                                "comments": COUNT,
                            },
                        },
                    }
                },
            },
        ]
    },
    "Experience": {
        "type": "object",
        "description": "An approved, visible experience. The author is never named here.",
        "required": [
            "id",
            "title",
            "excerpt",
            "municipality",
            "wijk",
            "pillars",
            "kind",
            "herkenbaar_count",
            "comment_count",
            "created_at",
            "approved_at",
            "url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "excerpt": {"type": "string"},
            "municipality": {
                "type": "object",
                "required": ["code", "name"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
            },
            "wijk": NULLABLE_STRING,
            "pillars": {"type": "array", "items": {"type": "string"}},
            "kind": {"type": "string", "enum": ["goes-well", "could-be-better"]},
            "herkenbaar_count": COUNT,
            "comment_count": COUNT,
            "created_at": {"type": "string", "format": "date-time"},
            "approved_at": {"type": ["string", "null"], "format": "date-time"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "ExperienceList": {
        "type": "object",
        "required": ["items", "page", "pages", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Experience"}},
            "page": {"type": "integer", "minimum": 1},
            "pages": COUNT,
            "total": COUNT,
        },
    },
    "Municipality": MUNICIPALITY,
    "MunicipalityList": {
        "type": "object",
        "required": ["items", "page", "per_page", "pages", "total", "links"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Municipality"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "total": COUNT,
            "links": {
                "type": "object",
                "description": "The same links as the Link header.",
                "required": ["self", "first", "last", "next", "prev"],
                "properties": dict.fromkeys(("self", "first", "last", "next", "prev"), LINK),
            },
        },
    },
    "MunicipalityDetail": {
        "allOf": [
            {"$ref": "#/components/schemas/Municipality"},
            {
                "type": "object",
                "required": ["people_by_perspective", "pillars", "experiences"],
                "properties": {
                    "people_by_perspective": {
                        **ENDORSEMENT_COUNTS,
                        "description": "People (each counted once) by perspective; verified = checked "
                        "professionals and politicians",
                    },
                    "pillars": {
                        "type": "object",
                        "description": "Pillar slug -> endorsements by perspective",
                        "additionalProperties": {"$ref": "#/components/schemas/EndorsementCounts"},
                    },
                    "experiences": {**COUNT, "description": "Approved, visible experiences"},
                },
            },
        ]
    },
    "TimeSeries": {
        "type": "object",
        "required": ["municipality", "pillars"],
        "properties": {
            "municipality": {"type": ["string", "null"], "description": "CBS code, or null for the whole country"},
            "pillars": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "daily", "hourly"],
                    "properties": {
                        "slug": {"type": "string"},
                        "daily": {
                            "type": "array",
                            "description": "Endorsements standing now, by the day they were given (UTC)",
                            "items": {
                                "type": "object",
                                "required": ["day", "count"],
                                "properties": {"day": {"type": "string", "format": "date"}, "count": COUNT},
                            },
                        },
                        "hourly": {
                            "type": "array",
                            "description": "The same for the last 7 days, by the hour (UTC)",
                            "items": {
                                "type": "object",
                                "required": ["hour", "count"],
                                "properties": {"hour": {"type": "string", "format": "date-time"}, "count": COUNT},
                            },
                        },
                    },
                },
            },
        },
    },
}

DESCRIPTION = (
    "Open data of wijkstem: support for the Manifest voor een succesvolle wijkaanpak by pillar, "
    "perspective, municipality and over time, and the approved local experiences. Only public data: "
    "no e-mail addresses, no names, nothing pending or hidden. Answers carry an ETag and "
    "Cache-Control; lists are paged with a Link header. Municipality data: Bron: CBS / PDOK (CC BY 4.0)."
)


def accepted_values() -> dict[str, dict]:
    """Exactly the values the filters accept, from the same files the reference data are loaded from
    (an empty value means no filter)."""
    names = reference_names()
    municipality = [*names.municipality_codes, *names.municipality_slugs, *names.municipality_names]
    return {
        "MunicipalityCodeFilter": {
            "type": "string",
            "description": "The CBS code of a municipality (as in /api/v1/municipalities), or empty.",
            "enum": ["", *names.municipality_codes],
        },
        "MunicipalityFilter": {
            "type": "string",
            "description": "A municipality's CBS code, slug or name, exactly as in /api/v1/municipalities, or empty.",
            "enum": ["", *dict.fromkeys(municipality)],
        },
        "ProvinceFilter": {"type": "string", "description": "A province, or empty.", "enum": ["", *names.provinces]},
        "PillarFilter": {
            "type": "string",
            "description": "A pillar's slug, or empty.",
            "enum": ["", *names.pillar_slugs],
        },
    }


def build_document(app: Flask) -> dict:
    spec = APISpec(
        title="wijkstem open data",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[FlaskPlugin()],
        info={"description": DESCRIPTION, "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"}},
    )
    for name, schema in {**SCHEMAS, **accepted_values()}.items():
        spec.components.schema(name, schema)
    for endpoint in ENDPOINTS:
        spec.path(view=app.view_functions[endpoint], app=app)
    return spec.to_dict()


def openapi_document(app: Flask) -> dict:
    """Built once per process: the document depends on the code only."""
    if "wijkstem_openapi" not in app.extensions:
        app.extensions["wijkstem_openapi"] = build_document(app)
    return app.extensions["wijkstem_openapi"]
