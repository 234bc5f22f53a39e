"""Issue 14: the open data API (municipalities, time series), its HTTP caching and paging, the
downloads of a municipality's figures and experiences, and the research export for admins."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

from tests.experience_builders import make_experience
from tests.insight_fixtures import spread_endorsements
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.services.moderation import content_visibility
from wijkstem.subjects import Subject


def test_municipalities_are_paged_with_links_in_header_and_body(client):
    spread_endorsements()
    first = client.get("/api/v1/municipalities?per_page=100")
    data = first.json
    assert data["total"] == 342 and data["pages"] == 4 and len(data["items"]) == 100
    assert data["links"]["next"] == "http://localhost/api/v1/municipalities?page=2&per_page=100"
    assert data["links"]["prev"] is None
    assert '<http://localhost/api/v1/municipalities?page=2&per_page=100>; rel="next"' in first.headers["Link"]
    assert 'rel="last"' in first.headers["Link"] and 'rel="prev"' not in first.headers["Link"]
    last = client.get(data["links"]["last"]).json
    assert len(last["items"]) == 42 and last["links"]["next"] is None
    utrecht = client.get("/api/v1/municipalities?province=Utrecht&per_page=200").json
    assert utrecht["total"] == 26
    assert {"code": "GM0344", "name": "Utrecht", "province": "Utrecht", "population": 374238, "people": 5,
            "endorsements": 9, "url": "http://localhost/gemeente/utrecht"} in utrecht["items"]


def test_wrong_paging_or_province_is_a_json_400(client):
    for query in ("page=0", "page=abc", "per_page=201", "province=Atlantis"):
        response = client.get(f"/api/v1/municipalities?{query}")
        assert response.status_code == 400 and response.is_json and "error" in response.json


def test_one_municipality_by_pillar_and_perspective(client, make_user):
    spread_endorsements()
    make_experience(make_user(), make_user(role="moderator"))
    data = client.get("/api/v1/municipalities/GM0344").json
    assert data["endorsements"] == 9 and data["experiences"] == 1
    assert data["pillars"]["bewoners-leidend"] == {
        "total": 4, "resident": 2, "professional": 1, "politician": 1, "verified": 2
    }
    missing = client.get("/api/v1/municipalities/GM9999")
    assert missing.status_code == 404 and missing.json == {"error": "unknown municipality", "status": 404}
    assert client.get("/api/v1/bestaat-niet").json["error"] == "not found"


def test_timeseries_per_day_and_per_hour_for_the_last_week(client):
    spread_endorsements()
    data = client.get("/api/v1/stats/timeseries").json
    assert data["municipality"] is None
    first = next(p for p in data["pillars"] if p["slug"] == "bewoners-leidend")
    days = {row["day"]: row["count"] for row in first["daily"]}
    assert sum(days.values()) == 5
    assert days[(utcnow() - timedelta(days=100)).date().isoformat()] == 1
    assert sum(row["count"] for row in first["hourly"]) == 2  # 5 days ago and today
    assert all(row["hour"].endswith(":00:00Z") for row in first["hourly"])
    local = client.get("/api/v1/stats/timeseries?municipality=GM0363").json
    assert local["municipality"] == "GM0363"
    assert sum(r["count"] for p in local["pillars"] for r in p["daily"]) == 2
    assert client.get("/api/v1/stats/timeseries?municipality=Utrecht").status_code == 400


def test_answers_carry_etag_and_cache_control_and_304_when_unchanged(client, make_user):
    for path in ("/api/v1/municipalities", "/api/v1/municipalities/GM0344", "/api/v1/stats/timeseries",
                 "/api/v1/pillars", "/api/v1/experiences", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.headers["ETag"] and "max-age" in response.headers["Cache-Control"], path
        again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304 and again.data == b"", path
    before = client.get("/api/v1/stats/timeseries").headers["ETag"]
    spread_endorsements()
    assert client.get("/api/v1/stats/timeseries", headers={"If-None-Match": before}).status_code == 200


def test_documentation_page_is_served_by_the_app_without_scripts(client):
    html = client.get("/api/v1/documentatie").get_data(as_text=True)
    assert "Open data: uitleg voor programmeurs" in html
    assert "<code>GET /api/v1/stats/timeseries</code>" in html and "<script" not in html.split("<main")[1]
    assert 'href="/api/v1/openapi.json"' in html
    assert 'href="/api/v1/documentatie"' in client.get("/cijfers").get_data(as_text=True)


def test_downloads_of_figures_and_experiences(client, make_user):
    spread_endorsements()
    moderator = make_user(role="moderator")
    make_experience(make_user(), moderator, title="Buurtkamer open")
    make_experience(make_user(), moderator, title="Nog niet bekeken", approve=False)
    figures = client.get("/cijfers/gemeente/utrecht/cijfers.csv")
    assert figures.mimetype == "text/csv" and "attachment" in figures.headers["Content-Disposition"]
    # Dutch spreadsheets: a byte order mark, ";" between fields, Dutch headers
    body = figures.get_data(as_text=True)
    assert body.startswith("\ufeffCBS-code;Gemeente;Pijler;Mensen;")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert [r["Pijler"] for r in rows] == [
        "Alle pijlers (iedereen één keer geteld)",
        "bewoners-leidend",
        "lange-termijn",
        "maak-het-mogelijk",
    ]
    assert rows[0]["Mensen"] == "5" and rows[1]["Mensen"] == "4" and rows[1]["Ervaringen"] == "1"
    assert rows[0]["Waarvan geverifieerd"] == "2"
    data = json.loads(client.get("/cijfers/gemeente/utrecht/cijfers.json").data)
    assert data["endorsements"] == 9 and data["people"] == 5
    stories = json.loads(client.get("/cijfers/gemeente/utrecht/ervaringen.json").data)["items"]
    assert [s["title"] for s in stories] == ["Buurtkamer open"]
    table = client.get("/cijfers/gemeente/utrecht/ervaringen.csv").get_data(as_text=True)
    assert table.startswith("\ufeffNummer;Titel;Soort;Pijlers;")
    assert "Buurtkamer open" in table and "Nog niet bekeken" not in table
    assert client.get("/cijfers/gemeente/atlantis/cijfers.csv").status_code == 404


def test_national_download_has_every_municipality_with_its_people(client):
    spread_endorsements()
    response = client.get("/cijfers/gemeenten.csv")
    assert response.mimetype == "text/csv" and 'filename="wijkstem-gemeenten.csv"' in response.headers[
        "Content-Disposition"
    ]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffCBS-code;Gemeente;Provincie;Inwoners;Mensen;")
    rows = {r["CBS-code"]: r for r in csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")}
    assert len(rows) == 342
    assert rows["GM0344"]["Mensen"] == "5" and rows["GM0344"]["Steunbetuigingen (alle pijlers)"] == "9"
    assert rows["GM0344"]["Inwoners"] == "374238"  # a number a spreadsheet can sum, not text
    items = json.loads(client.get("/cijfers/gemeenten.json").data)["items"]
    assert {"code": "GM0344", "people": 5, "endorsements": 9}.items() <= next(
        i for i in items if i["code"] == "GM0344"
    ).items()
    # offered above the long table on /cijfers
    html = client.get("/cijfers").get_data(as_text=True)
    assert html.index('href="/cijfers/gemeenten.csv"') < html.index('id="cijfers-tabel-4"')


def test_research_export_is_for_admins_and_names_nobody(client, make_user, login):
    spread_endorsements(copies=5)  # five of each kind of person: nobody needs coarsening (issue 25)
    make_experience(make_user(display_name="Verhalenverteller"), make_user(role="moderator"), title="Eigen titel")
    assert client.get("/beheer/onderzoeksdata.zip").status_code == 302  # log in first
    participant = make_user()
    login(participant)
    assert client.get("/beheer/onderzoeksdata.zip").status_code == 403
    client.post("/account/uitloggen")
    admin = make_user(role="admin", email="baas@example.org", display_name="Baas")
    login(admin)
    assert 'href="/beheer/onderzoeksdata"' in client.get("/beheer").get_data(as_text=True)
    assert "Wat er in staat" in client.get("/beheer/onderzoeksdata").get_data(as_text=True)
    response = client.get("/beheer/onderzoeksdata.zip")
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["README.txt", "endorsements.csv", "experiences.csv"]
    endorsements = list(csv.DictReader(io.StringIO(archive.read("endorsements.csv").decode())))
    assert len(endorsements) == 60 and len({row["person"] for row in endorsements}) == 40
    assert {row["role"] for row in endorsements} >= {"woningcorporatie", "raadslid", ""}
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "@" not in everything and "Persoon" not in everything and "Verhalenverteller" not in everything
    assert "Eigen titel" not in everything and "Lombok" not in everything


def test_municipality_data_never_shows_hidden_or_pending_experiences(client, make_user):
    moderator = make_user(role="moderator")
    hidden = make_experience(make_user(), moderator, title="Verborgen verhaal")
    content_visibility.hide(Subject.EXPERIENCE, hidden.id, content_visibility.BY_MODERATOR)
    db.session.commit()
    make_experience(make_user(), moderator, title="Wacht nog", approve=False)
    assert client.get("/api/v1/municipalities/GM0344").json["experiences"] == 0
    assert not re.search("Verborgen|Wacht nog", client.get("/cijfers/gemeente/utrecht/ervaringen.csv").get_data(as_text=True))
