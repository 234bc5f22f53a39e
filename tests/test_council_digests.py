"""Following, milestones and the weekly digest: once per week, only with news, unsubscribe without login."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import all_at_once, outbox_links, path_of
from tests.council_fixtures import council_member, place, publish
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Digest, Follow, Milestone, OutboxMessage, Pillar
from wijkstem.services.accounts import mail
from wijkstem.services.council import digests, follows, milestones
from wijkstem.services.endorsements import endorsements


def _mails_to(address: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()


def test_following_a_municipality_from_its_page(client, login, make_user):
    person = make_user()
    login(person)
    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert "Houd me op de hoogte" in page
    followed = client.post("/gemeente/utrecht/volgen", follow_redirects=True).get_data(as_text=True)
    assert "We houden je op de hoogte van Utrecht." in followed and "Niet meer volgen" in followed
    client.post("/gemeente/utrecht/volgen")  # twice changes nothing
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 1
    client.post("/gemeente/utrecht/niet-meer-volgen")
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 0


def test_the_endorse_form_offers_following_unticked(client, login, make_user):
    person = make_user()
    login(person)
    html = client.get("/manifest/lange-termijn").get_data(as_text=True)
    assert "Houd me op de hoogte van deze pijler" in html
    assert (
        'name="follow_pillar" type="checkbox" value="y">' in html
        or "checked" not in html.split("follow_pillar")[1][:80]
    )
    client.post("/manifest/lange-termijn/steunen", data={"motivation": ""})
    assert db.session.scalar(select(Follow)) is None
    client.post("/manifest/bewoners-leidend/steunen", data={"follow_pillar": "y", "follow_municipality": "y"})
    rows = db.session.scalars(select(Follow)).all()
    assert {(r.pillar.slug if r.pillar else None, r.municipality_id) for r in rows} == {
        ("bewoners-leidend", None),
        (None, place().id),
    }


def test_preferences_on_the_account_page(client, login, make_user):
    person = make_user()
    follows.follow_municipality(person, place())
    login(person)
    assert "Op de hoogte blijven" in client.get("/account").get_data(as_text=True)
    page = client.get("/account/op-de-hoogte").get_data(as_text=True)
    assert "Gemeente Utrecht" in page
    client.post("/account/op-de-hoogte", data={"frequency": "never"})
    db.session.expire_all()
    assert person.digest_frequency == "never"


def test_a_digest_is_queued_once_per_week_even_when_run_twice(make_user):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member(display_name="Raadslid Ria"), "We agenderen het manifest.")
    first = digests.build_digests()
    second = digests.build_digests()
    assert (first.queued, second.queued, second.already_sent) == (1, 0, 1)
    (message,) = _mails_to("volger@example.org")
    assert "Raadslid Ria" in message.body_text and "We agenderen het manifest." in message.body_text
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.headers["List-Unsubscribe"].startswith("<http://localhost/afmelden/")
    assert db.session.scalar(select(func.count()).select_from(Digest)) == 1


def test_nothing_is_sent_when_nothing_changed(make_user):
    follower = make_user(email="stil@example.org")
    follows.follow_municipality(follower, place())
    run = digests.build_digests()
    assert run.queued == 0 and run.nothing_new == 1 and _mails_to("stil@example.org") == []


def test_the_next_week_only_tells_what_is_new(make_user):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    member = council_member()
    publish(member, "Oude reactie.")
    digests.build_digests()
    next_week = utcnow() + timedelta(days=7)
    assert digests.build_digests(now=next_week).nothing_new == 1  # nothing happened since the first digest


def test_never_and_blocked_and_unconfirmed_people_get_no_digest(make_user):
    people = [
        make_user(digest_frequency="never"),
        make_user(blocked_at=utcnow()),
        make_user(email_confirmed_at=None),
    ]
    for person in people:
        follows.follow_municipality(person, place())
    publish(council_member())
    assert digests.build_digests().queued == 0


def test_two_runs_at_once_queue_one_digest(app, make_user):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("concurrent writers need PostgreSQL; the unique key is tested on SQLite below")
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member())
    db.session.remove()

    def run(_index: int) -> None:
        with app.app_context():
            digests.build_digests()
            db.session.remove()

    all_at_once(run, 2)
    assert len(_mails_to("volger@example.org")) == 1


def test_the_unique_key_stops_a_second_digest_for_the_same_period(make_user, monkeypatch):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member())
    # As if another machine queued this week's digest between our check and our insert.
    monkeypatch.setattr(digests, "_already_sent", lambda user, period: False)
    monkeypatch.setattr(digests, "_window_start", lambda user, now: now - timedelta(days=7))
    digests.build_digests()
    run = digests.build_digests()
    assert run.already_sent == 1 and len(_mails_to("volger@example.org")) == 1


def test_a_failed_send_is_retried_by_the_outbox(app, make_user, monkeypatch):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member())
    digests.build_digests()

    def fail(*_args):
        raise OSError("mail server down")

    monkeypatch.setattr(mail, "_write_file", fail)
    assert mail.deliver_pending() == (0, 1)
    (message,) = _mails_to("volger@example.org")
    assert message.sent_at is None and message.failed_at is None and message.next_attempt_at > utcnow()


def test_unsubscribe_works_without_logging_in(client, make_user):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member())
    digests.build_digests()
    link = next(link for link in outbox_links("volger@example.org") if "/afmelden/" in link)
    page = client.get(path_of(link)).get_data(as_text=True)
    assert "Meld me af" in page
    done = client.post(path_of(link)).get_data(as_text=True)  # also what a mail program does (RFC 8058)
    assert "Je bent afgemeld" in done
    db.session.expire_all()
    assert follower.digest_frequency == "never"
    assert client.post("/afmelden/niet-echt").status_code == 400


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _endorse_many(make_user, residents: int, professionals: int = 1, politicians: int = 1):
    pillar = db.session.scalars(select(Pillar).order_by(Pillar.position)).first()
    for perspective, n in (("resident", residents), ("professional", professionals), ("politician", politicians)):
        for _ in range(n):
            endorsements.endorse_pillar(make_user(perspective=perspective), pillar)


def test_residents_alone_reach_a_milestone_counted_in_people(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "MILESTONE_THRESHOLDS", (3, 5))
    pillars = db.session.scalars(select(Pillar).order_by(Pillar.position)).all()
    for _ in range(2):  # two residents on all three pillars: 2 people, 6 endorsements
        person = make_user(perspective="resident")
        for pillar in pillars:
            endorsements.endorse_pillar(person, pillar)
    ready = milestones.readiness(place())
    assert ready.total == 2 and not ready.is_ready and ready.next_threshold == 3 and ready.still_needed == 1
    assert ready.present_perspectives == ("resident",)
    _endorse_many(make_user, residents=1, professionals=0, politicians=0)
    ready = milestones.readiness(place())
    assert ready.is_ready and ready.reached == (3,) and ready.next_threshold == 5


def test_a_milestone_shows_progress_and_is_told_once(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "MILESTONE_THRESHOLDS", (4, 100))
    follower = make_user(email="volger@example.org", perspective="professional")
    follows.follow_municipality(follower, place())
    _endorse_many(make_user, residents=1)
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "Bij 4 mensen bieden we het dossier aan de griffie aan. Nu 3 van de 4. Nog 1 persoon nodig." in text
    assert "Steun van: bewoners, beroepskrachten, politici." in text
    _endorse_many(make_user, residents=1, professionals=0, politicians=0)
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "Mijlpaal bereikt: 4 mensen uit Utrecht steunen het manifest." in text
    assert "Bij 100 mensen bieden we het dossier aan de griffie aan. Nu 4 van de 100. Nog 96 mensen nodig." in text
    assert "Dossier voor de gemeenteraad" in client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True)
    digests.build_digests()
    digests.build_digests(now=utcnow() + timedelta(days=7))
    assert db.session.scalar(select(func.count()).select_from(Milestone)) == 1
    (message,) = _mails_to("volger@example.org")
    assert "Mijlpaal in Utrecht: 4 mensen steunen het manifest." in message.body_text
    assert milestones.record_reached_milestones() == []


def test_the_milestone_wording_is_configurable(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "MILESTONE_THRESHOLDS", (1000,))
    monkeypatch.setitem(app.config, "MILESTONE_PROMISE", "Bij {n} mensen gaan we naar het stadhuis.")
    _endorse_many(make_user, residents=1, professionals=0, politicians=0)
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "Bij 1.000 mensen gaan we naar het stadhuis. Nu 1 van de 1.000. Nog 999 mensen nodig." in text


def test_follows_and_digests_are_in_the_download_and_go_with_the_account(client, login, make_user):
    follower = make_user(email="volger@example.org")
    follows.follow_municipality(follower, place())
    publish(council_member())
    digests.build_digests()
    login(follower)
    data = client.get("/account/mijn-gegevens").get_json()
    assert data["follows"]["municipalities"] == [{"code": "GM0344", "name": "Utrecht"}]
    assert data["follows"]["digest_frequency"] == "weekly"
    assert len(data["digests"]) == 1 and data["digests"][0]["summary"]["sections"][0]["responses"] == 1
    client.post("/account/verwijderen", data={"password": "een-lange-zin-als-wachtwoord", "confirm": "y"})
    assert db.session.scalar(select(Follow)) is None and db.session.scalar(select(Digest)) is None
