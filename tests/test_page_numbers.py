"""One page-number parser (wijkstem/pagination.py): an odd page number or cursor in an address gives
the first page (or a JSON error in the API), never a server error."""

from __future__ import annotations

import pytest

from tests.participation_fixtures import SLUG


@pytest.mark.parametrize("value", ["²", "0", "-1", "abc", "100000", "1e3", "٣"])
def test_an_odd_page_number_shows_the_first_page(client, pillar, value):
    assert client.get(f"/manifest/{SLUG}/steunbetuigingen", query_string={"pagina": value}).status_code == 200


@pytest.mark.parametrize("value", ["²", "0", "x", str(2**31)])
def test_an_odd_comment_cursor_shows_the_first_comments(client, pillar, value):
    assert client.get(f"/manifest/{SLUG}", query_string={"na": value}).status_code == 200


@pytest.mark.parametrize("value", ["²", "0", "10000"])
def test_the_api_answers_an_odd_page_number_with_a_json_error(client, value):
    response = client.get("/api/v1/experiences", query_string={"page": value})
    assert response.status_code == 400 and response.get_json()["status"] == 400
