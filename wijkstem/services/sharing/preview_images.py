"""The 1200x630 link-preview images (og:image): title, counts by perspective and the wijkstem name.

Images are cached in memory by their content, counts included: when the counts change the key
changes, so a new image is drawn and its ETag changes with it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import ngettext
from PIL import Image, ImageDraw, ImageFont

from wijkstem.models import Municipality, Pillar
from wijkstem.perspectives import ENDORSEMENTS, PEOPLE, POLITICIAN, PROFESSIONAL, RESIDENT, count_label
from wijkstem.services.endorsements import endorsements, people_counters

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path(__file__).resolve().parent.parent.parent.parent / "static" / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
BLUE = (11, 85, 99)
YELLOW = (255, 191, 71)
WHITE = (255, 255, 255)
SOFT = (214, 234, 237)
MARGIN = 72


@dataclass(frozen=True)
class PreviewCard:
    """Everything drawn on one image; two equal cards give the same image."""

    kicker: str
    title: str
    counts: tuple[tuple[str, int], ...] = ()
    footer: str = ""

    @property
    def etag(self) -> str:
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _title_lines(draw: ImageDraw.ImageDraw, title: str, max_lines: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    for size in (64, 56, 48, 42, 36):
        font = _font(BOLD, size)
        lines = _wrap(draw, title, font, WIDTH - 2 * MARGIN)
        if len(lines) <= max_lines:
            return font, lines
    lines = _wrap(draw, title, font, WIDTH - 2 * MARGIN)[:max_lines]
    lines[-1] = lines[-1].rstrip(".,") + "…"
    return font, lines


@lru_cache(maxsize=128)
def render_card(card: PreviewCard) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=YELLOW)
    draw.text((MARGIN, 56), card.kicker.upper(), font=_font(BOLD, 28), fill=YELLOW)
    font, lines = _title_lines(draw, card.title, 3 if card.counts else 4)
    y = 110
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=WHITE)
        y += int(font.size * 1.2)
    if card.counts:
        _draw_counts(draw, card.counts, top=max(y + 30, 360))
    brand = _font(BOLD, 40)
    draw.ellipse((MARGIN, HEIGHT - 98, MARGIN + 30, HEIGHT - 68), fill=YELLOW)
    draw.ellipse((MARGIN + 20, HEIGHT - 98, MARGIN + 50, HEIGHT - 68), fill=WHITE)
    draw.text((MARGIN + 66, HEIGHT - 108), "wijkstem", font=brand, fill=WHITE)
    if card.footer:
        footer_font = _font(REGULAR, 26)
        width = draw.textlength(card.footer, font=footer_font)
        draw.text((WIDTH - MARGIN - width, HEIGHT - 96), card.footer, font=footer_font, fill=SOFT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_counts(draw: ImageDraw.ImageDraw, counts: tuple[tuple[str, int], ...], top: int) -> None:
    column = (WIDTH - 2 * MARGIN) // len(counts)
    number_font, label_font = _font(BOLD, 60), _font(REGULAR, 26)
    for index, (label, count) in enumerate(counts):
        x = MARGIN + index * column
        draw.text((x, top), f"{count:,}".replace(",", "."), font=number_font, fill=WHITE)
        draw.text((x, top + 72), label, font=label_font, fill=SOFT)


def _count_columns(counts, total_kind: str = ENDORSEMENTS) -> tuple[tuple[str, int], ...]:
    return (
        (count_label(total_kind, counts.total), counts.total),
        (count_label(RESIDENT, counts.resident), counts.resident),
        (count_label(PROFESSIONAL, counts.professional), counts.professional),
        (count_label(POLITICIAN, counts.politician), counts.politician),
    )


def pillar_card(pillar: Pillar) -> PreviewCard:
    counts = endorsements.pillar_counts().get(pillar.slug, endorsements.EndorsementCounts())
    return PreviewCard(
        kicker=_("Pijler %(n)s van het manifest", n=pillar.position),
        title=pillar.title,
        counts=_count_columns(counts),
        footer=_("Steun en deel het manifest"),
    )


def municipality_card(municipality: Municipality) -> PreviewCard:
    """The municipality's people, each counted once (the number on its page), and how they split."""
    people = people_counters.people_in(municipality.id)
    return PreviewCard(
        kicker=_("Gemeente · %(province)s", province=municipality.province),
        title=municipality.name,
        counts=_count_columns(people, PEOPLE),
        footer=_("Steun voor het manifest in jouw gemeente"),
    )


def experience_card(experience, comment_count: int) -> PreviewCard:
    return PreviewCard(
        kicker=_("Ervaring uit %(place)s", place=experience.municipality.name),
        title=experience.title,
        counts=(
            (
                ngettext("vindt dit herkenbaar", "vinden dit herkenbaar", experience.recognition_count),
                experience.recognition_count,
            ),
            (ngettext("reactie", "reacties", comment_count), comment_count),
        ),
        footer=_("Wat werkt in jouw wijk?"),
    )


def site_card() -> PreviewCard:
    return PreviewCard(
        kicker=_("Lees, steun en deel"),
        title=_("Manifest voor een succesvolle wijkaanpak"),
        footer=_("Bewoners, beroepskrachten en politici"),
    )


def add_counts(items) -> endorsements.EndorsementCounts:
    """The sum of several counts, e.g. a municipality's counts over all pillars."""
    items = list(items)
    return endorsements.EndorsementCounts(
        **{f.name: sum(getattr(c, f.name) for c in items) for f in fields(endorsements.EndorsementCounts)}
    )
