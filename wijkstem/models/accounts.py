from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, true
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

    municipality: Mapped[Municipality] = relationship(lazy="joined")

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and self.perspective in (PROFESSIONAL, POLITICIAN)

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
