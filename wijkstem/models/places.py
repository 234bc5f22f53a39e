from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wijkstem.extensions import Model


class Municipality(Model):
    """A Dutch municipality (CBS division of 1 January 2026)."""

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)  # CBS code, e.g. GM0344
    name: Mapped[str] = mapped_column(String(100))
    province: Mapped[str] = mapped_column(String(40))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    population: Mapped[int] = mapped_column(Integer, default=0)
    # Where the prepared council mail goes; set by a moderator (audited), shown on the page.
    griffie_email: Mapped[str | None] = mapped_column(String(320))

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name}>"
