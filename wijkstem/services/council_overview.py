"""What the municipality page and its PDF show about the council: responses, timeline, milestone."""

from __future__ import annotations

from dataclasses import dataclass

from wijkstem.models import CouncilResponse, Municipality, User
from wijkstem.services import council_responses, follows, milestones


@dataclass(frozen=True)
class CouncilOverview:
    responses: list[CouncilResponse]  # newest first; the page's timeline is the same list
    badged: set[int]  # ids of the responses that show the "geverifieerd" badge
    readiness: milestones.Readiness
    can_respond: bool
    is_following: bool
    editable: set[int]


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
    )
