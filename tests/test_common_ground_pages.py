"""Where the common ground shows: the pillar page reads what the job stored."""

from __future__ import annotations

import pytest

from tests.participation_fixtures import SLUG
from tests.test_common_ground_job import vote_round
from wijkstem.services.statements.job import run_common_ground


@pytest.fixture(autouse=True)
def _few_voters(app):
    app.config["COMMON_GROUND_MIN_VOTERS"] = 3
    yield
    app.config["COMMON_GROUND_MIN_VOTERS"] = 10


def test_before_anyone_voted_the_page_says_how_many_are_needed(app):
    html = app.test_client().get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Hier zijn bewoners, beroepskrachten en politici het over eens" in html
    assert "Nog nodig: 3 bewoners, 3 beroepskrachten, 3 politici." in html
    assert f'href="/manifest/{SLUG}/stellingen"' in html


def test_after_the_job_the_pillar_page_shows_common_ground_and_differences(app, make_user, pillar):
    with app.test_request_context():
        vote_round(make_user, pillar)
    visitor = app.test_client()
    html = visitor.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Hier verschillen ze" not in html  # nothing stored yet: the page never computes it itself
    run_common_ground(min_voters=3)
    html = app.test_client().get(f"/manifest/{SLUG}?na=").get_data(as_text=True)
    agreed, differ = html.index("het over eens</h2>"), html.index("Hier verschillen ze</h2>")
    assert agreed < html.index(pillar.points[0].text[:40], agreed) < differ
    assert html.index(pillar.points[1].text[:40], differ) > differ
    assert "3 van 3 bewoners eens" in html and "0 van 3 politici eens" in html
    assert "Bewoners zijn het vaker eens dan politici." in html


def test_one_person_reads_singular(app, make_user, pillar):
    with app.test_request_context():
        vote_round(make_user, pillar, per_group=1)
    run_common_ground(min_voters=1)
    html = app.test_client().get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "1 van 1 bewoner eens" in html and "1 van 1 politicus eens" in html


def test_figures_page_and_the_municipality_figures_show_the_stored_result(app, make_user, pillar, utrecht):
    with app.test_request_context():
        vote_round(make_user, pillar)
    run_common_ground(min_voters=3)
    visitor = app.test_client()
    html = visitor.get("/cijfers").get_data(as_text=True)
    assert "Waar bewoners, beroepskrachten en politici het over eens zijn" in html
    assert pillar.points[0].text[:40] in html and "Bewoners zijn het vaker eens dan politici." in html
    html = visitor.get(f"/cijfers/gemeente/{utrecht.slug}").get_data(as_text=True)
    assert "Waar mensen uit Utrecht het over eens zijn" in html and "3 van 3 politici eens" in html
    html = visitor.get("/cijfers/gemeente/amsterdam").get_data(as_text=True)
    assert "Nog nodig: 3 bewoners, 3 beroepskrachten, 3 politici." in html


def test_open_data_api_gives_the_stored_result_nationally_and_per_municipality(app, make_user, pillar):
    before = app.test_client().get(f"/api/v1/pillars/{SLUG}/common-ground").get_json()
    assert before["computed_at"] is None and before["common_ground"] == [] and before["missing"]["resident"] == 3
    with app.test_request_context():
        vote_round(make_user, pillar)
    run_common_ground(min_voters=3)
    data = app.test_client().get(f"/api/v1/pillars/{SLUG}/common-ground?x=1").get_json()
    assert data["enough"] and data["common_ground"][0]["text"] == pillar.points[0].text
    assert data["differences"][0]["groups"]["politician"]["disagree"] == 3
    local = app.test_client().get(f"/api/v1/pillars/{SLUG}/common-ground?municipality=GM0344").get_json()
    assert local["scope"] == "GM0344" and local["voters"]["resident"] == 3
    assert app.test_client().get(f"/api/v1/pillars/{SLUG}/common-ground?municipality=utrecht").status_code == 400  # the documented error: an unknown municipality
    assert app.test_client().get("/api/v1/pillars/bestaat-niet/common-ground").status_code == 404
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert "/api/v1/pillars/{slug}/common-ground" in document["paths"]


def test_comment_sort_waardevol_voor_iedereen_ranks_by_the_least_convinced_group(app, make_user, pillar):
    from wijkstem.extensions import db
    from wijkstem.services import statements
    from wijkstem.services.discussion import comments
    from wijkstem.services.statements.votes import StatementRef
    from wijkstem.subjects import Subject

    with app.test_request_context():
        writer = make_user()
        bridging = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Iedereen vindt dit: samen plannen")
        dividing = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Alleen bewoners vinden dit")
        newest = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Hier stemde niemand over")
        db.session.commit()
        for g in ("resident", "professional", "politician"):
            for _ in range(3):
                person = make_user(perspective=g)
                statements.answer_statement(person, pillar, StatementRef("reactie", bridging.id), "agree")
                choice = "agree" if g == "resident" else "disagree"
                statements.answer_statement(person, pillar, StatementRef("reactie", dividing.id), choice)
    client = app.test_client()
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True).split('id="reacties"')[-1]
    assert html.index("Hier stemde niemand over") < html.index("Iedereen vindt dit")  # default: newest first
    run_common_ground(min_voters=3)
    for path in (f"/manifest/{SLUG}", f"/manifest/{SLUG}?sorteer=iedereen"):  # the default once enough answered
        html = client.get(path).get_data(as_text=True).split('id="reacties"')[-1]  # the thread
        assert 'value="iedereen" selected' in html
        order = [html.index(text) for text in ("Iedereen vindt dit", "Hier stemde niemand over", "Alleen bewoners")]
        assert order == sorted(order), path
    # keyset pages continue after a comment in the same order
    page_two = client.get(f"/manifest/{SLUG}?sorteer=iedereen&na={bridging.id}").get_data(as_text=True)
    page_two = page_two.split('id="reacties"')[-1]
    assert "Iedereen vindt dit" not in page_two
    assert page_two.index("Hier stemde niemand over") < page_two.index("Alleen bewoners")
    assert newest.id and dividing.id


def test_downloads_nationally_and_per_municipality(app, make_user, pillar, utrecht):
    with app.test_request_context():
        vote_round(make_user, pillar)
    run_common_ground(min_voters=3)
    client = app.test_client()
    assert 'href="/cijfers/gemeenschappelijke-grond.csv"' in client.get("/cijfers").get_data(as_text=True)
    rows = client.get("/cijfers/gemeenschappelijke-grond.csv").get_data(as_text=True).splitlines()
    assert rows[0].startswith("pillar,list,rank,statement,point,text,resident_agree")
    assert rows[1].startswith(f"{SLUG},common_ground,1,punt-{pillar.points[0].id},1,")
    assert any(row.startswith(f"{SLUG},differences,1,punt-{pillar.points[1].id}") for row in rows)
    local = client.get(f"/cijfers/gemeente/{utrecht.slug}/gemeenschappelijke-grond.json").get_json()
    assert local["scope"] == "GM0344" and local["pillars"][SLUG]["voters"]["politician"] == 3
    assert client.get("/cijfers/gemeente/bestaat-niet/gemeenschappelijke-grond.csv").status_code == 404


def test_what_each_group_says_most_shows_compactly_on_the_pillar_page_and_the_figures(app, make_user, pillar):
    with app.test_request_context():
        vote_round(make_user, pillar)
    html = app.test_client().get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Wat elke groep vooral vindt" not in html  # not before the job ran
    run_common_ground(min_voters=3)
    split = pillar.points[1].text
    for path in (f"/manifest/{SLUG}?x=1", "/cijfers?x=1"):
        html = app.test_client().get(path).get_data(as_text=True)
        most = html[html.index("Wat elke groep vooral vindt") :]
        most = most[: most.index("</ul>")]
        assert f"<strong>Bewoners</strong> · vaker eens dan de anderen: “{split[:30]}" in most, path
        assert f"<strong>Politici</strong> · vaker oneens dan de anderen: “{split[:30]}" in most, path
        assert "(3 van 3 bewoners eens)" in most and "(0 van 3 politici eens)" in most
        assert "Beroepskrachten</strong>" not in most  # nothing distinctive for them: no line


def test_the_method_lives_on_how_we_count_and_the_old_anchor_still_points_there(app):
    client = app.test_client()
    page = client.get("/hoe-we-tellen").get_data(as_text=True)
    for words in (
        'id="stellingen"',
        "Je kiest Eens, Oneens of Weet ik niet.",
        "We laten pas iets zien als uit elke groep minstens 3 mensen hebben gestemd.",  # the configured minimum
        'id="formules"',
        "z = 2·√(n + 1)",
        "voorrang = (belang·(1 + 8·2^(−S/5)))²",
        'href="#formules"',
    ):
        assert words in page, words
    about = client.get("/over").get_data(as_text=True)
    assert 'id="hoe-we-tellen"' in about and 'href="/hoe-we-tellen#stellingen"' in about  # shared links keep working
    assert "z = 2·√(n + 1)" not in about  # the method moved, it is not kept twice
    assert 'href="/hoe-we-tellen#stellingen"' in client.get(f"/manifest/{SLUG}").get_data(as_text=True)
