"""Input that no page can use gets a clear Dutch 400, never a server error (PostgreSQL refuses NUL)."""

import json

from sqlalchemy import select

from tests.test_accounts import register
from wijkstem.models import User


def test_nul_character_in_a_form_is_refused_with_a_dutch_page(client, db):
    response = register(client, display_name="An\x00na")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "onzichtbaar teken" in html and 'lang="nl"' in html
    assert db.session.scalar(select(User)) is None


def test_nul_character_in_a_lookup_field_is_refused(client, login, make_user):
    login(make_user())
    response = client.post(
        "/account", data={"display_name": "Anna", "perspective": "resident", "municipality": "Utrecht\x00"}
    )
    assert response.status_code == 400


def test_nul_character_in_the_address_is_refused(client):
    assert client.get("/account/registreren?gemeente=Utrecht%00").status_code == 400
    assert client.get("/manifest/lange%00termijn").status_code == 400


def test_json_posted_to_a_page_form_is_refused(client):
    response = client.post(
        "/account/inloggen", data=json.dumps({"email": 1, "password": ["x"]}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "Stuur dit formulier vanaf de pagina" in response.get_data(as_text=True)


def test_ordinary_forms_still_work(client):
    assert register(client).status_code == 302
