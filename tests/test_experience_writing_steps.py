"""Issue 24, items 2 and 3 on the experience form, without JavaScript (the test client runs none):
"Bekijk je tekst" shows hints and keeps everything typed; before sending, similar approved experiences
are offered once, with the way to their reactions."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.experience_builders import form_data, make_experience
from tests.test_writing_help import B1_STORY, HARD_STORY
from wijkstem.models import Experience
from wijkstem.services.experiences.similar_experiences import SimilarityIndex, rank_matches, similar_experiences

BUURTKAMER = (
    "In onze wijk is sinds dit jaar een buurtkamer. Iedereen mag binnenlopen voor koffie. "
    "Op dinsdag komt de wijkagent langs en praten we over de straat. Eenzame buren vinden hier vrienden."
)
BUURTKAMER_AGAIN = (
    "Sinds dit jaar hebben we een buurtkamer in de wijk. Je mag er binnenlopen voor een kop koffie. "
    "Elke dinsdag komt de wijkagent en dan praten we over onze straat. Buren die eenzaam zijn vinden er vrienden."
)
SPEELTUIN = (
    "De schommel in de speeltuin is al maanden kapot. Kinderen spelen nu op straat tussen de auto's. "
    "We hebben de gemeente drie keer gebeld, maar niemand komt kijken."
)

AFVAL = (
    "Het afval in onze straat wordt vaak te laat opgehaald. Meeuwen trekken de zakken open. "
    "Wij hebben nu zelf een afspraak gemaakt met de vuilnisdienst over vaste ophaaldagen."
)


def _count(db) -> int:
    return db.session.scalar(select(func.count(Experience.id)))


def test_bekijk_je_tekst_shows_hints_keeps_everything_and_sends_nothing(client, db, make_user, login):
    login(make_user())
    response = client.post("/ervaringen/nieuw", data=form_data(story=HARD_STORY, wijk="Lombok", bekijk_tekst="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(db) == 0
    assert "Tips voor je tekst" in page and "Dit zijn alleen tips. Je tekst is bewaard." in page
    assert "Eén zin is lang: meer dan 20 woorden." in page and "(33 woorden)" in page
    assert "Deze woorden kent niet iedereen:" in page and "evident" in page
    assert "Dat is moeilijk te lezen." in page
    # Everything typed is still there, and nothing is marked as a mistake.
    assert "De integrale benadering van de sociaal-maatschappelijke opgaven" in page
    assert 'value="Plantenbakken in de straat"' in page and 'value="Lombok"' in page and "checked" in page
    assert "Er ging iets mis" not in page and 'aria-invalid="true"' not in page
    # Sending it as it is still works: the hints never block.
    sent = client.post("/ervaringen/nieuw", data=form_data(story=HARD_STORY))
    assert sent.status_code == 302 and _count(db) == 1


def test_a_b1_text_is_praised_and_a_half_empty_form_is_not_blamed(client, db, make_user, login):
    login(make_user())
    page = client.post("/ervaringen/nieuw", data=form_data(story=B1_STORY, bekijk_tekst="1")).get_data(as_text=True)
    assert "Je tekst is goed te lezen. Je kunt hem zo versturen." in page and "Dat is makkelijk te lezen." in page
    empty = client.post("/ervaringen/nieuw", data={"bekijk_tekst": "1"})
    assert empty.status_code == 200 and "Schrijf eerst je verhaal." in empty.get_data(as_text=True)
    assert "Er ging iets mis" not in empty.get_data(as_text=True)


def test_the_script_gets_the_same_hints_for_a_text(client, make_user, login):
    assert client.post("/ervaringen/schrijfhulp", data={"tekst": HARD_STORY}).status_code == 302  # log in first
    login(make_user())
    hints = client.post("/ervaringen/schrijfhulp", data={"tekst": HARD_STORY}).get_data(as_text=True)
    assert "Tips voor je tekst" in hints and "evident" in hints and "<html" not in hints
    assert client.get("/ervaringen/schrijfhulp").status_code == 405


def test_similar_experiences_are_offered_once_before_sending(client, db, make_user, login):
    moderator = make_user(role="moderator")
    same = make_experience(make_user(), moderator, title="Buurtkamer open", story=BUURTKAMER)
    make_experience(make_user(), moderator, title="Kapotte schommel", story=SPEELTUIN)
    login(make_user())
    data = form_data(title="Een buurtkamer in de wijk", story=BUURTKAMER_AGAIN)
    page = client.post("/ervaringen/nieuw", data=data).get_data(as_text=True)
    assert _count(db) == 2, "not sent yet"
    assert "Lijkt dit op een ervaring die er al is?" in page
    assert f'/ervaringen/{same.id}-{same.slug}#reacties"' in page and "Reageer bij deze ervaring" in page
    assert "Kapotte schommel" not in page
    assert "Toch versturen" in page and BUURTKAMER_AGAIN in page
    # The page carries that the similar ones were shown: the next send goes through.
    assert 'name="similar_shown" type="hidden" value="1"' in page
    sent = client.post("/ervaringen/nieuw", data={**data, "similar_shown": "1"})
    assert sent.status_code == 302 and _count(db) == 3


def test_a_story_like_no_other_is_sent_at_once_and_pending_ones_are_never_shown(client, db, make_user, login):
    make_experience(make_user(), title="Buurtkamer open", story=BUURTKAMER, approve=False)
    login(make_user())
    sent = client.post("/ervaringen/nieuw", data=form_data(title="Een buurtkamer", story=BUURTKAMER_AGAIN))
    assert sent.status_code == 302 and _count(db) == 2


def test_the_own_municipality_comes_first(app, db, make_user):
    moderator = make_user(role="moderator")
    far = make_experience(make_user(), moderator, title="Buurtkamer open", story=BUURTKAMER, code="GM0363")
    near = make_experience(make_user(), moderator, title="Buurtkamer in Utrecht", story=BUURTKAMER_AGAIN + " Kom ook!")
    found = similar_experiences("Een buurtkamer", BUURTKAMER, near.municipality_id)
    assert [e.id for e, _ in found] == [near.id, far.id]


def test_ranking_keeps_three_close_ones_own_place_first():
    index = SimilarityIndex(
        [
            (1, 10, BUURTKAMER),
            (2, 20, BUURTKAMER_AGAIN),
            (3, 10, SPEELTUIN),
            (4, 20, BUURTKAMER + " Echt waar."),
            (5, 30, BUURTKAMER_AGAIN + " Kom ook."),
        ]
    )
    matches = index.search(BUURTKAMER_AGAIN, limit=10)
    assert matches[0].experience_id == 2 and matches[0].similarity > 0.99
    ranked = rank_matches(matches, municipality_id=30)
    assert [m.experience_id for m in ranked][0] == 5 and len(ranked) == 3 and 3 not in [m.experience_id for m in ranked]
    assert index.search(BUURTKAMER, exclude=1)[0].experience_id != 1


def test_moderators_see_what_a_waiting_experience_looks_like(client, make_user, login):
    moderator = make_user(role="moderator")
    told = make_experience(make_user(), moderator, title="Buurtkamer open", story=BUURTKAMER)
    make_experience(make_user(), moderator, title="Kapotte schommel", story=SPEELTUIN)
    make_experience(make_user(), title="Een buurtkamer in de wijk", story=BUURTKAMER_AGAIN, approve=False)
    make_experience(make_user(), title="Over iets anders", story=AFVAL, approve=False)
    login(moderator)
    page = client.get("/moderatie/ervaringen").get_data(as_text=True)
    assert page.count("Lijkt op:") == 1
    related = page.split("Lijkt op:")[1].split("</p>")[0]
    assert f'href="/ervaringen/{told.id}-{told.slug}"' in related and "Kapotte schommel" not in related


def test_bekijk_je_tekst_also_works_when_editing_and_changes_nothing(client, db, make_user, login):
    author = make_user()
    experience = make_experience(author, make_user(role="moderator"), title="Buurtkamer open", story=BUURTKAMER)
    login(author)
    page = client.post(
        f"/ervaringen/{experience.id}/bewerken",
        data=form_data(title="Buurtkamer open", story=HARD_STORY, bekijk_tekst="1"),
    ).get_data(as_text=True)
    assert "Tips voor je tekst" in page and "De integrale benadering" in page
    db.session.expire_all()
    assert db.session.get(Experience, experience.id).story == BUURTKAMER and experience.revision is None
