"""All models, imported here so Alembic and the app see the whole schema."""

from wijkstem.models.accounts import ROLES, User
from wijkstem.models.content import Manifesto, Pillar, Point, SuccessFactor
from wijkstem.models.experiences import Experience, ExperiencePhoto, ExperienceRevision, Recognition
from wijkstem.models.moderation import AuditEntry, ContentRevision, VerificationRequest
from wijkstem.models.outbox import OutboxMessage
from wijkstem.models.places import Municipality

__all__ = [
    "ROLES",
    "AuditEntry",
    "ContentRevision",
    "Experience",
    "ExperiencePhoto",
    "ExperienceRevision",
    "Manifesto",
    "Municipality",
    "OutboxMessage",
    "Pillar",
    "Point",
    "Recognition",
    "SuccessFactor",
    "User",
    "VerificationRequest",
]
