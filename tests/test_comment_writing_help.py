"""Issue 24, item 2 for comments: "Bekijk je tekst" on the comment form gives the same tips as on the
experience form (services/experiences/writing_help.py), without JavaScript; nothing is stored, nothing lost."""

from __future__ import annotations

from html import unescape

from sqlalchemy import func, select

from tests.experience_builders import make_experience
from tests.participation_fixtures import SLUG
from tests.test_writing_help import B1_STORY, HARD_STORY
from wijkstem.extensions import db
from wijkstem.models import Comment


def _comments() -> int:
    return db.session.scalar(select(func.count()).select_from(Comment))


def test_bekijk_je_tekst_shows_tips_and_keeps_the_comment_unsent(client, login, make_user, pillar):
    login(make_user())
    page = client.post(f"/manifest/{SLUG}/reacties", data={"body": HARD_STORY, "bekijk_tekst": "1"})
    html = unescape(page.get_data(as_text=True))
    assert page.status_code == 200 and _comments() == 0
    assert "Tips voor je tekst" in html and "Dit zijn alleen tips. Je tekst is bewaard." in html
    assert "Eén zin is lang: meer dan 20 woorden." in html and "opeenstapeling" in html
    assert "moeilijk te lezen" in html
    assert HARD_STORY in html  # the text is back in the box, as typed
    assert 'id="schrijfhulp-reactie"' in html and "Fout:" not in html
    # Then sent as it is: the tips never block.
    sent = client.post(f"/manifest/{SLUG}/reacties", data={"body": HARD_STORY, "point": ""})
    assert sent.status_code == 302 and _comments() == 1


def test_a_b1_comment_reads_well(client, login, make_user, pillar):
    login(make_user())
    html = client.post(f"/manifest/{SLUG}/reacties", data={"body": B1_STORY, "bekijk_tekst": "1"}).get_data(as_text=True)
    assert "Je tekst is goed te lezen. Je kunt hem zo versturen." in html and _comments() == 0


def test_the_tips_also_come_on_an_experience_page(client, login, make_user):
    experience = make_experience(make_user(), make_user(role="moderator"))
    login(make_user())
    page = client.post(f"/ervaringen/{experience.id}/reacties", data={"body": HARD_STORY, "bekijk_tekst": "1"})
    assert page.status_code == 200 and "Tips voor je tekst" in page.get_data(as_text=True) and _comments() == 0


def test_the_button_and_the_live_tips_are_there_for_who_can_write(client, login, make_user, pillar):
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Bekijk je tekst" not in html  # visitors see "Log in om te reageren"
    login(make_user())
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert 'name="bekijk_tekst"' in html and 'data-writing-help-url="/ervaringen/schrijfhulp"' in html
    assert "js/writing-help" in html
