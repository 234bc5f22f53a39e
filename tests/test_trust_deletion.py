"""Deleting an account leaves nothing that names or quotes the person, in any table."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import JSON, String, Text, func, inspect, select, text

from tests.conftest import PASSWORD
from tests.experience_builders import jpeg_with_gps, municipality, pillar
from wijkstem.extensions import db
from wijkstem.models import AuditEntry, Endorsement, OutboxMessage, Pillar, StatementVote
from wijkstem.services import statements
from wijkstem.services.accounts import accounts, verification
from wijkstem.services.discussion import comments, report_queue, reports
from wijkstem.services.endorsements.endorsements import endorse_pillar, remember_endorsement
from wijkstem.services.experiences import experience_moderation, experiences
from wijkstem.services.statements import StatementRef
from wijkstem.services.statements.job import run_common_ground

EMAIL = "zoe.verwijderbaar@example.org"
NEW_EMAIL = "zoe.nieuw@example.org"
WORK_EMAIL = "z.verwijderbaar@utrecht.nl"
NAME = "Zoë Verwijderbaar"
WIJK = "Wittevrouwenkwartier"
TEXTS = {
    "motivation": "Steun omdat de speeltuin Zeldzaamheid verdient",
    "comment": "Mijn buurman Kwetsbaar-Alfa weet hier alles van",
    "reply": "Antwoord van mij met code Quokka-Bravo erin",
    "experience_title": "Moestuin Quokka-Charlie aan de gracht",
    "experience_story": "Iedere zaterdag wieden we samen in de moestuin Quokka-Delta. " * 2,
    "report_text": "Dit noemt adres Quokka-Echo, haal weg",
    "organisation": "Stichting Quokka-Foxtrot",
    "statement": "Stelling Quokka-Golf: elke wijk een eigen budget",
}


@pytest.fixture(autouse=True)
def _in_a_request(app):
    # Services build mail with lazy Dutch texts, as during a request.
    with app.test_request_context():
        yield


def _build_footprint(make_user):
    person = make_user(
        email=EMAIL, display_name=NAME, wijk=WIJK, perspective="professional", perspective_role="gemeente"
    )
    other = make_user(display_name="Ander Persoon")
    newcomer = make_user(display_name="Nieuw Iemand", email_confirmed_at=None)
    moderator = make_user(role="moderator", display_name="Mo Derator")
    first, second = db.session.scalars(select(Pillar).order_by(Pillar.position).limit(2)).all()

    endorse_pillar(person, first, TEXTS["motivation"])
    endorse_pillar(other, first, "Goed plan", via_code=person.share_code)  # their share link brought this in
    remember_endorsement(newcomer, second, None, via_code=person.share_code)

    own = comments.post_comment(person, "pillar", first.id, TEXTS["comment"])
    others = comments.post_comment(other, "pillar", first.id, "Een reactie van een ander")
    comments.reply_to(person, others, TEXTS["reply"])  # queues a mail to the other that names and quotes them
    comments.reply_to(other, own, "Dank voor je reactie")
    comments.toggle_helpful(person, others)
    reports.report_item(person, "comment", others.id, "other", TEXTS["report_text"])
    reports.report_item(other, "comment", own.id, "personal-data", "Noemt een buurman")
    report_queue.hide(moderator, _report_item_id(own), "Persoonsgegevens")
    db.session.commit()

    # Their comment is a statement others answered, they answered a point, and the common-ground
    # job stored the figures (with the comment's text).
    statement = comments.post_comment(person, "pillar", first.id, TEXTS["statement"])
    db.session.commit()
    for voter in (other, make_user(perspective="professional"), make_user(perspective="politician")):
        statements.answer_statement(voter, first, StatementRef("reactie", statement.id), "agree")
    statements.answer_statement(person, first, StatementRef("punt", first.points[0].id), "agree")
    run_common_ground(min_voters=1)

    photo = experiences.store_draft_photo(person, io.BytesIO(jpeg_with_gps((320, 240))))
    draft = experiences.Draft(
        title=TEXTS["experience_title"],
        story=TEXTS["experience_story"],
        municipality=municipality("GM0344"),
        wijk=WIJK,
        kind="goes-well",
        pillars=[pillar(1)],
        photo=photo,
        photo_alt="Een moestuin",
    )
    experience = experiences.submit_experience(person, draft)
    experience_moderation.approve(moderator, experience.id, None)
    db.session.commit()

    request = verification.request_verification(
        person,
        verification.Application(TEXTS["organisation"], "Wijkregisseur", "https://www.utrecht.nl/team", WORK_EMAIL),
    )
    # Verified, then moved: the verification is bound to the name and ends, with an audit entry naming
    # what it was for (issue 25); that goes too.
    verification.approve_verification(moderator, request.id)
    db.session.commit()
    moved = accounts.Profile(NAME, "professional", "gemeente", municipality("GM0363"), WIJK)
    assert accounts.update_profile(person, moved) is not None
    accounts.request_email_change(person, NEW_EMAIL, PASSWORD)
    return person


def _report_item_id(comment) -> int:
    from wijkstem.models import Report

    return db.session.scalar(select(Report.id).where(Report.subject_type == "comment", Report.subject_id == comment.id))


def _every_text_value() -> list[tuple[str, str, str]]:
    """(table, column, value) for every text and JSON column of every table, plus the search index."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        for column in columns:
            for (value,) in db.session.execute(select(column)):
                if value is not None:
                    found.append((table.name, column.name, value if isinstance(value, str) else json.dumps(value)))
    bind = db.session.get_bind()
    known = {t.name for t in db.metadata.sorted_tables}
    for name in inspect(bind).get_table_names():
        if name not in known and bind.dialect.name == "sqlite" and "_" in name:
            for row in db.session.execute(text(f'SELECT * FROM "{name}"')):  # noqa: S608 (names from the schema)
                found.extend((name, "*", str(cell)) for cell in row if isinstance(cell, str))
    return found


def test_deleting_an_account_leaves_nothing_that_names_or_quotes_the_person(make_user):
    person = _build_footprint(make_user)
    share_code = person.share_code
    # The footprint is really there before deletion.
    before = _every_text_value()
    assert any(NAME in value for _, _, value in before)
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.contains(NAME))) is not None
    assert db.session.scalar(select(Endorsement).where(Endorsement.via_code == share_code)) is not None
    assert any(TEXTS["experience_title"] in json.dumps(e.after) for e in db.session.scalars(select(AuditEntry)))
    assert any(TEXTS["statement"] in value for table, _, value in before if table == "common_ground_results")
    assert db.session.scalar(select(func.count()).select_from(StatementVote)) == 4

    accounts.delete_account(person, PASSWORD)
    db.session.expire_all()

    needles = [EMAIL, NEW_EMAIL, WORK_EMAIL, NAME, WIJK, share_code, *TEXTS.values()]
    needles = [n.strip() for n in needles]
    leftovers = [
        (table, column, needle)
        for table, column, value in _every_text_value()
        for needle in needles
        if needle in value or (needle == NAME and "Zo\\u00eb Verwijderbaar" in value)
    ]
    assert leftovers == []
    assert db.session.scalar(select(func.count()).select_from(StatementVote)) == 0  # theirs, and those on their comment


def test_unsent_reply_notice_naming_the_person_is_dropped(make_user):
    person = make_user(display_name=NAME)
    other = make_user()
    parent = comments.post_comment(other, "pillar", db.session.scalar(select(Pillar.id).limit(1)), "Vraag")
    comments.reply_to(person, parent, TEXTS["reply"])
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == other.email)) is not None
    accounts.delete_account(person, PASSWORD)
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == other.email)) is None
