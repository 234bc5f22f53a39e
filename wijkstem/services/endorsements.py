"""Placeholder until the endorse branch lands: same API."""

from __future__ import annotations

from dataclasses import dataclass

from wijkstem.models import Municipality, Pillar, User


@dataclass(frozen=True)
class EndorsementCounts:
    total: int = 0
    resident: int = 0
    professional: int = 0
    politician: int = 0
    verified: int = 0  # verified professionals + politicians among the endorsers


def pillar_counts() -> dict[str, EndorsementCounts]:
    return {}


def municipality_pillar_counts(municipality_id: int) -> dict[str, EndorsementCounts]:
    return {}


def municipality_participation(limit: int = 10) -> list[tuple[Municipality, int]]:
    return []


def visible_verified_endorsers(municipality_id: int) -> list[tuple[User, list[Pillar]]]:
    return []
