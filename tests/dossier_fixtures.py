"""A municipality as a councillor would meet it: a few dozen people from Utrecht endorsing one to three
pillars, some with a motivation, a few approved experiences, the council's answer and a member's reaction."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tests.council_fixtures import clerk, council_member, place, publish
from tests.experience_builders import make_experience
from tests.factories import UserFactory
from wijkstem.clock import utcnow
from wijkstem.extensions import db
from wijkstem.models import Pillar
from wijkstem.models.council import COUNCIL
from wijkstem.services.council import council_responses, council_status
from wijkstem.services.endorsements.endorsements import endorse_pillar

MOTIVATIONS = {
    "resident": [
        "In onze buurt weten bewoners zelf het best wat nodig is. Geef ons de ruimte en het budget om het te doen.",
        "Elke vier jaar een nieuw plan helpt niemand. Wij wonen hier over tien jaar nog steeds.",
        "De gemeente moet het mogelijk maken, niet alles zelf bedenken.",
    ],
    "professional": [
        "Als wijkwerker zie ik dat projecten stoppen net als ze beginnen te werken. Lange adem is nodig.",
        "Bewoners aan het roer werkt, als wij als professionals durven los te laten.",
        "Regels en potjes zitten vaak in de weg. Maak het mogelijk.",
    ],
    "politician": [
        "Ik steun dit omdat de wijkaanpak over raadsperiodes heen moet gaan.",
        "De raad moet bewoners vertrouwen en daar ook geld voor vrijmaken.",
        "Dit manifest geeft de raad een goede richting voor het wijkbeleid.",
    ],
}
HIDDEN_MOTIVATION = "Deze toelichting is van iemand die geblokkeerd is."
HIDDEN_NAME_MOTIVATION = "Ik steun dit, maar mijn naam hoeft er niet bij."
EXPERIENCE_STORY = (
    "Sinds de buurtkamer open is, komen bewoners elke dinsdag samen. Ze koken, praten over de straat en "
    "plannen samen wat er beter kan. De gemeente betaalt de huur, de bewoners doen de rest. Na een jaar "
    "zijn er drie nieuwe initiatieven gestart en kennen buren elkaar bij naam."
)


def pillars() -> list[Pillar]:
    return list(db.session.scalars(select(Pillar).order_by(Pillar.position)))


def utrecht_with_support(people: int = 30) -> dict:
    """`people` residents and professionals (1-3 pillars each), two verified councillors, a hidden name,
    a blocked person's motivation, three approved experiences and one waiting for a moderator."""
    all_pillars = pillars()
    made = []
    for i in range(people):
        perspective = "professional" if i % 4 == 1 else "resident"
        person = UserFactory(
            display_name=f"Inwoner {i:02d}",
            perspective=perspective,
            perspective_role="welzijn" if perspective == "professional" else None,
            show_name=i % 5 != 0,
        )
        for n, pillar in enumerate(all_pillars[: 1 + i % 3]):
            texts = MOTIVATIONS[perspective]
            motivation = texts[(i + n) % len(texts)] if i % 3 != 2 else None
            endorse_pillar(person, pillar, motivation)
        made.append(person)
    shy = UserFactory(display_name="Niet Zichtbaar", show_name=False)  # the newest resident, name hidden
    endorse_pillar(shy, all_pillars[0], HIDDEN_NAME_MOTIVATION)
    member = council_member(display_name="Fatima de Vries", party="Partij voor de Wijk")
    other = council_member(display_name="Jan Bakker", party="Stadspartij")
    for n, person in enumerate((member, other)):
        for pillar in all_pillars[: 2 + n]:
            endorse_pillar(person, pillar, MOTIVATIONS["politician"][n])
    blocked = UserFactory(display_name="Geblokkeerd Iemand")
    endorse_pillar(blocked, all_pillars[0], HIDDEN_MOTIVATION)
    blocked.blocked_at = utcnow()
    db.session.commit()
    moderator = UserFactory(display_name="Moderator Mo", role="moderator")
    for title in ("Buurtkamer in Lombok", "Samen de straat vergroenen", "Een wijkbudget dat werkt"):
        make_experience(made[1], moderator, title=title, story=EXPERIENCE_STORY)
    make_experience(made[2], approve=False, title="Nog niet beoordeeld")
    griffie = clerk(display_name="Griffie Utrecht")
    return {"member": member, "other": other, "moderator": moderator, "griffie": griffie, "people": made}


def council_spoke(world: dict) -> None:
    """The griffie answered on behalf of the council, a member reacted, and the status moved on."""
    utrecht = place()
    council_responses.publish_response(
        world["griffie"],
        utrecht,
        council_responses.ResponseDraft(
            kind="response",
            body="De gemeenteraad bespreekt het manifest in de commissie Wonen op 14 januari.",
            happened_on=date.today() - timedelta(days=3),
            voice=COUNCIL,
        ),
    )
    publish(world["member"], "Onze fractie vraagt het college om een wijkaanpak van tien jaar.")
    today = date.today()
    council_status.set_status_step(world["moderator"], utrecht, "aangeboden", today - timedelta(days=10))
    council_status.set_status_step(
        world["griffie"], utrecht, "geagendeerd", today - timedelta(days=3), "https://utrecht.raadsinformatie.nl/1"
    )


LONG_STATEMENT = (
    "Geef bewoners in elke wijk een eigen budget en de tijd om samen te bepalen waar het aan opgaat, "
    "met hulp van een vaste wijkwerker die blijft, ook als er na de verkiezingen een nieuw college komt."
)


def people_voted(per_group: int = 3, municipality_code: str = "GM0344") -> list[str]:
    """`per_group` new people of each perspective from one municipality answer two statements of
    pillar 1 and two of pillar 2: all agree with the first (of pillar 2: a long comment, the longest a
    dossier line gets), residents agree and politicians disagree with the second. Returns the texts
    [agreed 1, split 1, agreed 2, split 2]. Run the job after."""
    from wijkstem.models import Municipality
    from wijkstem.services import statements
    from wijkstem.services.discussion import comments
    from wijkstem.services.statements.votes import StatementRef
    from wijkstem.subjects import Subject

    where = db.session.scalar(select(Municipality).where(Municipality.code == municipality_code))
    first, second = pillars()[:2]
    writer = UserFactory(display_name="Schrijver Stelling", municipality=where)
    comment = comments.post_comment(writer, Subject.PILLAR, second.id, LONG_STATEMENT)
    db.session.commit()
    asked = [
        (first, StatementRef("punt", first.points[0].id), StatementRef("punt", first.points[1].id)),
        (second, StatementRef("reactie", comment.id), StatementRef("punt", second.points[1].id)),
    ]
    for pillar, agreed, split in asked:
        for perspective in ("resident", "professional", "politician"):
            for _ in range(per_group):
                person = UserFactory(perspective=perspective, municipality=where)
                statements.answer_statement(person, pillar, agreed, "agree")
                choice = {"resident": "agree", "politician": "disagree"}.get(perspective, "pass")
                statements.answer_statement(person, pillar, split, choice)
    return [first.points[0].text, first.points[1].text, LONG_STATEMENT, second.points[1].text]
