"""Organisations in the neighbourhood that support the manifesto, and the people who act for them (issue 27).

An organisation is only public once a moderator verified it. Its support (OrganisationEndorsement) is
counted apart from people: people stay the one headline number. Deleting an organisation deletes
everything that names it (foreign keys with ON DELETE CASCADE).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.clock import utcnow
from wijkstem.extensions import Model
from wijkstem.models.accounts import User
from wijkstem.models.content import Pillar
from wijkstem.models.places import Municipality

KINDS = (
    "bewonersorganisatie",
    "woningcorporatie",
    "welzijn",
    "wijkcentrum",
    "zorg",
    "onderwijs",
    "gemeente",
    "anders",
)

REQUESTED = "requested"  # asked for, waiting for a moderator: not public
VERIFIED = "verified"  # checked by a moderator: public
REJECTED = "rejected"  # a moderator said no: not public
HIDDEN = "hidden"  # was verified, taken off the site after a report: not public
BLOCKED = "blocked"  # taken off for good; its people cannot act for it: not public
STATUSES = (REQUESTED, VERIFIED, REJECTED, HIDDEN, BLOCKED)


def new_share_code() -> str:
    # 9 characters with an "o": never one of the people's 8-character codes.
    return "o" + secrets.token_urlsafe(6)


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    website: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default=REQUESTED, index=True)
    # What the moderator checks: a public link, and optionally a work address on the website's domain.
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    work_email: Mapped[str | None] = mapped_column(String(320))
    work_email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # the moderator's last reason (reject, hide, block)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Carried as ?via= by the organisation's own link, to credit the endorsements it brings in.
    share_code: Mapped[str] = mapped_column(String(16), unique=True, default=new_share_code)
    # Optional logo, re-encoded by the photo pipeline (no metadata), small enough to keep in the row.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str | None] = mapped_column(String(20))

    places: Mapped[list[OrganisationMunicipality]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )
    members: Mapped[list[OrganisationMember]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )
    endorsements: Mapped[list[OrganisationEndorsement]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_public(self) -> bool:
        return self.status == VERIFIED

    @property
    def website_domain(self) -> str:
        from urllib.parse import urlsplit

        host = (urlsplit(self.website).hostname or "").lower()
        return host.removeprefix("www.")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.slug} {self.status}>"


class OrganisationMunicipality(Model):
    """A municipality (and optionally the wijk in it) where the organisation works."""

    __tablename__ = "organisation_municipalities"
    __table_args__ = (UniqueConstraint("organisation_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id", ondelete="CASCADE"), index=True)
    wijk: Mapped[str | None] = mapped_column(String(80))

    organisation: Mapped[Organisation] = relationship(back_populates="places")
    municipality: Mapped[Municipality] = relationship(lazy="joined")


class OrganisationMember(Model):
    """A person who acts for the organisation; every member may add and remove others."""

    __tablename__ = "organisation_members"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")


class OrganisationEndorsement(Model):
    """The organisation stands behind one pillar, with an optional motivation."""

    __tablename__ = "organisation_endorsements"
    __table_args__ = (UniqueConstraint("organisation_id", "pillar_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"), index=True)
    motivation: Mapped[str | None] = mapped_column(String(280))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="endorsements")
    pillar: Mapped[Pillar] = relationship(lazy="joined")
