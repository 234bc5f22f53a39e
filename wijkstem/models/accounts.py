from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ColumnElement, DateTime, ForeignKey, Integer, String, and_, true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.clock import utcnow
from wijkstem.extensions import Model
from wijkstem.models.places import Municipality
from wijkstem.perspectives import PERSPECTIVES, POLITICIAN, PROFESSIONAL, describe

PARTICIPANT = "participant"
MODERATOR = "moderator"
ADMIN = "admin"
ROLES = (PARTICIPANT, MODERATOR, ADMIN)


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    perspective: Mapped[str] = mapped_column(String(20))
    perspective_role: Mapped[str | None] = mapped_column(String(30))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    wijk: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), default=PARTICIPANT)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    terms_accepted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    pending_email: Mapped[str | None] = mapped_column(String(320))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What the moderator checked: a verification belongs to one name, perspective, role and
    # municipality. It counts only while the profile still says exactly this (issue 25).
    verified_name: Mapped[str | None] = mapped_column(String(60))
    verified_perspective: Mapped[str | None] = mapped_column(String(20))
    verified_role: Mapped[str | None] = mapped_column(String(30))
    verified_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime)
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)  # opt-in: privacy by default
    notify_replies: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # How often a follower gets the digest of what changed: "weekly" or "never".
    digest_frequency: Mapped[str] = mapped_column(String(10), default="weekly", server_default="weekly")
    # Bumped on password change: sessions and remember-me cookies made before it stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Carried as ?via= by this person's share links, to credit the endorsements they bring in.
    share_code: Mapped[str] = mapped_column(String(16), unique=True, default=lambda: secrets.token_urlsafe(6))

    municipality: Mapped[Municipality] = relationship(lazy="joined", foreign_keys=[municipality_id])
    verified_municipality: Mapped[Municipality | None] = relationship(foreign_keys=[verified_municipality_id])

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @hybrid_property
    def is_verified(self) -> bool:
        """The one definition of "verified", in Python and in SQL (User.is_verified in a query)."""
        return (
            self.verified_at is not None
            and self.perspective in (PROFESSIONAL, POLITICIAN)
            and self.verified_name == self.display_name
            and self.verified_perspective == self.perspective
            and self.verified_role == self.perspective_role
            and self.verified_municipality_id == self.municipality_id
        )

    @is_verified.inplace.expression
    @classmethod
    def _is_verified_expression(cls) -> ColumnElement[bool]:
        return and_(
            cls.verified_at.is_not(None),
            cls.perspective.in_((PROFESSIONAL, POLITICIAN)),
            # IS NOT DISTINCT FROM: never NULL, so the result is always true or false.
            cls.verified_name.is_not_distinct_from(cls.display_name),
            cls.verified_perspective.is_not_distinct_from(cls.perspective),
            cls.verified_role.is_not_distinct_from(cls.perspective_role),
            cls.verified_municipality_id.is_not_distinct_from(cls.municipality_id),
        )

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in (MODERATOR, ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def perspective_label(self) -> str:
        return describe(self.perspective, self.perspective_role)

    @property
    def has_unchecked_claim(self) -> bool:
        """Says to be a professional or politician, but no moderator has checked it yet."""
        return self.perspective in (PROFESSIONAL, POLITICIAN) and not self.is_verified

    @property
    def public_perspective_label(self) -> str:
        """What others see: the claimed role ('Politicus (burgemeester)') only once it is verified."""
        if self.has_unchecked_claim:
            return str(PERSPECTIVES.get(self.perspective, self.perspective))
        return self.perspective_label

    def __repr__(self) -> str:
        return f"<User {self.id} {self.perspective}>"
