from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from tests.participation_fixtures import SLUG
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Comment, HelpfulMark, OutboxMessage
from wijkstem.services.discussion import comments
from wijkstem.subjects import Subject


def _post(client, body, point=""):
    return client.post(f"/manifest/{SLUG}/reacties", data={"body": body, "point": point}, follow_redirects=True)


def test_post_a_comment_about_a_point(client, login, make_user, pillar):
    login(make_user(display_name="Anna", perspective="professional", perspective_role="gemeente"))
    point = pillar.points[1]
    html = _post(client, "Dit punt is belangrijk.", str(point.id)).get_data(as_text=True)
    assert "Bedankt, je reactie staat erbij." in html
    assert "Dit punt is belangrijk." in html and "Over punt 2" in html
    assert "Anna" in html and "Beroepskracht" in html and "nog niet geverifieerd" in html and "Utrecht" in html
    assert "Beroepskracht (gemeente)" not in html  # a claimed role shows only once it is verified
    assert "1 reactie" in html  # the point shows its number of comments


def test_html_is_escaped_and_links_are_clickable(client, login, make_user, pillar):
    login(make_user())
    html = _post(client, '<script>alert("x")</script> zie https://example.org/plan').get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert '<a href="https://example.org/plan" rel="nofollow ugc noopener">' in html


def test_empty_or_too_long_comment_shows_errors_and_keeps_text(client, login, make_user, pillar):
    login(make_user())
    response = client.post(f"/manifest/{SLUG}/reacties", data={"body": "y" * 2001, "point": ""})
    html = response.get_data(as_text=True)
    assert "Controleer wat je hebt ingevuld" in html and "tussen 2 en 2.000 tekens" in html and "y" * 2001 in html
    assert db.session.scalar(select(Comment)) is None


def test_unconfirmed_user_gets_message_and_keeps_text(client, login, make_user, pillar):
    login(make_user(email_confirmed_at=None))
    html = client.post(f"/manifest/{SLUG}/reacties", data={"body": "Mijn verhaal", "point": ""}).get_data(as_text=True)
    assert "Bevestig eerst je e-mailadres. Daarna kun je reageren." in html
    assert "Mijn verhaal" in html and "Stuur een nieuwe bevestigingsmail" in html


def test_blocked_user_cannot_comment(make_user, pillar):
    with pytest.raises(comments.NotAllowed):
        comments.post_comment(make_user(blocked_at=utcnow()), Subject.PILLAR, pillar.id, "Hallo daar")


def test_reply_mails_the_writer_unless_they_opted_out(client_for, make_user, pillar):
    writer = make_user(display_name="Schrijver")
    quiet = make_user(notify_replies=False)
    replier = make_user(display_name="Antwoorder")
    first = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Eerste")
    second = comments.post_comment(quiet, Subject.PILLAR, pillar.id, "Tweede")
    browser = client_for(replier)
    html = browser.post(f"/reacties/{first.id}/reageren", data={"body": "Eens!"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Bedankt, je antwoord staat erbij." in html and "Eens!" in html
    browser.post(f"/reacties/{second.id}/reageren", data={"body": "Ook eens"})
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in mails] == [writer.email]
    assert "Antwoorder reageerde" in mails[0].subject and "Eens!" in mails[0].body_text
    assert f"/manifest/{SLUG}#reactie-" in mails[0].body_text


def test_one_level_of_replies(make_user, pillar):
    top = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Begin")
    reply = comments.reply_to(make_user(), top, "Antwoord")
    deeper = comments.reply_to(make_user(), reply, "Nog dieper")
    assert deeper.parent_id == top.id


def test_edit_within_fifteen_minutes_shows_edited(client, login, make_user, pillar):
    user = make_user()
    comment = comments.post_comment(user, Subject.PILLAR, pillar.id, "Oude tekst")
    login(user)
    assert "Oude tekst" in client.get(f"/reacties/{comment.id}/bewerken").get_data(as_text=True)
    html = client.post(
        f"/reacties/{comment.id}/bewerken", data={"body": "Nieuwe tekst"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Je reactie is aangepast." in html and "Nieuwe tekst" in html and "bewerkt" in html


def test_edit_after_fifteen_minutes_or_by_others_is_refused(client, login, make_user, pillar):
    user = make_user()
    comment = comments.post_comment(user, Subject.PILLAR, pillar.id, "Oude tekst")
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    login(user)
    html = client.post(f"/reacties/{comment.id}/bewerken", data={"body": "Te laat"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "alleen in de eerste 15 minuten" in html
    other = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Van een ander")
    with pytest.raises(comments.NotAllowed):
        comments.edit_comment(user, other, "Overgenomen")


def test_soft_delete_keeps_replies(client, login, make_user, pillar):
    user = make_user()
    top = comments.post_comment(user, Subject.PILLAR, pillar.id, "Weg ermee")
    comments.reply_to(make_user(), top, "Mijn antwoord blijft")
    login(user)
    html = client.post(f"/reacties/{top.id}/verwijderen", data={}, follow_redirects=True).get_data(as_text=True)
    assert "verwijderd door de schrijver" in html and "Weg ermee" not in html
    assert "Mijn antwoord blijft" in html


def test_helpful_once_per_person_and_not_on_own(client_for, make_user, pillar):
    writer = make_user()
    comment = comments.post_comment(writer, Subject.PILLAR, pillar.id, "Goed idee")
    fan = client_for(make_user())
    html = fan.post(f"/reacties/{comment.id}/waardevol", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Je vindt deze reactie waardevol." in html and "1 vindt dit waardevol" in html
    assert 'aria-pressed="true"' in html
    fan.post(f"/reacties/{comment.id}/waardevol", data={})  # second click takes it back
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).helpful_count == 0
    own = client_for(writer).post(f"/reacties/{comment.id}/waardevol", data={}, follow_redirects=True)
    assert "Je kunt je eigen reactie niet waardevol vinden." in own.get_data(as_text=True)
    assert db.session.scalar(select(HelpfulMark)) is None


def test_sort_filter_and_paginate(client, make_user, pillar):
    resident = make_user(perspective="resident")
    professional = make_user(perspective="professional", perspective_role="gemeente")
    old = comments.post_comment(resident, Subject.PILLAR, pillar.id, "Oudste reactie")
    old.created_at = utcnow() - timedelta(days=1)
    db.session.commit()
    liked = comments.post_comment(professional, Subject.PILLAR, pillar.id, "Populaire reactie")
    comments.toggle_helpful(resident, liked)
    comments.post_comment(resident, Subject.PILLAR, pillar.id, "Nieuwste reactie")

    def order(query):
        html = client.get(f"/manifest/{SLUG}?{query}").get_data(as_text=True)
        found = [t for t in ("Oudste reactie", "Populaire reactie", "Nieuwste reactie") if t in html]
        return sorted(found, key=html.index)

    assert order("sorteer=nieuw") == ["Nieuwste reactie", "Populaire reactie", "Oudste reactie"]
    assert order("sorteer=oud") == ["Oudste reactie", "Populaire reactie", "Nieuwste reactie"]
    assert order("sorteer=waardevol")[0] == "Populaire reactie"
    assert order("perspectief=professional") == ["Populaire reactie"]
    for i in range(20):
        comments.post_comment(resident, Subject.PILLAR, pillar.id, f"Extra {i}")
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Oudste reactie" not in html
    more = re.search(r'<a class="[^"]*utrecht-link[^"]*" href="([^"]+)" rel="next">Meer reacties</a>', html)[1]
    html = client.get(unescape(more)).get_data(as_text=True)
    assert "Oudste reactie" in html and "Meer reacties</a>" not in html


def test_deleting_an_account_removes_or_anonymises_comments(client, login, make_user, pillar):
    from tests.conftest import PASSWORD

    user = make_user()
    with_reply = comments.post_comment(user, Subject.PILLAR, pillar.id, "Met antwoord")
    comments.reply_to(make_user(), with_reply, "Het antwoord")
    alone = comments.post_comment(user, Subject.PILLAR, pillar.id, "Zonder antwoord")
    other = comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Van een ander")
    comments.toggle_helpful(user, other)
    ids = (alone.id, with_reply.id, other.id)
    login(user)
    client.post("/account/verwijderen", data={"password": PASSWORD, "confirm": "y"})
    db.session.expire_all()
    assert db.session.get(Comment, ids[0]) is None
    kept = db.session.get(Comment, ids[1])
    assert kept.author_id is None and kept.body == "" and kept.is_deleted
    assert db.session.get(Comment, ids[2]).helpful_count == 0


def test_download_my_data_lists_comments_and_helpful_marks(client, login, make_user, pillar):
    user = make_user()
    comments.post_comment(user, Subject.PILLAR, pillar.id, "Mijn mening")
    comments.toggle_helpful(user, comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Andere mening"))
    login(user)
    data = client.get("/account/mijn-gegevens").json
    assert data["comments"]["comments"][0]["body"] == "Mijn mening"
    assert len(data["comments"]["helpful"]) == 1


def test_anonymous_reader_sees_comments_and_a_login_link(client, make_user, pillar):
    comments.post_comment(make_user(), Subject.PILLAR, pillar.id, "Openbare reactie")
    html = client.get(f"/manifest/{SLUG}").get_data(as_text=True)
    assert "Openbare reactie" in html and "Log in om te reageren" in html
    assert 'action="/reacties/' not in html
