"""Finding your municipality: official and common names, small typos, the A-Z index, registration."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.test_accounts import FORM
from wijkstem.models import User
from wijkstem.services.insight.municipality_search import find_municipality, search_municipalities, suggestions


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Utrecht", "Utrecht"),
        ("utrecht ", "Utrecht"),
        ("GM0344", "Utrecht"),
        ("Den Bosch", "'s-Hertogenbosch"),
        ("den haag", "'s-Gravenhage"),
        ("s-Gravenhage", "'s-Gravenhage"),
        ("Hengelo", "Hengelo (O.)"),
        ("Sudwest-Fryslan", "Súdwest-Fryslân"),
    ],
)
def test_names_people_type_find_the_municipality(app, typed, official):
    assert find_municipality(typed).name == official


@pytest.mark.parametrize("typed", ["Utrect", "Bergen", "Rotter", ""])
def test_unsure_input_is_not_guessed(app, typed):
    assert find_municipality(typed) is None


def test_suggestions_for_typos_and_beginnings(app):
    assert [m.name for m in suggestions("Utrect")][:1] == ["Utrecht"]
    assert {m.name for m in suggestions("Bergen")} >= {"Bergen (L.)", "Bergen (NH.)"}


def test_search_puts_exact_and_prefix_matches_first(app):
    names = [m.name for m in search_municipalities("Utrecht").municipalities]
    assert names[0] == "Utrecht" and "Utrechtse Heuvelrug" in names
    names = [m.name for m in search_municipalities("Den Haag").municipalities]
    assert names[0] == "'s-Gravenhage"
    names = [m.name for m in search_municipalities("Ede").municipalities]
    assert names[0] == "Ede" and "Nederweert" in names  # contains "ede", so after the name that is "Ede"


def test_search_page_suggests_a_spelling(client):
    page = client.get("/gemeenten?q=Utrect").get_data(as_text=True)
    assert "Geen gemeente gevonden" in page and "Bedoel je:" in page and ">Utrecht</a>" in page


def test_index_lists_municipalities_from_a_to_z_with_common_names(client):
    page = client.get("/gemeenten").get_data(as_text=True)
    assert 'href="#letter-A"' in page and 'id="letter-Z"' in page
    assert ">Den Haag</a>" in page and "zie &#39;s-Gravenhage" in page
    assert page.index('id="letter-G"') < page.index(">&#39;s-Gravenhage</a>") < page.index('id="letter-H"')


def test_the_kept_a_to_z_index_follows_renames_and_the_language(client, db):
    """The index is drawn once and kept (wijkstem/web/fragments.py); a changed name draws it anew."""
    assert ">Utrecht</a>" in client.get("/gemeenten").get_data(as_text=True)
    utrecht = find_municipality("Utrecht")
    utrecht.name = "Utrecht-Stad"
    db.session.commit()
    try:
        page = client.get("/gemeenten").get_data(as_text=True)
    finally:  # the municipalities are loaded once for all tests
        utrecht.name = "Utrecht"
        db.session.commit()
    assert ">Utrecht-Stad</a>" in page and ">Utrecht</a>" not in page
    with client.session_transaction() as session:
        session["locale"] = "en"
    assert "see &#39;s-Gravenhage" in client.get("/gemeenten").get_data(as_text=True)


def test_registration_flags_the_municipality_with_the_other_fields(client, db):
    data = {**FORM, "municipality": "Utrect", "password_repeat": "something else entirely"}
    page = client.post("/account/registreren", data=data).get_data(as_text=True)
    assert "Bedoel je Utrecht?" in page
    assert 'href="#password_repeat"' in page and 'href="#municipality"' in page
    assert 'value="Utrect"' in page
    assert db.session.scalar(select(User)) is None


def test_registration_accepts_a_common_name(client, db):
    response = client.post("/account/registreren", data={**FORM, "municipality": "Den Bosch"})
    assert response.status_code == 302
    assert db.session.scalar(select(User)).municipality.name == "'s-Hertogenbosch"
