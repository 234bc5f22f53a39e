"""One number for a municipality, everywhere: the people from there who support at least one pillar,
each counted once; kept in a counter row that always equals a recount."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from tests.conftest import counting_queries
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Municipality, OutboxMessage, PeopleCounter, Pillar
from wijkstem.services.accounts.accounts import Profile, update_profile
from wijkstem.services.council import digests, follows, milestones
from wijkstem.services.endorsements.endorsement_counters import recount_all
from wijkstem.services.endorsements.endorsements import endorse_pillar, withdraw_endorsement
from wijkstem.services.insight.municipalities import local_people
from wijkstem.services.moderation.user_admin import block_user
from wijkstem.services.sharing.preview_images import municipality_card


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def place(code: str = "GM0344") -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.code == code))


def pillars() -> list[Pillar]:
    return list(db.session.scalars(select(Pillar).order_by(Pillar.position)))


def endorse(user, *positions: int) -> None:
    for position in positions:
        endorse_pillar(user, pillars()[position - 1])


def counters() -> dict[tuple, int]:
    """The people counter rows that count someone, by key."""
    db.session.expire_all()
    return {
        (row.municipality_id, row.perspective, row.verified, row.named): row.count
        for row in db.session.scalars(select(PeopleCounter))
        if row.count
    }


def assert_counter_equals_recount() -> dict[tuple, int]:
    kept = counters()
    recount_all()
    assert counters() == kept
    return kept


def four_people_eight_endorsements(make_user):
    """Four people from Utrecht on one, two, three and two pillars (8 endorsements), one from Amsterdam."""
    endorse(make_user(perspective="resident"), 1)
    endorse(make_user(perspective="resident"), 1, 2)
    professional = make_user(
        perspective="professional", perspective_role="gemeente", verified_at=utcnow(), display_name="Pien Prof"
    )
    endorse(professional, 1, 2, 3)
    endorse(make_user(perspective="politician", perspective_role="raadslid"), 2, 3)
    endorse(make_user(municipality=place("GM0363")), 1, 2, 3)  # Amsterdam: not counted for Utrecht
    return professional


def test_every_place_gives_the_same_people_number(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "MILESTONE_THRESHOLDS", (5, 100))  # 8 endorsements would pass 5; 4 people do not
    four_people_eight_endorsements(make_user)
    assert local_people(place().id).total == 4

    page = client.get("/gemeente/utrecht").get_data(as_text=True)
    assert 'data-people="4"' in page
    assert "4 inwoners, beroepskrachten en politici uit Utrecht steunen het manifest" in text_of(page)
    assert "Nu 4 van de 5. Nog 1 persoon nodig." in text_of(page)  # the milestone counts people too

    headline = "4 inwoners, beroepskrachten en politici uit Utrecht steunen het manifest."
    printed = text_of(client.get("/gemeente/utrecht/afdrukken").get_data(as_text=True))
    assert headline in printed and "Alle pijlers" not in printed  # no sum of endorsements beside it

    reader = PdfReader(io.BytesIO(client.get("/gemeente/utrecht/samenvatting.pdf").data))
    pdf = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert headline in pdf

    poster = text_of(client.get("/gemeente/utrecht/poster").get_data(as_text=True))
    assert "4 mensen uit Utrecht steunen dit manifest" in poster

    with app.test_request_context("/"):
        card = municipality_card(place())
    assert card.counts[0] == ("mensen", 4)

    embed = client.get("/embed/gemeente/utrecht").get_data(as_text=True)
    assert 'data-people="4"' in embed and "<strong>4</strong> mensen" in embed
    badge = client.get("/embed/gemeente/utrecht/badge.svg").get_data(as_text=True)
    assert 'data-people="4"' in badge and "4 mensen uit Utrecht steunen het manifest" in badge

    detail = client.get("/api/v1/municipalities/GM0344").json
    assert detail["people"] == 4 and detail["endorsements"] == 8  # added beside, never replacing
    assert detail["people_by_perspective"] == {
        "total": 4,
        "resident": 2,
        "professional": 1,
        "politician": 1,
        "verified": 1,
    }
    listed = client.get("/api/v1/municipalities?province=Utrecht&per_page=200").json["items"]
    assert next(i for i in listed if i["code"] == "GM0344")["people"] == 4

    assert milestones.readiness(place()).total == 4
    assert milestones.record_reached_milestones() == []  # 4 people do not reach 5
    monkeypatch.setitem(app.config, "MILESTONE_THRESHOLDS", (4, 100))
    follower = make_user(email="volger@example.org", municipality=place("GM0363"))
    follows.follow_municipality(follower, place())
    digests.build_digests(now=utcnow() + timedelta(minutes=1))
    (mail,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "volger@example.org"))
    assert "Mijlpaal in Utrecht: 4 mensen steunen het manifest." in mail.body_text


def test_the_counter_equals_a_recount_through_every_change(client, login, make_user):
    utrecht, amsterdam = place().id, place("GM0363").id
    professional = four_people_eight_endorsements(make_user)
    kept = assert_counter_equals_recount()
    assert sum(n for key, n in kept.items() if key[0] == utrecht) == 4
    assert kept[(utrecht, "professional", True, True)] == 1  # verified and named

    # withdrawing one of two pillars keeps the person; withdrawing the last one ends them
    two = make_user(perspective="resident")
    endorse(two, 1, 3)
    withdraw_endorsement(two, pillars()[0])
    assert local_people(utrecht).total == 5
    withdraw_endorsement(two, pillars()[2])
    withdraw_endorsement(two, pillars()[2])  # twice is harmless
    assert local_people(utrecht).total == 4
    assert_counter_equals_recount()

    # blocking takes the person out, unblocking brings them back
    admin = make_user(role="admin")
    block_user(admin, professional, "test", hide_content=False)
    assert local_people(utrecht).total == 3 and local_people(utrecht).verified == 0
    assert_counter_equals_recount()

    # hiding one's name moves the person from named to not named, not out of the count
    resident = make_user(perspective="resident", display_name="Ria Bewoner")
    endorse(resident, 2)
    verified_named = make_user(perspective="politician", perspective_role="raadslid", verified_at=utcnow())
    endorse(verified_named, 1, 2)
    assert local_people(utrecht).named == 1
    update_profile(
        verified_named,
        Profile(verified_named.display_name, "politician", "raadslid", verified_named.municipality, None, False),
    )
    assert local_people(utrecht).named == 0 and local_people(utrecht).total == 5
    assert_counter_equals_recount()

    # moving to another municipality moves the person, once, with all their pillars
    before_amsterdam = local_people(amsterdam).total
    update_profile(resident, Profile("Ria Bewoner", "resident", None, place("GM0363"), None, True))
    assert local_people(utrecht).total == 4 and local_people(amsterdam).total == before_amsterdam + 1
    assert_counter_equals_recount()

    # deleting an account takes the person out of the count
    login(verified_named)
    response = client.post("/account/verwijderen", data={"password": "een-lange-zin-als-wachtwoord", "confirm": "y"})
    assert response.status_code == 302
    assert local_people(utrecht).total == 3
    final = assert_counter_equals_recount()
    assert sum(n for key, n in final.items() if key[0] == utrecht) == 3


def test_recount_rebuilds_the_people_counter_from_the_endorsements(make_user):
    four_people_eight_endorsements(make_user)
    kept = counters()
    db.session.execute(PeopleCounter.__table__.delete())
    db.session.commit()
    assert local_people(place().id).total == 0
    recount_all()
    assert counters() == kept and local_people(place().id).total == 4


def test_municipality_page_queries_do_not_grow_with_its_people(client, make_user):
    def page_queries() -> int:
        with counting_queries() as statements:
            assert client.get("/gemeente/utrecht").status_code == 200
        return len(statements)

    endorse(make_user(perspective="politician", perspective_role="raadslid", verified_at=utcnow()), 1)  # one named
    few = page_queries()
    for i in range(25):
        endorse(make_user(perspective="professional", perspective_role="gemeente", verified_at=utcnow()), 1, 2)
        endorse(make_user(display_name=f"Bewoner {i}"), 1 + i % 3)
    many = page_queries()
    assert few == many, (few, many)
    assert local_people(place().id).total == 51


def test_how_we_count_is_one_click_from_every_figure(client, make_user):
    endorse(make_user(), 1)
    page = client.get("/hoe-we-tellen")
    assert page.status_code == 200
    text = text_of(page.get_data(as_text=True))
    for words in ("Iedereen telt één keer", "geverifieerd", "We controleren niet waar iemand woont"):
        assert words in text
    assert "Bij 25 mensen bieden we het dossier aan de griffie aan." in text
    for path in (
        "/gemeente/utrecht",
        "/cijfers",
        "/cijfers/gemeente/utrecht",
        "/manifest/bewoners-leidend",  # the pillar's count
        "/manifest/bewoners-leidend/steunbetuigingen",
    ):
        assert 'href="/hoe-we-tellen' in client.get(path).get_data(as_text=True), path
    for path in (  # printed or framed elsewhere: the whole address
        "/embed/gemeente/utrecht",
        "/embed/pillar/bewoners-leidend",
        "/gemeente/utrecht/poster",
        "/manifest/bewoners-leidend/poster",
        "/gemeente/utrecht/afdrukken",
    ):
        assert 'href="http://localhost/hoe-we-tellen' in client.get(path).get_data(as_text=True), path


def test_the_endorse_action_comes_right_after_the_number(client, make_user):
    endorse(make_user(), 1)
    html = client.get("/gemeente/utrecht").get_data(as_text=True)
    action = html.index('href="/manifest/bewoners-leidend#steun"')
    assert html.index('id="steun-titel"') < action < html.index('id="per-pijler"')
    assert "Steun het manifest" in html[action : action + 200]


def test_counts_above_a_thousand_have_a_dutch_thousands_separator(client, monkeypatch):
    from tests.fake_counts import patch_counts
    from wijkstem.services.endorsements.people_counters import PeopleCounts

    patch_counts(monkeypatch, people=PeopleCounts(total=5000, resident=4990, professional=10))
    text = text_of(client.get("/gemeente/utrecht").get_data(as_text=True))
    assert "5.000 inwoners, beroepskrachten en politici uit Utrecht" in text and "5000" not in text
    assert "Nu 5.000 van de" not in text  # 5,000 passed the last default threshold (500)
    assert "Mijlpaal bereikt: 500 mensen" in text
