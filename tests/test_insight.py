"""Issue 14: the figures pages (/cijfers), the hourly history behind them and the coalition view."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from tests.conftest import counting_queries
from tests.experience_builders import make_experience
from tests.insight_fixtures import municipality, pillar_at, spread_endorsements
from wijkstem.extensions import db
from wijkstem.models import EndorsementHourly, Municipality
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.services.endorsements.endorsements import endorse_pillar, withdraw_endorsement
from wijkstem.services.experiences import experience_moderation
from wijkstem.services.insight import charts
from wijkstem.services.moderation.user_admin import block_user


def _history() -> dict:
    db.session.expire_all()
    return {
        (h.pillar_id, h.municipality_id, h.perspective, h.verified, h.day, h.hour): h.count
        for h in db.session.scalars(select(EndorsementHourly))
        if h.count
    }


def test_history_moves_with_endorse_withdraw_block_and_matches_recount(make_user, utrecht):
    anna = make_user(perspective="resident")
    bram = make_user(perspective="professional", perspective_role="gemeente")
    admin = make_user(role="admin")
    endorse_pillar(anna, pillar_at(1))
    endorse_pillar(bram, pillar_at(1))
    endorse_pillar(bram, pillar_at(2))
    assert sum(_history().values()) == 3
    withdraw_endorsement(anna, pillar_at(1))
    assert sum(_history().values()) == 2
    block_user(admin, bram, "spam", hide_content=False)
    assert _history() == {}
    kept = _history()
    recount_all()
    assert _history() == kept


def test_recount_rebuilds_the_same_history_as_the_live_updates(make_user):
    for perspective in ("resident", "professional", "politician"):
        endorse_pillar(make_user(perspective=perspective), pillar_at(1))
    live = _history()
    db.session.execute(EndorsementHourly.__table__.delete())
    db.session.commit()
    recount_all()
    assert _history() == live and sum(live.values()) == 3


def test_dashboard_draws_charts_with_text_alternatives_and_tables(client):
    spread_endorsements()
    html = client.get("/cijfers").get_data(as_text=True)
    assert '<h1 class="utrecht-heading-1 nl-heading nl-heading--level-1">Cijfers</h1>' in html
    for chart in ("verloop", "perspectieven", "ervaringen", "kaart"):
        svg = re.search(rf'<svg[^>]*data-chart="{chart}"[^>]*>', html).group(0)
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in svg
        assert f'<title id="{chart}-title">' in html and f'<desc id="{chart}-desc">' in html
    assert html.count("<polyline") == 3  # one line per pillar
    assert html.count("<table") == 4
    # 12 endorsements in all; Utrecht has 9, Amsterdam 2, Groningen 1.
    assert "In deze keuze: 12 steunbetuigingen." in html
    assert '<a href="/gemeente/utrecht"' in html  # the map links to the municipality page
    assert "Bron: CBS / PDOK (CC BY 4.0)" in html
    assert html.count("<path") >= 342


def test_each_filter_has_its_own_url_and_narrows_the_figures(client):
    spread_endorsements()
    html = client.get("/cijfers?provincie=Utrecht&perspectief=politicus&periode=30-dagen").get_data(as_text=True)
    assert "In deze keuze: 3 steunbetuigingen." in html
    assert '<option selected>Utrecht</option>' in html and 'value="politicus" selected' in html
    assert ">Amsterdam</a>" not in html
    assert client.get("/cijfers?periode=30-dagen").get_data(as_text=True).count("In deze keuze: 9 ") == 1
    one = client.get("/cijfers?perspectief=bewoner&periode=alles").get_data(as_text=True)
    assert "In deze keuze: 1 steunbetuiging." not in one and "In deze keuze: 5 steunbetuigingen." in one
    # An old or mistyped link still shows the page, with everything.
    assert "In deze keuze: 12 " in client.get("/cijfers?periode=ooit&provincie=Atlantis&kaart=x").get_data(as_text=True)


def test_map_colours_by_per_thousand_or_by_count_and_says_which(client):
    spread_endorsements()
    per_thousand = client.get("/cijfers").get_data(as_text=True)
    assert "De kleur laat zien: mensen die het manifest steunen, per 1.000 inwoners." in per_thousand
    # Per 1,000 inhabitants over all time: people, each once (Utrecht: 5 people gave 9 endorsements).
    row = re.search(r'<a [^>]*href="/gemeente/utrecht">Utrecht</a></th><td[^>]*>(\d+)</td>', per_thousand)
    assert row is not None and row.group(1) == "5"
    assert "Minder dan 10 mensen: te weinig voor een getal per 1.000 inwoners" in per_thousand
    # A period has no people in the history: endorsements in that period, and the page says so.
    period = client.get("/cijfers?periode=jaar").get_data(as_text=True)
    assert "De kleur laat zien: steunbetuigingen per 1.000 inwoners." in period
    assert "Voor een periode tellen we steunbetuigingen in die periode, geen mensen" in period
    by_count = client.get("/cijfers?kaart=aantal").get_data(as_text=True)
    assert "De kleur laat zien: aantal steunbetuigingen." in by_count
    assert "<title>Utrecht: 9</title>" in by_count


def test_experiences_per_pillar_and_kind(client, make_user):
    moderator = make_user(role="moderator")
    make_experience(make_user(), moderator, pillars=(1, 2), kind="goes-well")
    make_experience(make_user(), moderator, pillars=(1,), kind="could-be-better")
    make_experience(make_user(), moderator, pillars=(1,), kind="could-be-better", approve=False)
    html = client.get("/cijfers").get_data(as_text=True)
    row = re.search(r"<caption[^>]*>Ervaringen per pijler en soort</caption>.*?<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td[^>]*>(\d+)</td>", row) == ["1", "1"]


def test_coalition_view_shows_who_supports_which_pillar(client):
    spread_endorsements()
    html = client.get("/cijfers/gemeente/utrecht").get_data(as_text=True)
    assert "Wie steunt wat in Utrecht" in html
    rows = dict(re.findall(r'<tr[^>]*><th[^>]*scope="row">([^<]+)</th>(.*?)</tr>', html, re.S))
    assert re.findall(r"<td[^>]*>(\d+)", rows["bewoners"]) == ["2", "1", "0"]
    assert "1 geverifieerd" in rows["Beroepskracht: woningcorporatie"]
    assert re.findall(r"<td[^>]*>(\d+)", rows["Beroepskracht: gemeente"]) == ["0", "1", "0"]
    assert re.findall(r"<td[^>]*>(\d+)", rows["Politicus of bestuurder: raadslid"]) == ["1", "1", "1"]
    assert client.get("/cijfers/gemeente/bestaat-niet").status_code == 404


def test_municipality_page_and_pdf_show_the_map_with_the_place_marked(client, utrecht):
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert 'aria-labelledby="ligging-GM0344-title ligging-GM0344-desc"' in html
    assert "Kaart van Nederland met Utrecht" in html
    assert 'stroke="#1a1a1a" stroke-width="1"' in html  # the marked municipality
    for link in ("/cijfers/gemeente/utrecht/cijfers.csv", "/cijfers/gemeente/utrecht/ervaringen.json",
                 "/cijfers/gemeente/utrecht"):
        assert f'href="{link}"' in html
    printable = client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True)
    assert "Kaart van Nederland met Utrecht" in printable
    assert client.get("/gemeente/utrecht/samenvatting.pdf").status_code == 200


def test_the_built_map_has_one_path_for_every_municipality(app):
    shapes = charts.map_shapes()
    codes = set(db.session.scalars(select(Municipality.code)))
    assert set(shapes.municipalities) == codes and len(codes) == 342
    assert all(path.startswith("M") and path.endswith("Z") for path in shapes.municipalities.values())
    assert len(shapes.provinces) == 12


def _queries(client, path: str) -> int:
    db.session.remove()
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


PAGES = (
    "/cijfers",
    "/cijfers?provincie=Utrecht&perspectief=bewoner&periode=jaar",
    "/cijfers/gemeente/utrecht",
    "/cijfers/moderatie",
    "/gemeente/utrecht",
    "/api/v1/municipalities",
    "/api/v1/municipalities/GM0344",
    "/api/v1/stats/timeseries",
    "/api/v1/stats/timeseries?municipality=GM0344",
    "/cijfers/gemeente/utrecht/cijfers.json",
)


def test_query_counts_do_not_grow_with_the_data(client, make_user):
    spread_endorsements()
    make_experience(make_user(), make_user(role="moderator"))
    small = {path: _queries(client, path) for path in PAGES}
    spread_endorsements(copies=4)
    make_experience(make_user(), make_user(role="moderator"), pillars=(2, 3))
    large = {path: _queries(client, path) for path in PAGES}
    assert large == small
    print(json.dumps(small, indent=1))
    assert small["/cijfers"] <= 7  # 6, and the organisations counted apart (issue 27)
    assert max(small[p] for p in PAGES if p.startswith("/api/")) <= 6  # 5, and the organisations (issue 27)


def test_open_moderation_figures_name_nobody(client, make_user):
    moderator = make_user(role="moderator", display_name="Moderator Mirjam")
    admin = make_user(role="admin", display_name="Beheerder Bas")
    writer = make_user(display_name="Schrijver Sem")
    published = make_experience(writer, moderator, approve=False)
    make_experience(make_user(), moderator, approve=False)
    experience_moderation.approve(moderator, published.id, "Mooi verhaal, Sem")
    db.session.commit()
    block_user(admin, make_user(display_name="Spammer Sjaak"), "Reclame voor pillen", hide_content=True)
    html = client.get("/cijfers/moderatie").get_data(as_text=True)
    assert "Moderatie in cijfers" in html
    month = re.search(r'<tr[^>]*><th[^>]*scope="row">\d{4}-\d{2}</th>(.*?)</tr>', html).group(1)
    assert re.findall(r"<td[^>]*>([^<]+)</td>", month) == ["1", "0", "0", "1"]
    assert "Ervaring goedgekeurd" in html
    for secret in ("Mirjam", "Bas", "Sem", "Sjaak", "pillen", "@example.org"):
        assert secret not in html


def test_municipality_count_is_read_from_history_not_people():
    spread_endorsements()
    total = db.session.scalar(select(func.sum(EndorsementHourly.count)).where(
        EndorsementHourly.municipality_id == municipality("GM0344").id))
    assert total == 9
