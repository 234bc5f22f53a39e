"""What the public sees of organisations: verified ones only, counted apart from people."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from wijkstem.extensions import db
from wijkstem.models import (
    Endorsement,
    Municipality,
    Organisation,
    OrganisationEndorsement,
    OrganisationMunicipality,
    Pillar,
)
from wijkstem.models.organisations import KINDS, VERIFIED
from wijkstem.pagination import Page, paginate

PAGE_SIZE = 20
SHOWN_BESIDE_COUNT = 6  # names listed beside "Ook 4 organisaties ..."

KIND_LABELS = {
    "bewonersorganisatie": _l("Bewonersorganisatie"),
    "woningcorporatie": _l("Woningcorporatie"),
    "welzijn": _l("Welzijn of opbouwwerk"),
    "wijkcentrum": _l("Wijkcentrum of buurthuis"),
    "zorg": _l("Zorg"),
    "onderwijs": _l("Onderwijs"),
    "gemeente": _l("Gemeente"),
    "anders": _l("Andere organisatie"),
}
assert set(KIND_LABELS) == set(KINDS)


def organisation_by_slug(slug: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def public_organisation_by_slug(slug: str) -> Organisation | None:
    organisation = organisation_by_slug(slug)
    return organisation if organisation is not None and organisation.is_public else None


def _supporting(pillar_id: int | None = None):
    """Verified organisations that support at least one pillar (or this one)."""
    support = select(OrganisationEndorsement.id).where(OrganisationEndorsement.organisation_id == Organisation.id)
    if pillar_id is not None:
        support = support.where(OrganisationEndorsement.pillar_id == pillar_id)
    return select(Organisation).where(Organisation.status == VERIFIED, exists(support))


def _in(query, municipality_id: int):
    return query.where(
        exists(
            select(OrganisationMunicipality.id).where(
                OrganisationMunicipality.organisation_id == Organisation.id,
                OrganisationMunicipality.municipality_id == municipality_id,
            )
        )
    )


@dataclass
class OrganisationSupport:
    """For the line beside the people number: how many organisations, and the first few by name."""

    count: int
    place: str | None = None  # "Utrecht": organisations working there
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    municipality_slug: str | None = None


def count_supporting(municipality: Municipality | None = None) -> int:
    """How many verified organisations (working in this municipality) support at least one pillar."""
    query = _supporting() if municipality is None else _in(_supporting(), municipality.id)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def organisation_support(municipality: Municipality | None = None, pillar: Pillar | None = None) -> OrganisationSupport:
    """One query: the first names (newest verified first), each row carrying the total (a window count)."""
    query = _supporting(pillar.id if pillar else None)
    if municipality is not None:
        query = _in(query, municipality.id)
    rows = db.session.execute(
        query.with_only_columns(Organisation.name, Organisation.slug, func.count().over().label("total"))
        .order_by(Organisation.verified_at.desc(), Organisation.id.desc())
        .limit(SHOWN_BESIDE_COUNT)
    ).all()
    return OrganisationSupport(
        rows[0].total if rows else 0,
        municipality.name if municipality else None,
        [(row.name, row.slug) for row in rows],
        municipality.slug if municipality else None,
    )


def public_organisations(kind: str | None, municipality: Municipality | None, number: int) -> Page[Organisation]:
    """Verified organisations, by name; filters by kind and municipality."""
    query = select(Organisation).where(Organisation.status == VERIFIED)
    if kind in KINDS:
        query = query.where(Organisation.kind == kind)
    if municipality is not None:
        query = _in(query, municipality.id)
    return paginate(query.order_by(Organisation.name, Organisation.id), number, PAGE_SIZE)


def supported_pillars(organisations: list[Organisation]) -> dict[int, list[OrganisationEndorsement]]:
    """organisation id -> its endorsements in pillar order (one query for a whole page)."""
    found: dict[int, list[OrganisationEndorsement]] = {o.id: [] for o in organisations}
    if not found:
        return found
    rows = db.session.scalars(
        select(OrganisationEndorsement)
        .join(Pillar, Pillar.id == OrganisationEndorsement.pillar_id)
        .where(OrganisationEndorsement.organisation_id.in_(list(found)))
        .order_by(Pillar.position, Pillar.id)
    )
    for row in rows:
        found[row.organisation_id].append(row)
    return found


def credited_endorsements(organisation: Organisation) -> int:
    """How many people's endorsements came in through the organisation's own link (?via=)."""
    return (
        db.session.scalar(
            select(func.count()).select_from(Endorsement).where(Endorsement.via_code == organisation.share_code)
        )
        or 0
    )


def public_share_code(code: str) -> bool:
    """A ?via= code of a verified organisation."""
    return (
        db.session.scalar(
            select(Organisation.id).where(Organisation.share_code == code, Organisation.status == VERIFIED)
        )
        is not None
    )


def as_open_data(organisation: Organisation, endorsements: list[OrganisationEndorsement]) -> dict:
    """One organisation for the API and the downloads (public facts only: nobody's name or address)."""
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "website": organisation.website,
        "municipalities": [
            {"code": place.municipality.code, "name": place.municipality.name, "wijk": place.wijk}
            for place in organisation.places
        ],
        "pillars": [{"slug": e.pillar.slug, "motivation": e.motivation} for e in endorsements],
    }


def open_data(municipality: Municipality | None = None) -> list[dict]:
    """Every verified organisation that supports a pillar (for the API and the downloads)."""
    query = _supporting()
    if municipality is not None:
        query = _in(query, municipality.id)
    organisations = list(db.session.scalars(query.order_by(Organisation.name, Organisation.id)))
    support = supported_pillars(organisations)
    return [as_open_data(o, support[o.id]) for o in organisations]


def counts_by_pillar() -> dict[int, int]:
    """pillar id -> how many verified organisations support it (for /cijfers and the API)."""
    rows = db.session.execute(
        select(OrganisationEndorsement.pillar_id, func.count())
        .join(Organisation, Organisation.id == OrganisationEndorsement.organisation_id)
        .where(Organisation.status == VERIFIED)
        .group_by(OrganisationEndorsement.pillar_id)
    ).all()
    return {int(pillar_id): int(count) for pillar_id, count in rows}  # noqa: C416 (Row to int pairs)


CSV_COLUMNS = ("name", "slug", "kind", "website", "municipality_codes", "municipalities", "pillars")


def open_data_csv(items: list[dict]) -> str:
    """The same as open_data(), one organisation per row (lists joined with ' | ')."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        row = [
            item["name"],
            item["slug"],
            item["kind"],
            item["website"],
            " | ".join(place["code"] for place in item["municipalities"]),
            " | ".join(place["name"] for place in item["municipalities"]),
            " | ".join(pillar["slug"] for pillar in item["pillars"]),
        ]
        # Names are typed by people; a leading = + - @ would run as a spreadsheet formula.
        writer.writerow(["'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v for v in row])
    return out.getvalue()
