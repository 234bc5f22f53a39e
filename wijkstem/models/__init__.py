"""All models, imported here so Alembic and the app see the whole schema."""

from wijkstem.models.accounts import ROLES, User
from wijkstem.models.comments import Comment, CommentCounter, HelpfulMark
from wijkstem.models.content import Manifesto, Pillar, Point, SuccessFactor
from wijkstem.models.council import (
    CouncilClerk,
    CouncilResponse,
    CouncilResponseRevision,
    CouncilStatusStep,
    Digest,
    Follow,
    Milestone,
)
from wijkstem.models.endorsements import (
    Endorsement,
    EndorsementCounter,
    EndorsementHourly,
    PendingEndorsement,
    PeopleCounter,
)
from wijkstem.models.experiences import Experience, ExperiencePhoto, ExperienceRevision, Recognition
from wijkstem.models.moderation import AuditEntry, ContentRevision, VerificationRequest
from wijkstem.models.organisations import (
    Organisation,
    OrganisationEndorsement,
    OrganisationMember,
    OrganisationMunicipality,
)
from wijkstem.models.outbox import OutboxMessage
from wijkstem.models.places import Municipality
from wijkstem.models.reports import Report
from wijkstem.models.statements import CommonGroundResult, Statement, StatementVote, StatementVoteCounter

__all__ = [
    "ROLES",
    "AuditEntry",
    "ContentRevision",
    "CouncilClerk",
    "CouncilResponse",
    "CouncilResponseRevision",
    "CouncilStatusStep",
    "Digest",
    "Follow",
    "Milestone",
    "Experience",
    "ExperiencePhoto",
    "ExperienceRevision",
    "Comment",
    "CommonGroundResult",
    "CommentCounter",
    "Endorsement",
    "EndorsementCounter",
    "EndorsementHourly",
    "HelpfulMark",
    "Manifesto",
    "Municipality",
    "Organisation",
    "OrganisationEndorsement",
    "OrganisationMember",
    "OrganisationMunicipality",
    "OutboxMessage",
    "PendingEndorsement",
    "PeopleCounter",
    "Pillar",
    "Point",
    "Recognition",
    "Report",
    "Statement",
    "StatementVote",
    "StatementVoteCounter",
    "SuccessFactor",
    "User",
    "VerificationRequest",
]
