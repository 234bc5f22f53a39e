"""What the municipality page and its PDF show about the council: responses, timeline, milestone."""

from __future__ import annotations

from dataclasses import dataclass

from wijkstem.models import CouncilResponse, Municipality, User
from wijkstem.models.council import COUNCIL, MEMBER
from wijkstem.services.council import council_responses, council_status, follows, milestones


@dataclass(frozen=True)
class CouncilOverview:
    responses: list[CouncilResponse]  # newest first; the page's timeline is the same list
    badged: set[int]  # ids of the responses that show the "geverifieerd" badge
    readiness: milestones.Readiness
    can_respond: bool
    is_following: bool
    editable: set[int]
    status: council_status.CouncilStatus
    can_manage: bool = False  # the griffie of this municipality or a moderator

    @property
    def council_answers(self) -> list[CouncilResponse]:
        """ "Antwoord namens de gemeenteraad": the griffie or whom it marked."""
        return [r for r in self.responses if r.voice == COUNCIL]

    @property
    def member_reactions(self) -> list[CouncilResponse]:
        """ "Reactie van een raadslid": one member's view, with party."""
        return [r for r in self.responses if r.voice == MEMBER]


def council_overview(
    municipality: Municipality, local_counts: dict[str, int] | None = None, viewer: User | None = None
) -> CouncilOverview:
    """local_counts: the municipality's endorsements per perspective, when the page already has them."""
    responses = council_responses.visible_responses(municipality)
    person = viewer if viewer is not None and viewer.is_authenticated else None
    return CouncilOverview(
        responses=responses,
        badged=council_responses.badged_responses(municipality, responses),
        readiness=milestones.readiness(municipality, local_counts),
        can_respond=person is not None and council_responses.can_respond(person, municipality),
        is_following=person is not None and follows.is_following_municipality(person, municipality),
        editable={r.id for r in responses if person is not None and council_responses.can_edit(person, r)},
        status=council_status.council_status(municipality),
        can_manage=person is not None and council_status.can_manage_council(person, municipality),
    )
