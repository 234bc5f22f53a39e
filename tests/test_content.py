"""The manifesto's wording is exact, and seeding is idempotent and updates edited text."""

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wijkstem.models import Municipality, Pillar, Point, SuccessFactor
from wijkstem.services.content.content import CONTENT_FILE, load_municipalities, seed_content

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "slug":
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


@pytest.mark.skipif(not SEEDS.exists(), reason="shared/seeds is not next to this checkout")
def test_every_text_is_copied_word_for_word_from_the_sources():
    source = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    content = tomllib.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    missing = [text for text in _texts(content) if text not in source]
    assert missing == []


def test_seeding_twice_changes_nothing(db):
    report = seed_content()
    assert (report.created, report.updated, report.removed) == (0, 0, 0)
    assert db.session.scalar(select(func.count()).select_from(Pillar)) == 3
    assert db.session.scalar(select(func.count()).select_from(Point)) == 8
    assert db.session.scalar(select(func.count()).select_from(SuccessFactor)) == 4


def test_editing_the_file_updates_the_text(db, tmp_path):
    content = CONTENT_FILE.read_text(encoding="utf-8")
    edited = tmp_path / "manifest.toml"
    edited.write_text(content.replace("Kies voor de lange termijn", "Kies voor de héél lange termijn"), "utf-8")
    try:
        report = seed_content(edited)
        assert report.updated == 1
        pillar = db.session.scalar(select(Pillar).where(Pillar.slug == "lange-termijn"))
        assert pillar.title == "Kies voor de héél lange termijn"
    finally:
        seed_content()
    assert db.session.scalar(select(Pillar.title).where(Pillar.slug == "lange-termijn")) == "Kies voor de lange termijn"


def test_all_342_municipalities_are_loaded(db):
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 342
    hague = db.session.scalar(select(Municipality).where(Municipality.code == "GM0518"))
    assert (hague.name, hague.slug, hague.province) == ("'s-Gravenhage", "s-gravenhage", "Zuid-Holland")
    assert load_municipalities().created == 0
