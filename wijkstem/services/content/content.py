"""The manifesto, its pillars and points, the success factors and the municipalities."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wijkstem.extensions import db
from wijkstem.models import ContentRevision, Manifesto, Municipality, Pillar, Point, SuccessFactor
from wijkstem.services.insight import municipality_search

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
CONTENT_FILE = PACKAGE_DIR / "content" / "manifest.toml"
MUNICIPALITIES_FILE = PACKAGE_DIR / "data" / "gemeenten.csv"
MANIFESTO_KEYS = (
    "title",
    "intro",
    "for_whom_title",
    "for_whom",
    "makers_title",
    "makers",
)
DOSSIER_KEYS = ("title", "intro", "factors_intro")


@dataclass
class SeedReport:
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # edited in the app, so the file did not overwrite it
    details: list[str] = field(default_factory=list)

    def note(self, kind: str, what: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.details.append(f"{kind}: {what}")


def _upsert_text(report: SeedReport, key: str, text: str, protected: set[str]) -> None:
    row = db.session.scalar(select(Manifesto).where(Manifesto.key == key))
    if row is None:
        db.session.add(Manifesto(key=key, text=text))
        report.note("created", key)
    elif row.text != text and f"manifesto:{key}" in protected:
        report.note("kept", key)
    elif row.text != text:
        row.text = text
        report.note("updated", key)


def _sync_pillar(report: SeedReport, spec: dict, protected: set[str]) -> None:
    pillar = db.session.scalar(select(Pillar).where(Pillar.slug == spec["slug"]))
    if pillar is None:
        pillar = Pillar(slug=spec["slug"], position=spec["position"], title=spec["title"], intro=spec["intro"])
        db.session.add(pillar)
        report.note("created", f"pillar {spec['slug']}")
    else:
        changed = False
        for attr in ("position", "title", "intro"):
            if getattr(pillar, attr) != spec[attr] and f"pillar:{spec['slug']}:{attr}" in protected:
                report.note("kept", f"pillar {spec['slug']} {attr}")
            elif getattr(pillar, attr) != spec[attr]:
                setattr(pillar, attr, spec[attr])
                changed = True
        if changed:
            report.note("updated", f"pillar {spec['slug']}")
    by_position = {point.position: point for point in pillar.points}
    for position, text in enumerate(spec["points"], start=1):
        point = by_position.pop(position, None)
        if point is None:
            pillar.points.append(Point(position=position, text=text))
            report.note("created", f"point {spec['slug']} {position}")
        elif point.text != text and f"point:{spec['slug']}:{position}" in protected:
            report.note("kept", f"point {spec['slug']} {position}")
        elif point.text != text:
            point.text = text
            report.note("updated", f"point {spec['slug']} {position}")
    for point in by_position.values():
        pillar.points.remove(point)
        report.note("removed", f"point {spec['slug']} {point.position}")


def seed_content(path: Path = CONTENT_FILE, force: bool = False) -> SeedReport:
    """Make the database say what the content file says; running it twice changes nothing.

    A text edited in the app (it has a ContentRevision) is kept unless force=True.
    """
    content = tomllib.loads(path.read_text(encoding="utf-8"))
    report = SeedReport()
    protected = set() if force else set(db.session.scalars(select(ContentRevision.text_key).distinct()))
    for key in MANIFESTO_KEYS:
        _upsert_text(report, f"manifest.{key}", content["manifest"][key], protected)
    for key in DOSSIER_KEYS:
        _upsert_text(report, f"dossier.{key}", content["dossier"][key], protected)
    for spec in content["pillars"]:
        _sync_pillar(report, spec, protected)
    factors = {f.position: f for f in db.session.scalars(select(SuccessFactor))}
    for spec in content["factors"]:
        factor = factors.get(spec["position"])
        if factor is None:
            db.session.add(SuccessFactor(position=spec["position"], text=spec["text"]))
            report.note("created", f"factor {spec['position']}")
        elif factor.text != spec["text"]:
            factor.text = spec["text"]
            report.note("updated", f"factor {spec['position']}")
    db.session.commit()
    return report


def load_municipalities(path: Path = MUNICIPALITIES_FILE) -> SeedReport:
    """Municipalities by CBS code: new ones added, names, provinces and population kept current."""
    report = SeedReport()
    existing = {m.code: m for m in db.session.scalars(select(Municipality))}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            values = {
                "name": row["name"],
                "province": row["province"],
                "slug": row["slug"],
                "population": int(row["population"] or 0),
            }
            municipality = existing.get(row["code"])
            if municipality is None:
                db.session.add(Municipality(code=row["code"], **values))
                report.note("created", row["code"])
            elif any(getattr(municipality, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(municipality, key, value)
                report.note("updated", row["code"])
    db.session.commit()
    return report


def pillars_in_order() -> list[Pillar]:
    return list(db.session.scalars(select(Pillar).options(selectinload(Pillar.points)).order_by(Pillar.position)))


def manifesto_texts() -> dict[str, str]:
    return {row.key: row.text for row in db.session.scalars(select(Manifesto))}


def success_factors() -> list[SuccessFactor]:
    return list(db.session.scalars(select(SuccessFactor).order_by(SuccessFactor.position)))


@dataclass(frozen=True)
class Publication:
    """How the dossier and manifesto were published: date line and reading list, word for word."""

    date: str
    by: str
    reading_intro: str
    reading: list[dict[str, str]]
    reading_more: str


def publication(path: Path = CONTENT_FILE) -> Publication:
    content = tomllib.loads(path.read_text(encoding="utf-8"))
    return Publication(
        date=content["publication"]["date"],
        by=content["publication"]["by"],
        reading_intro=content["reading"]["intro"],
        reading=list(content["reading"]["items"]),
        reading_more=content["reading"]["more"],
    )


def municipalities_by_name() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def find_pillar(slug: str | None) -> Pillar | None:
    """The pillar with this slug, or None (a slug kept in the session may be gone)."""
    if not slug:
        return None
    return db.session.scalar(select(Pillar).where(Pillar.slug == slug))


def find_municipality(text: str) -> Municipality | None:
    """Accepts what a person types or picks: the name, a common name, the slug or the CBS code."""
    return municipality_search.find_municipality(text)


def municipality_by_identifier(text: str) -> Municipality | None:
    """What the API accepts: exactly a CBS code, a slug or a name as listed (no guessing, unlike forms)."""
    return db.session.scalar(
        select(Municipality).where(
            (Municipality.code == text) | (Municipality.slug == text) | (Municipality.name == text)
        )
    )


@dataclass(frozen=True)
class ReferenceNames:
    """The names the reference files give: the values the open-data API accepts, for its document."""

    municipality_codes: list[str]
    municipality_slugs: list[str]
    municipality_names: list[str]
    provinces: list[str]
    pillar_slugs: list[str]


def reference_names(
    content_path: Path = CONTENT_FILE, municipalities_path: Path = MUNICIPALITIES_FILE
) -> ReferenceNames:
    with municipalities_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    content = tomllib.loads(content_path.read_text(encoding="utf-8"))
    return ReferenceNames(
        municipality_codes=[row["code"] for row in rows],
        municipality_slugs=[row["slug"] for row in rows],
        municipality_names=[row["name"] for row in rows],
        provinces=sorted({row["province"] for row in rows}),
        pillar_slugs=[spec["slug"] for spec in content["pillars"]],
    )
