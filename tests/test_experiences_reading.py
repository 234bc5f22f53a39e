"""Reading experiences: list, filters, search, pages, slugs, photos, herkenbaar, feeds and the API."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from flask import render_template

from tests.conftest import counting_queries
from tests.experience_builders import make_experience, png_bytes
from wijkstem.services.experiences.experience_listing import latest_experiences_for_pillar
from wijkstem.services.experiences.experiences import store_draft_photo

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def moderator(make_user):
    return make_user(role="moderator")


def _titles(page: str) -> list[str]:
    return re.findall(r'<h3><a class="utrecht-link utrecht-link--html-a nl-link" href="/ervaringen/\d+-[^"]+">([^<]+)</a></h3>', page)


def test_only_approved_experiences_are_listed_newest_first(client, make_user, moderator):
    author = make_user()
    make_experience(author, moderator, title="Eerste ervaring")
    make_experience(author, moderator, title="Tweede ervaring")
    make_experience(author, title="Nog niet beoordeeld", approve=False)
    page = client.get("/ervaringen").get_data(as_text=True)
    assert _titles(page) == ["Tweede ervaring", "Eerste ervaring"]
    assert "2 ervaringen gevonden" in page
    assert "Nog niet beoordeeld" not in client.get("/ervaringen?q=beoordeeld").get_data(as_text=True)


def test_filters_each_have_a_shareable_url(client, make_user, moderator):
    resident, professional = make_user(), make_user(perspective="professional", perspective_role="gemeente")
    make_experience(resident, moderator, title="Utrecht goed", pillars=(1,))
    make_experience(resident, moderator, title="Amsterdam beter", code="GM0363", kind="could-be-better", pillars=(2,))
    make_experience(professional, moderator, title="Utrecht beroep", pillars=(1, 3))

    def titles(query: str) -> set[str]:
        return set(_titles(client.get("/ervaringen?" + query).get_data(as_text=True)))

    assert titles("gemeente=Utrecht") == {"Utrecht goed", "Utrecht beroep"}
    assert titles("gemeente=GM0363") == {"Amsterdam beter"}
    assert titles("provincie=Noord-Holland") == {"Amsterdam beter"}
    assert titles("soort=wat-beter-kan") == {"Amsterdam beter"}
    assert titles("perspectief=beroepskracht") == {"Utrecht beroep"}
    pillar_slug = re.search(
        r'<option value="([^"]+)">', client.get("/ervaringen").get_data(as_text=True).split('name="pijler"')[1]
    ).group(1)
    assert titles(f"pijler={pillar_slug}") == {"Utrecht goed", "Utrecht beroep"}
    assert titles(f"pijler={pillar_slug}&perspectief=bewoner&gemeente=utrecht") == {"Utrecht goed"}
    page = client.get("/ervaringen?gemeente=Nergenshuizen").get_data(as_text=True)
    assert "Deze gemeente kennen we niet." in page


def test_search_finds_words_in_title_and_story(client, make_user, moderator):
    author = make_user()
    make_experience(author, moderator, title="Buurtkamer open", story="Elke dinsdag komen de fietsen van " + "x " * 30)
    make_experience(author, moderator, title="Speeltuin", story="De speeltuin is opgeknapt door de bewoners. " * 3)
    assert _titles(client.get("/ervaringen?q=fiets").get_data(as_text=True)) == ["Buurtkamer open"]
    assert _titles(client.get("/ervaringen?q=speeltuin").get_data(as_text=True)) == ["Speeltuin"]
    assert _titles(client.get("/ervaringen?q=buurtkamer+dinsdag").get_data(as_text=True)) == ["Buurtkamer open"]
    # Search syntax from users is just text, never an error.
    for hostile in ('"', "NOT AND (", "title:x*", "a' OR 1=1 --"):
        assert client.get("/ervaringen", query_string={"q": hostile}).status_code == 200


def test_search_uses_dutch_stemming_on_postgresql(client, db, make_user, moderator):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("stemming is PostgreSQL's; SQLite matches prefixes")
    make_experience(make_user(), moderator, title="Ontmoeting", story="Een goed gesprek met de bewoners. " * 3)
    # 'gesprekken' is no prefix of 'gesprek': only stemming finds it.
    assert _titles(client.get("/ervaringen?q=gesprekken+bewoner").get_data(as_text=True)) == ["Ontmoeting"]


def test_search_on_postgresql_reads_the_stored_words_and_follows_edits(client, db, make_user, moderator):
    """The words are a stored column (migration 0017_search_vector): no to_tsvector per row."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the stored tsvector column is PostgreSQL's; SQLite has its FTS5 table")
    experience = make_experience(make_user(), moderator, title="Moestuin", story="Samen zaaien in het voorjaar. " * 3)
    with counting_queries() as statements:
        assert _titles(client.get("/ervaringen?q=zaaien").get_data(as_text=True)) == ["Moestuin"]
    searches = [s for s in statements if "@@" in s]
    assert searches and all("experience_search_vector @@" in s and "to_tsvector" not in s for s in searches)
    experience.story = "Samen oogsten in de herfst. " * 3
    db.session.commit()
    assert _titles(client.get("/ervaringen?q=oogsten").get_data(as_text=True)) == ["Moestuin"]
    assert _titles(client.get("/ervaringen?q=zaaien").get_data(as_text=True)) == []


def test_pages_of_twenty_keep_the_filters(client, make_user, moderator):
    author = make_user()
    for number in range(23):
        make_experience(author, moderator, title=f"Ervaring nummer {number:02d}", kind="could-be-better")
    first = client.get("/ervaringen?soort=wat-beter-kan").get_data(as_text=True)
    assert len(_titles(first)) == 20 and "Pagina 1 van 2" in first
    assert 'href="/ervaringen?soort=wat-beter-kan&amp;pagina=2"' in first
    second = client.get("/ervaringen?soort=wat-beter-kan&pagina=2").get_data(as_text=True)
    assert _titles(second) == ["Ervaring nummer 02", "Ervaring nummer 01", "Ervaring nummer 00"]
    assert client.get("/ervaringen?pagina=99").status_code == 200
    assert client.get("/ervaringen?pagina=abc").status_code == 200


def test_the_list_page_runs_a_fixed_number_of_queries(client, make_user, moderator):
    author = make_user()
    for number in range(3):
        make_experience(author, moderator, title=f"Ervaring {number}", pillars=(1, 2))
    with counting_queries() as few:
        client.get("/ervaringen")
    for number in range(10):
        make_experience(author, moderator, title=f"Meer {number}", pillars=(1, 2))
    with counting_queries() as many:
        client.get("/ervaringen")
    assert len(many) == len(few) <= 10


def test_old_slugs_and_bare_ids_redirect_permanently(client, make_user, moderator):
    experience = make_experience(make_user(), moderator, title="Café in de wijk!")
    assert experience.slug == "cafe-in-de-wijk"
    for path in (f"/ervaringen/{experience.id}", f"/ervaringen/{experience.id}-oude-titel"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.location.endswith(f"/ervaringen/{experience.id}-cafe-in-de-wijk")
    page = client.get(f"/ervaringen/{experience.id}-cafe-in-de-wijk").get_data(as_text=True)
    assert "Café in de wijk!" in page and "Utrecht" in page
    assert client.get("/ervaringen/999999-niets").status_code == 404


def test_author_line_respects_show_name(client, make_user, moderator):
    shown = make_experience(make_user(display_name="Fatima"), moderator)
    hidden = make_experience(make_user(display_name="Geheim", show_name=False), moderator, title="Anoniem verhaal")
    assert "Door Fatima" in client.get(f"/ervaringen/{shown.id}-{shown.slug}").get_data(as_text=True)
    page = client.get(f"/ervaringen/{hidden.id}-{hidden.slug}").get_data(as_text=True)
    assert "Door een bewoner uit Utrecht" in page and "Geheim" not in page


def test_herkenbaar_once_per_person_and_counted(client, db, make_user, login, moderator):
    experience = make_experience(make_user(), moderator)
    url = f"/ervaringen/{experience.id}-{experience.slug}"
    assert "Log in om aan te geven" in client.get(url).get_data(as_text=True)
    login(make_user())
    response = client.post(f"/ervaringen/{experience.id}/herkenbaar", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Je vindt dit herkenbaar." in page and "1 persoon vindt dit herkenbaar." in page
    assert "Niet meer herkenbaar" in page
    client.post(f"/ervaringen/{experience.id}/herkenbaar")  # a second press takes it back
    db.session.refresh(experience)
    assert experience.recognition_count == 0
    client.post(f"/ervaringen/{experience.id}/herkenbaar")
    client.post("/account/uitloggen")
    login(make_user())
    client.post(f"/ervaringen/{experience.id}/herkenbaar")
    assert "2 mensen vinden dit herkenbaar." in client.get(url).get_data(as_text=True)
    assert client.get(f"/ervaringen/{experience.id}/herkenbaar").status_code == 405


def test_herkenbaar_needs_an_approved_experience(client, make_user, login):
    author = make_user()
    experience = make_experience(author, approve=False)
    login(make_user(role="moderator"))
    page = client.post(f"/ervaringen/{experience.id}/herkenbaar", follow_redirects=True).get_data(as_text=True)
    assert "Deze ervaring is nog niet geplaatst." in page


def test_approved_photos_are_cached_long_with_an_etag(client, make_user, moderator):
    author = make_user()
    photo = store_draft_photo(author, __import__("io").BytesIO(png_bytes()))
    experience = make_experience(author, moderator, photo=photo, photo_alt="Rode muur")
    page = client.get(f"/ervaringen/{experience.id}-{experience.slug}").get_data(as_text=True)
    assert f'src="/ervaringen/foto/{photo.id}.jpg" alt="Rode muur"' in page
    response = client.get(f"/ervaringen/foto/{photo.id}.jpg")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = response.headers["ETag"]
    assert client.get(f"/ervaringen/foto/{photo.id}.jpg", headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"/ervaringen/foto/{photo.id}.png").status_code == 404


def test_latest_experiences_on_a_pillar_page(app, make_user, moderator):
    from tests.experience_builders import pillar

    author = make_user()
    for number in range(4):
        make_experience(author, moderator, title=f"Over pijler een {number}", pillars=(1,))
    make_experience(author, moderator, title="Over pijler twee", pillars=(2,))
    make_experience(author, title="Wacht nog", pillars=(1,), approve=False)
    first = pillar(1)
    latest = latest_experiences_for_pillar(first)
    assert [e.title for e in latest] == ["Over pijler een 3", "Over pijler een 2", "Over pijler een 1"]
    with app.test_request_context("/"):
        html = render_template("experiences/_latest_for_pillar.html", pillar=first, latest_experiences=latest)
    assert "Over pijler een 3" in html and "Over pijler twee" not in html and f"pijler={first.slug}" in html


def test_atom_feeds_overall_and_per_municipality(client, make_user, moderator):
    author = make_user()
    make_experience(author, moderator, title="Utrecht & omgeving")
    make_experience(author, moderator, title="Uit Amsterdam", code="GM0363")
    make_experience(author, title="Wacht nog", approve=False)
    response = client.get("/ervaringen/feed.xml")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own feed
    titles = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
    assert titles == ["Uit Amsterdam", "Utrecht & omgeving"]
    assert root.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("http://localhost/ervaringen/")
    assert author.email.encode() not in response.data

    root = ET.fromstring(client.get("/ervaringen/feed/utrecht.xml").data)  # noqa: S314
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == ["Utrecht & omgeving"]
    assert client.get("/ervaringen/feed/nergenshuizen.xml").status_code == 404


def test_api_lists_approved_experiences_without_personal_data(client, make_user, moderator):
    from tests.experience_builders import pillar

    author = make_user(email="schrijver@example.org")
    experience = make_experience(author, moderator, pillars=(1, 2))
    make_experience(author, moderator, title="Elders", code="GM0363", pillars=(2,))
    make_experience(author, title="Wacht nog", approve=False)
    slug = pillar(1).slug
    response = client.get(f"/api/v1/experiences?municipality=GM0344&pillar={slug}&page=1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["pages"] == 1
    [item] = body["items"]
    assert item["id"] == experience.id and item["title"] == "Plantenbakken in de straat"
    assert item["municipality"] == {"code": "GM0344", "name": "Utrecht"}
    assert item["pillars"] == [pillar(1).slug, pillar(2).slug]
    assert item["kind"] == "goes-well" and item["herkenbaar_count"] == 0 and item["comment_count"] == 0
    assert item["url"] == f"http://localhost/ervaringen/{experience.id}-{experience.slug}"
    assert item["excerpt"].startswith("In onze straat") and item["created_at"].endswith("Z")
    assert "schrijver" not in response.get_data(as_text=True)
    assert client.get("/api/v1/experiences").get_json()["total"] == 2
    assert client.get("/api/v1/experiences?municipality=XX").status_code == 400
    assert client.get("/api/v1/experiences?page=0").status_code == 400


def test_the_total_is_counted_once_while_pages_are_kept(app, client_for, make_user, moderator):
    """Counting every match on each request grows with the data; the total may lag as kept pages do."""
    from wijkstem.extensions import cache

    author = make_user()
    make_experience(author, moderator, title="Eerste ervaring")
    reader = client_for(make_user())  # logged in: no page cache, only the kept count
    app.config["PAGE_CACHE_SECONDS"] = 5
    cache.clear()
    try:
        assert "1 ervaring gevonden" in reader.get("/ervaringen").get_data(as_text=True)
        make_experience(author, moderator, title="Tweede ervaring")
        with counting_queries() as statements:
            page = reader.get("/ervaringen").get_data(as_text=True)
        assert not any("count(" in statement.lower() for statement in statements)
        assert _titles(page) == ["Tweede ervaring", "Eerste ervaring"]  # the list itself is current
        assert "1 ervaring gevonden" in page
        cache.clear()  # as when the seconds have passed
        assert "2 ervaringen gevonden" in reader.get("/ervaringen").get_data(as_text=True)
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        cache.clear()
