"""Reading what the common-ground job stored, in words the pages show; and scrubbing a deleted
person's statements out of it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from wijkstem.extensions import db
from wijkstem.models import Comment, CommonGroundResult, Pillar, Statement, User
from wijkstem.perspectives import PERSPECTIVE_PLURALS, POLITICIAN, PROFESSIONAL, RESIDENT, count_text

PERSPECTIVES = (RESIDENT, PROFESSIONAL, POLITICIAN)
NATIONAL = "NL"


def pillars_with_results(scope: str = NATIONAL) -> tuple[list[Pillar], dict[int, dict]]:
    """The pillars in order (with their points) and each one's stored figure: the same two queries
    as pillars_in_order, so the pillar page pays nothing extra for the new sections."""
    rows = db.session.execute(
        select(Pillar, CommonGroundResult.data)
        .outerjoin(
            CommonGroundResult, and_(CommonGroundResult.pillar_id == Pillar.id, CommonGroundResult.scope == scope)
        )
        .options(selectinload(Pillar.points))
        .order_by(Pillar.position)
    ).all()
    return [pillar for pillar, _data in rows], {pillar.id: data for pillar, data in rows if data is not None}


def results_for_scope(scope: str = NATIONAL) -> dict[int, dict]:
    """pillar id -> stored figure, for one scope ("NL" or a municipality code)."""
    rows = db.session.execute(
        select(CommonGroundResult.pillar_id, CommonGroundResult.data).where(CommonGroundResult.scope == scope)
    )
    return dict(rows.tuples().all())


@dataclass(frozen=True)
class GroupLine:
    perspective: str
    label: str  # "Bewoners"
    sentence: str  # "7 van 9 bewoners eens"
    percent: int  # share of those who answered who agree, for the bar

    @property
    def bar_class(self) -> str:
        return f"cg-w-{5 * round(self.percent / 5)}"


def group_lines(item: dict) -> list[GroupLine]:
    lines = []
    for g in PERSPECTIVES:
        counts = item["groups"].get(g, {})
        agree, seen = int(counts.get("agree", 0)), int(counts.get("seen", 0))
        lines.append(
            GroupLine(
                g,
                str(PERSPECTIVE_PLURALS[g]).capitalize(),
                _("%(agree)s van %(people)s eens", agree=format_decimal(agree), people=count_text(g, seen)),
                round(100 * agree / seen) if seen else 0,
            )
        )
    return lines


def missing_text(data: dict | None, min_voters: int) -> str:
    """'Nog nodig: 3 bewoners, 10 politici' (counts with their words)."""
    missing = data["missing"] if data else dict.fromkeys(PERSPECTIVES, min_voters)
    return ", ".join(count_text(g, n) for g, n in missing.items() if n)


def forget_statements_of(user: User) -> None:
    """On account deletion, before the comments go: their comments leave the stored figures at
    once (not only at the next run), so no text of theirs stays behind. Does not commit."""
    refs = {
        f"reactie-{comment_id}"
        for comment_id in db.session.scalars(
            select(Statement.comment_id)
            .join(Comment, Comment.id == Statement.comment_id)
            .where(Comment.author_id == user.id)
        )
    }
    if not refs:
        return
    for result in db.session.scalars(select(CommonGroundResult)):
        data = dict(result.data)
        changed = False
        for key in ("common_ground", "differences"):
            kept = [item for item in data.get(key, []) if item["ref"] not in refs]
            changed |= len(kept) != len(data.get(key, []))
            data[key] = kept
        representative = {}
        for g, items in data.get("representative", {}).items():
            representative[g] = [item for item in items if item["ref"] not in refs]
            changed |= len(representative[g]) != len(items)
        data["representative"] = representative
        if changed:
            result.data = data


@dataclass(frozen=True)
class ShownStatement:
    text: str
    point_position: int | None
    author: str | None  # "bewoner" for a comment
    lines: list[GroupLine]
    note: str | None = None  # for a difference: who agrees more
    direction: str | None = None  # what a group says most: "agree" or "disagree"


@dataclass(frozen=True)
class CommonGroundView:
    """What a page shows of one stored figure, in words."""

    has_answers: bool
    enough: bool
    min_voters: int
    missing: str  # "3 bewoners, 10 politici"
    common: list[ShownStatement]
    differences: list[ShownStatement]
    representative: dict[str, list[ShownStatement]]  # perspective -> what that group says most
    computed_at: str | None


def _shown(item: dict, note: str | None = None) -> ShownStatement:
    author = item.get("author_perspective")
    return ShownStatement(
        item["text"],
        item.get("position"),
        count_label_singular(author) if author else None,
        group_lines(item),
        note,
        item.get("direction"),
    )


def count_label_singular(perspective: str) -> str:
    from wijkstem.perspectives import count_label

    return count_label(perspective, 1)


def present(data: dict | None, min_voters: int, limit: int = 3) -> CommonGroundView:
    if not data:
        return CommonGroundView(False, False, min_voters, missing_text(None, min_voters), [], [], {}, None)
    differences = []
    for item in data["differences"][:limit]:
        more, less = PERSPECTIVE_PLURALS[item["more"]], PERSPECTIVE_PLURALS[item["less"]]
        note = _("%(more)s zijn het vaker eens dan %(less)s.", more=str(more).capitalize(), less=less)
        differences.append(_shown(item, note))
    representative = {}
    for g, items in data.get("representative", {}).items():
        shown = []
        for item in items:
            word = _("eens") if item.get("direction") == "agree" else _("oneens")
            shown.append(_shown(item, _("Vaker %(word)s dan de anderen.", word=word)))
        representative[g] = shown
    return CommonGroundView(
        has_answers=any(data["voters"].values()),
        enough=bool(data["enough"]),
        min_voters=int(data["min_voters"]),
        missing=missing_text(data, min_voters),
        common=[_shown(item) for item in data["common_ground"][:limit]],
        differences=differences,
        representative=representative,
        computed_at=data.get("computed_at"),
    )


def common_ground_json(slug: str, scope: str, data: dict | None, min_voters: int) -> dict:
    """The open-data shape of a stored figure (the same keys whether or not it was computed)."""
    empty = dict.fromkeys(PERSPECTIVES, 0)
    data = data or {
        "min_voters": min_voters,
        "voters": empty,
        "missing": dict.fromkeys(PERSPECTIVES, min_voters),
        "enough": False,
        "common_ground": [],
        "differences": [],
        "representative": {g: [] for g in PERSPECTIVES},
    }
    return {
        "slug": slug,
        "scope": scope,
        "computed_at": data.get("computed_at"),
        **{key: data[key] for key in ("min_voters", "voters", "missing", "enough")},
        **{key: data[key] for key in ("common_ground", "differences", "representative")},
    }


DOWNLOAD_COLUMNS = ("pillar", "list", "rank", "statement", "point", "text") + tuple(
    f"{g}_{part}" for g in PERSPECTIVES for part in ("agree", "disagree", "pass", "seen")
)


def common_ground_download(pillars: list[Pillar], stored: dict[int, dict], scope: str, min_voters: int) -> dict:
    """Every pillar's stored figure for one scope, as the JSON download."""
    return {
        "scope": scope,
        "pillars": {p.slug: common_ground_json(p.slug, scope, stored.get(p.id), min_voters) for p in pillars},
    }


def common_ground_csv(download: dict) -> str:
    """One row per statement per list (common_ground, differences, representative_<perspective>)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(DOWNLOAD_COLUMNS)
    for slug, data in download["pillars"].items():
        lists = [("common_ground", data["common_ground"]), ("differences", data["differences"])]
        lists += [(f"representative_{g}", items) for g, items in data["representative"].items()]
        for name, items in lists:
            for rank, item in enumerate(items, start=1):
                groups = item["groups"]
                figures = [groups[g][part] for g in PERSPECTIVES for part in ("agree", "disagree", "pass", "seen")]
                writer.writerow((slug, name, rank, item["ref"], item.get("position") or "", item["text"], *figures))
    return out.getvalue()
