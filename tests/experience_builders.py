"""Test data for experiences: real and hostile image files, and experiences in any state."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image
from sqlalchemy import select

from wijkstem.extensions import db
from wijkstem.models import Experience, Municipality, Pillar
from wijkstem.services.experiences import experiences

STORY = "In onze straat zetten buren samen plantenbakken neer en drinken daarna koffie. Zo leren we elkaar kennen."


def jpeg_with_gps(size=(2400, 1800)) -> bytes:
    """A real camera-like JPEG: EXIF with a maker and a GPS position in Utrecht."""
    image = Image.new("RGB", size, (40, 120, 60))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.GPSInfo] = {1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 10.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(width=20_000, height=20_000) -> bytes:
    """A valid-looking 20,000 x 20,000 PNG of a few hundred bytes: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 8)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width="
    b'"10" height="10"/></svg>'
)
TEXT_AS_JPEG = b"Dit is gewoon tekst, geen foto.\n" * 20


def municipality(code: str = "GM0344") -> Municipality:
    return db.session.scalar(select(Municipality).where(Municipality.code == code))


def pillar(position: int = 1) -> Pillar:
    return db.session.scalar(select(Pillar).where(Pillar.position == position))


def form_data(**overrides) -> dict:
    data = {
        "title": "Plantenbakken in de straat",
        "story": STORY,
        "municipality": "Utrecht",
        "wijk": "Lombok",
        "pillars": [pillar(1).slug],
        "kind": "goes-well",
        "photo_alt": "",
        "consent": "y",
    }
    data.update(overrides)
    return data


def make_experience(
    author,
    moderator=None,
    *,
    title="Plantenbakken in de straat",
    story=STORY,
    code="GM0344",
    pillars=(1,),
    kind="goes-well",
    approve=True,
    photo=None,
    photo_alt=None,
) -> Experience:
    """An experience through the real services; approved by `moderator` when approve is true."""
    draft = experiences.Draft(
        title=title,
        story=story,
        municipality=municipality(code),
        wijk=None,
        kind=kind,
        pillars=[pillar(p) for p in pillars],
        photo=photo,
        photo_alt=photo_alt,
    )
    experience = experiences.submit_experience(author, draft)
    if approve:
        experiences.approve_experience(moderator, experience)
        db.session.commit()
    return experience
