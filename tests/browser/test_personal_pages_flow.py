"""The pillar flow of test_pillar_flow.py once more with the page cache on, so that every logged-in
page comes from the shared page with the person's parts filled in (wijkstem/web/holes.py, issue 23):
endorse, comment, reply, mark, withdraw, with and without JavaScript, CSRF on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser import test_pillar_flow as pillar_flow
from wijkstem.extensions import cache


@pytest.fixture
def shared_pages(app):
    app.config["PAGE_CACHE_SECONDS"] = 5
    cache.clear()
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    cache.clear()


@pillar_flow.WITH_AND_WITHOUT_JS
def test_the_pillar_flow_on_shared_pages(shared_pages, page: Page, axe_check, make_user, request):
    pillar_flow.test_two_people_endorse_discuss_and_one_withdraws(page, axe_check, make_user, request)
    assert any("shared-page:" in key for key in cache.cache._cache), "no logged-in page came from the shared page"
