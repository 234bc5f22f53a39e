from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkstem.extensions import Model


class Manifesto(Model):
    """The texts around the pillars: introduction, who it is for, its makers, the dossier."""

    __tablename__ = "manifesto"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    text: Mapped[str] = mapped_column(Text)


class Pillar(Model):
    __tablename__ = "pillars"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)  # part of shared URLs: never change
    position: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text)

    points: Mapped[list[Point]] = relationship(
        back_populates="pillar", order_by="Point.position", cascade="all, delete-orphan"
    )


class Point(Model):
    __tablename__ = "points"
    __table_args__ = (UniqueConstraint("pillar_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillars.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    pillar: Mapped[Pillar] = relationship(back_populates="points")


class SuccessFactor(Model):
    """One of the dossier's four factors for successful neighbourhood work."""

    __tablename__ = "success_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, unique=True)
    text: Mapped[str] = mapped_column(Text)
