"""Every paginated page: the "Volgende pagina" link a reader sees leads to page 2, with page 2's content
(discussions page by "Meer reacties" instead, see issue 12)."""

from __future__ import annotations

import html
import re

from tests.experience_builders import make_experience
from tests.moderation_fixtures import sign_in
from tests.participation_fixtures import SLUG
from wijkstem.extensions import db
from wijkstem.services.discussion import comments
from wijkstem.services.endorsements import endorsements
from wijkstem.services.moderation import audit, user_admin
from wijkstem.subjects import Subject

NEXT = re.compile(r'<a class="[^"]*utrecht-link[^"]*" href="([^"]+)" rel="next">Volgende pagina</a>')
PREV = re.compile(r'<a class="[^"]*utrecht-link[^"]*" href="([^"]+)" rel="prev">Vorige pagina</a>')
MORE = re.compile(r'<a class="[^"]*utrecht-link[^"]*" href="([^"]+)" rel="next">Meer reacties</a>')
BACK = re.compile(r'<a class="[^"]*utrecht-link[^"]*" href="([^"]+)" rel="prev">Terug naar de eerste reacties</a>')


def follow(client, page_html: str, link=NEXT) -> str:
    """Click the rendered link, as a reader would; the link is all the test knows of page 2."""
    found = link.findall(page_html)
    assert len(found) == 1, "expected one such link on the page"
    response = client.get(html.unescape(found[0]))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def write_comments(writer, subject_type: str, subject_id: int, count: int = 21) -> None:
    """One more than fits on a page."""
    for number in range(count):
        comments.post_comment(writer, subject_type, subject_id, f"Reactie nummer {number:02d}")


def test_endorsers_next_link_shows_the_second_page(client, make_user, pillar):
    first_endorser = make_user(display_name="Eerste Steuner", show_name=True)
    endorsements.endorse_pillar(first_endorser, pillar)
    for _ in range(50):
        endorsements.endorse_pillar(make_user(), pillar)
    first = client.get(f"/manifest/{SLUG}/steunbetuigingen").get_data(as_text=True)
    assert "Pagina 1 van 2" in first and "Eerste Steuner" not in first
    assert "{" not in NEXT.findall(first)[0]  # the old link carried "{'slug': ...}"
    second = follow(client, first)
    assert "Pagina 2 van 2" in second and "Eerste Steuner" in second
    assert "Pagina 1 van 2" in follow(client, second, PREV)


def test_pillar_discussion_next_link_keeps_the_order(client, make_user, pillar):
    write_comments(make_user(), Subject.PILLAR, pillar.id)
    first = client.get(f"/manifest/{SLUG}?sorteer=oud").get_data(as_text=True)
    assert "Reactie nummer 00" in first and "Reactie nummer 20" not in first
    second = follow(client, first, MORE)
    assert "Reactie nummer 20" in second and "Reactie nummer 00" not in second
    assert "Reactie nummer 00" in follow(client, second, BACK)


def test_experience_discussion_next_link_shows_the_second_page(client, make_user):
    experience = make_experience(make_user(), make_user(role="moderator"))
    write_comments(make_user(), Subject.EXPERIENCE, experience.id)
    first = client.get(f"/ervaringen/{experience.id}-{experience.slug}").get_data(as_text=True)
    assert "Reactie nummer 20" in first and "Reactie nummer 00" not in first
    second = follow(client, first, MORE)
    assert "Reactie nummer 00" in second and "Reactie nummer 20" not in second


def test_experience_list_next_link_keeps_the_filter(client, make_user):
    author, moderator = make_user(), make_user(role="moderator")
    for number in range(21):
        make_experience(author, moderator, title=f"Ervaring nummer {number:02d}", kind="could-be-better")
    make_experience(author, moderator, title="Een ander soort ervaring", kind="goes-well")
    first = client.get("/ervaringen?soort=wat-beter-kan").get_data(as_text=True)
    second = follow(client, first)
    assert "Ervaring nummer 00" in second and "Ervaring nummer 00" not in first
    assert "Een ander soort ervaring" not in second


def test_admin_user_list_next_link_keeps_the_search(client, make_user, admin, monkeypatch):
    monkeypatch.setattr(user_admin, "PAGE_SIZE", 2)
    for name in ("Zoek Een", "Zoek Twee", "Zoek Drie"):
        make_user(display_name=name)
    make_user(display_name="Iemand Anders")
    sign_in(client, admin)
    first = client.get("/beheer/gebruikers?q=zoek").get_data(as_text=True)
    assert "Zoek Drie" in first and "Zoek Een" not in first
    second = follow(client, first)
    assert "Zoek Een" in second and "Iemand Anders" not in second


def test_audit_log_next_link_keeps_the_filter(client, admin, make_user, monkeypatch):
    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    for number in range(3):
        person = make_user(display_name=f"Persoon {number + 100}")
        audit.record(admin, "user.role", "user", person.id, None, about=person)
    audit.record(admin, "user.block", "user", person.id, "spam", about=person)
    db.session.commit()
    sign_in(client, admin)
    first = client.get("/beheer/logboek?action=user.role").get_data(as_text=True)
    assert "Persoon 102" in first and "Persoon 100" not in first
    second = follow(client, first)
    assert "Persoon 100" in second and "Persoon 102" not in second and "Account van Persoon 102 geblokkeerd" not in second
