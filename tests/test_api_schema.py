"""Issues 14 and 26: schemathesis reads /api/v1/openapi.json and calls every documented endpoint
through WSGI (no network), in all its phases (examples, coverage, fuzzing, stateful). Besides
"no server error, answers as documented" it checks that the document is exactly as strict as the
server: valid input is accepted, invalid input refused with a 4xx, and an undocumented method
answered 405 with an Allow header."""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from tests.experience_builders import make_experience
from tests.insight_fixtures import spread_endorsements
from wijkstem.services.content.content import municipalities_by_name, pillars_in_order
from wijkstem.services.experiences.experience_listing import provinces

pytestmark = pytest.mark.schema

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "positive_data_acceptance",
    "unsupported_method",
)


def _run_schemathesis(app) -> tuple[list[str], set[str]]:
    """Every failed check (described for the assertion message) and the names of the checks that ran."""
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"mode": "all", "max-examples": 20, "database": "none"},
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            # Schemathesis' WSGI transport asks for compressed answers but does not unpack them.
            "headers": {"Accept-Encoding": "identity"},
        }
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    failures: list[str] = []
    ran: set[str] = set()
    for event in from_schema(schema).execute():
        if isinstance(event, events.FatalError | events.NonFatalError):
            failures.append(f"schemathesis error: {event}")
        if not isinstance(event, events.ScenarioFinished):
            continue
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                ran.add(check.name)
                if check.status == Status.FAILURE:
                    case = event.recorder.cases[case_id].value
                    failures.append(f"{check.name}: {case.method} {case.path} {case.query} -> {check.failure_info}")
    return failures, ran


def test_api_answers_match_its_openapi_document(app, make_user):
    """Driven by hand (not schemathesis' pytest plugin, whose fixture support breaks on pytest 9)."""
    spread_endorsements()
    moderator = make_user(role="moderator")
    make_experience(make_user(), moderator, pillars=(1, 2))
    make_experience(make_user(), moderator, code="GM0363", kind="could-be-better")
    failures, ran = _run_schemathesis(app)
    assert failures == []
    assert ran >= set(CHECKS)  # every check named above was applied to some answer


def test_the_document_is_openapi_3_1_and_lists_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/api/v1/pillars",
        "/api/v1/pillars/{slug}/common-ground",
        "/api/v1/pillars/{slug}",
        "/api/v1/experiences",
        "/api/v1/municipalities",
        "/api/v1/municipalities/{code}",
        "/api/v1/organisations",
        "/api/v1/stats/timeseries",
    }


def test_the_documented_values_are_the_ones_in_the_database(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    municipalities = municipalities_by_name()
    assert set(schemas["MunicipalityCodeFilter"]["enum"]) == {""} | {m.code for m in municipalities}
    assert set(schemas["MunicipalityFilter"]["enum"]) == (
        {""} | {m.code for m in municipalities} | {m.slug for m in municipalities} | {m.name for m in municipalities}
    )
    assert set(schemas["ProvinceFilter"]["enum"]) == {"", *provinces()}
    assert set(schemas["PillarFilter"]["enum"]) == {"", *(p.slug for p in pillars_in_order())}


def test_a_search_longer_than_documented_is_refused(client):
    assert client.get("/api/v1/experiences", query_string={"q": "a" * 200}).status_code == 200
    response = client.get("/api/v1/experiences", query_string={"q": "a" * 201})
    assert response.status_code == 400
    assert response.json == {"error": "q must be at most 200 characters", "status": 400}


def test_every_api_error_has_the_same_shape(client):
    answers = [
        client.get("/api/v1/experiences?q=%00"),  # refused before any view runs
        client.get("/api/v1/experiences?municipality=gemeente-die-niet-bestaat"),
        client.get("/api/v1/experiences?page=%C2%B2"),  # a superscript two: a digit to str.isdigit, not to int()
        client.get("/api/v1/municipalities?province=Atlantis"),
        client.get("/api/v1/municipalities/GM9999"),
        client.get("/api/v1/stats/timeseries?municipality=gm0344"),  # exactly as documented: upper case
        client.get("/api/v1/bestaat-niet"),
        client.post("/api/v1/pillars"),
    ]
    for response in answers:
        assert response.status_code in (400, 404, 405), response.request.url
        assert set(response.json) == {"error", "status"} and response.json["status"] == response.status_code


def test_a_municipality_is_found_by_its_code_slug_or_name_exactly(client):
    for value in ("GM0344", "utrecht", "Utrecht", "'s-Hertogenbosch"):
        assert client.get("/api/v1/experiences", query_string={"municipality": value}).status_code == 200, value
    assert client.get("/api/v1/experiences", query_string={"municipality": "UTRECHT"}).status_code == 400
