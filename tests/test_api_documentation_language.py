"""Issue 24, item 4: the API documentation reads in Dutch, and in English for who chose English."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from wijkstem.blueprints.api.openapi import TRANSLATED_KEYS, build_document


def _texts(node, key=""):
    if isinstance(node, dict):
        for name, value in node.items():
            yield from _texts(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)
    elif key in TRANSLATED_KEYS and isinstance(node, str):
        yield node


def test_the_documentation_page_is_in_dutch(client):
    html = client.get("/api/v1/documentatie").get_data(as_text=True)
    assert "Alle pijlers op volgorde, met de steun per perspectief en het aantal reacties" in html
    assert "Geen gemeente met deze CBS-code" in html
    assert "Vormen van de antwoorden" in html and "(verplicht)" in html and "Leeg betekent: geen filter." in html
    assert 'lang="en"' not in html.split("<main")[1]
    for english in ("All pillars in order", "Schemas", "(required)", "an empty value means no filter", "everything in"):
        assert english not in html


def test_the_documentation_and_the_document_follow_the_chosen_language(client):
    assert client.get("/api/v1/openapi.json").json["info"]["title"] == "Open data van wijkstem"
    client.post("/taal", data={"locale": "en", "next": "/api/v1/documentatie"})
    html = client.get("/api/v1/documentatie").get_data(as_text=True)
    assert "All pillars in order, with endorsements by perspective and the number of comments" in html
    assert "Schemas" in html and "No municipality with this CBS code" in html
    assert "Alle pijlers op volgorde" not in html
    document = client.get("/api/v1/openapi.json").json
    assert document["info"]["title"] == "wijkstem open data"
    # Names that programs depend on never change with the language.
    assert "endorsements" in document["components"]["schemas"]["Pillar"]["properties"]
    assert document["paths"]["/api/v1/experiences"]["get"]["parameters"][0]["name"] == "municipality"


def test_every_text_of_the_document_has_an_english_translation(app):
    # The operations' texts live in the views' docstrings, which Babel does not extract: this keeps them translated.
    with app.test_request_context():
        texts = set(_texts(build_document(app)))
        with force_locale("en"):
            untranslated = sorted(t for t in texts if gettext(t) == t)
    assert untranslated == []
