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
from flask_babel import get_locale, gettext

from wijkstem.models.organisations import KINDS as ORGANISATION_KINDS
from wijkstem.services.content.content import reference_names


def N_(message: str) -> str:
    """Marks a text for translation (Babel extracts N_); it is translated when the document is built."""
    return message


# The endpoints of the public API, in the order the documentation shows them.
ENDPOINTS = (
    "api.pillars",
    "api.pillar",
    "api.common_ground",
    "experiences_api.list_experiences",
    "api.municipalities",
    "api.municipality",
    "api.timeseries",
    "api.organisations",
)

COUNT = {"type": "integer", "minimum": 0}
NULLABLE_STRING = {"type": ["string", "null"]}
ENDORSEMENT_COUNTS = {
    "type": "object",
    "description": N_(
        "Steun per perspectief; verified = geverifieerde beroepskrachten en politici."
    ),
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
        "organisations": {
            **COUNT,
            "description": N_("Geverifieerde organisaties die deze pijler steunen; ze tellen apart van mensen"),
        },
    },
}
MUNICIPALITY = {
    "type": "object",
    "required": ["code", "name", "province", "population", "people", "endorsements", "url"],
    "properties": {
        "code": {"type": "string", "pattern": "^GM[0-9]{4}$", "description": N_("CBS-code")},
        "name": {"type": "string"},
        "province": {"type": "string"},
        "population": {**COUNT, "description": N_("CBS, 1 januari 2024")},
        "people": {
            **COUNT,
            "description": N_(
                "Mensen van hier die minstens één pijler steunen. Ieder telt één keer. Het is het getal op de "
                "pagina van de gemeente."
            ),
        },
        "endorsements": {**COUNT, "description": N_("Alle pijlers samen (wie meer pijlers steunt, telt per pijler)")},
        "url": {"type": "string", "format": "uri"},
    },
}
LINK = {"type": ["string", "null"], "format": "uri"}
PERSPECTIVE_NAMES = ("resident", "professional", "politician")
GROUP_FIGURES = {
    "type": "object",
    "description": N_("Antwoorden van één perspectief; pa = (eens + 1) / (gezien + 2)"),
    "required": ["agree", "disagree", "pass", "seen", "pa"],
    "properties": {**dict.fromkeys(("agree", "disagree", "pass", "seen"), COUNT), "pa": {"type": "number"}},
}
STATEMENT_FIGURES = {
    "type": "object",
    "required": ["ref", "text", "groups"],
    "properties": {
        "ref": {"type": "string", "description": N_("punt-<id> (een punt) of reactie-<id> (een reactie)")},
        "position": {"type": ["integer", "null"], "description": N_("Het nummer van het punt; null bij een reactie")},
        "text": {"type": "string"},
        "author_perspective": {**NULLABLE_STRING, "description": N_("Perspectief van wie de reactie schreef")},
        "groups": {
            "type": "object",
            "properties": dict.fromkeys(PERSPECTIVE_NAMES, GROUP_FIGURES),
        },
        "score": {
            "type": "number",
            "description": N_("Gedeelde grond: het meetkundig gemiddelde van pa over de groepen"),
        },
        "more": {"type": "string", "description": N_("Verschil: het perspectief dat vaker eens is")},
        "less": {"type": "string", "description": N_("Verschil: het perspectief dat minder vaak eens is")},
        "z": {"type": "number", "description": N_("Verschil: de som van de toetsen op eens en oneens")},
        "direction": {"type": "string", "enum": ["agree", "disagree"], "description": N_("Kenmerkend")},
        "ratio": {"type": "number", "description": N_("Kenmerkend: pa (of pd) van de groep / van de rest")},
    },
}
COMMON_GROUND = {
    "type": "object",
    "required": [
        "slug",
        "scope",
        "computed_at",
        "min_voters",
        "voters",
        "missing",
        "enough",
        "common_ground",
        "differences",
        "representative",
    ],  # fmt: skip
    "properties": {
        "slug": {"type": "string"},
        "scope": {"type": "string", "description": N_("NL, of de CBS-code van de gemeente")},
        "computed_at": {**NULLABLE_STRING, "format": "date-time", "description": N_("null: nog niet berekend")},
        "min_voters": COUNT,
        "voters": {"type": "object", "properties": dict.fromkeys(PERSPECTIVE_NAMES, COUNT)},
        "missing": {"type": "object", "properties": dict.fromkeys(PERSPECTIVE_NAMES, COUNT)},
        "enough": {"type": "boolean"},
        "common_ground": {"type": "array", "items": STATEMENT_FIGURES, "maxItems": 5},
        "differences": {"type": "array", "items": STATEMENT_FIGURES, "maxItems": 5},
        "representative": {
            "type": "object",
            "description": N_("Wat elk perspectief het meest zegt, tegenover de anderen (top 5)"),
            "properties": dict.fromkeys(PERSPECTIVE_NAMES, {"type": "array", "items": STATEMENT_FIGURES}),
        },
    },
}
SCHEMAS: dict[str, dict] = {
    "CommonGround": COMMON_GROUND,
    "Error": {
        "type": "object",
        "description": N_("Elk foutantwoord van de API heeft deze vorm."),
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
        "description": N_("Een goedgekeurde, zichtbare ervaring. De naam van de schrijver staat hier nooit bij."),
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
                "description": N_("Dezelfde links als in de Link-header."),
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
                        "description": N_(
                            "Mensen (ieder één keer geteld) per perspectief; verified = geverifieerde "
                            "beroepskrachten en politici"
                        ),
                    },
                    "pillars": {
                        "type": "object",
                        "description": N_("Slug van de pijler -> steun per perspectief"),
                        "additionalProperties": {"$ref": "#/components/schemas/EndorsementCounts"},
                    },
                    "experiences": {**COUNT, "description": N_("Goedgekeurde, zichtbare ervaringen")},
                    "organisations": {
                        **COUNT,
                        "description": N_(
                            "Geverifieerde organisaties die hier werken en minstens één pijler steunen; ze tellen "
                            "apart van mensen"
                        ),
                    },
                },
            },
        ]
    },
    "Organisation": {
        "type": "object",
        "required": ["name", "slug", "kind", "website", "municipalities", "pillars", "url"],
        "properties": {
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "kind": {
                "type": "string",
                "enum": list(ORGANISATION_KINDS),
                "description": N_("Soort organisatie, zoals bewonersorganisatie of woningcorporatie"),
            },
            "website": {"type": "string", "format": "uri"},
            "municipalities": {
                "type": "array",
                "description": N_("Gemeenten waar de organisatie werkt, met de wijk als die is opgegeven"),
                "items": {
                    "type": "object",
                    "required": ["code", "name", "wijk"],
                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "wijk": NULLABLE_STRING},
                },
            },
            "pillars": {
                "type": "array",
                "description": N_("De pijlers die de organisatie steunt, met haar motivatie"),
                "items": {
                    "type": "object",
                    "required": ["slug", "motivation"],
                    "properties": {"slug": {"type": "string"}, "motivation": NULLABLE_STRING},
                },
            },
            "url": {"type": "string", "format": "uri"},
        },
    },
    "OrganisationList": {
        "type": "object",
        "required": ["items", "total"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Organisation"}},
            "total": COUNT,
        },
    },
    "TimeSeries": {
        "type": "object",
        "required": ["municipality", "pillars"],
        "properties": {
            "municipality": {"type": ["string", "null"], "description": N_("CBS-code, of null voor heel Nederland")},
            "pillars": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["slug", "daily", "hourly"],
                    "properties": {
                        "slug": {"type": "string"},
                        "daily": {
                            "type": "array",
                            "description": N_("De steun die nu geldt, per dag waarop die werd gegeven (UTC)"),
                            "items": {
                                "type": "object",
                                "required": ["day", "count"],
                                "properties": {"day": {"type": "string", "format": "date"}, "count": COUNT},
                            },
                        },
                        "hourly": {
                            "type": "array",
                            "description": N_("Hetzelfde voor de laatste 7 dagen, per uur (UTC)"),
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

DESCRIPTION = N_(
    "Open data van wijkstem. De steun voor het Manifest voor een succesvolle wijkaanpak: per pijler, "
    "perspectief, gemeente en door de tijd. En de goedgekeurde ervaringen uit de wijken. Alleen openbare "
    "gegevens: geen e-mailadressen, geen namen, niets wat nog wacht of verborgen is. Antwoorden hebben een "
    "ETag en Cache-Control; lijsten zijn verdeeld in pagina's met een Link-header. "
    "Gegevens over gemeenten: Bron: CBS / PDOK (CC BY 4.0)."
)
# The texts of the document that are read by people: translated into the visitor's language.
TRANSLATED_KEYS = frozenset({"title", "summary", "description"})


def accepted_values() -> dict[str, dict]:
    """Exactly the values the filters accept, from the same files the reference data are loaded from
    (an empty value means no filter)."""
    names = reference_names()
    municipality = [*names.municipality_codes, *names.municipality_slugs, *names.municipality_names]
    return {
        "MunicipalityCodeFilter": {
            "type": "string",
            "description": N_("De CBS-code van een gemeente (zoals in /api/v1/municipalities), of leeg."),
            "enum": ["", *names.municipality_codes],
        },
        "MunicipalityFilter": {
            "type": "string",
            "description": N_(
                "De CBS-code, slug of naam van een gemeente, precies zoals in /api/v1/municipalities, of leeg."
            ),
            "enum": ["", *dict.fromkeys(municipality)],
        },
        "ProvinceFilter": {
            "type": "string",
            "description": N_("Een provincie, of leeg."),
            "enum": ["", *names.provinces],
        },
        "PillarFilter": {
            "type": "string",
            "description": N_("De slug van een pijler, of leeg."),
            "enum": ["", *names.pillar_slugs],
        },
    }


def build_document(app: Flask) -> dict:
    """The document in Dutch, as written in the code."""
    spec = APISpec(
        title=N_("Open data van wijkstem"),
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


def translated(node, key: str = ""):
    """The document with every text for people (title, summary, description) in the current language.
    Names of fields, parameters and values stay as they are: programs depend on them."""
    if isinstance(node, dict):
        return {name: translated(value, name) for name, value in node.items()}
    if isinstance(node, list):
        return [translated(value) for value in node]
    if key in TRANSLATED_KEYS and isinstance(node, str):
        return gettext(node)
    return node


def openapi_document(app: Flask) -> dict:
    """Built once per process and language: the document depends on the code only."""
    documents = app.extensions.setdefault("wijkstem_openapi", {})
    if "nl" not in documents:
        documents["nl"] = build_document(app)
    locale = str(get_locale() or "nl")
    if locale not in documents:
        documents[locale] = translated(documents["nl"])
    return documents[locale]
