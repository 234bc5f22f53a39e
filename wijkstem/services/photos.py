"""Photos people upload: checked, re-encoded and resized, with every bit of metadata left behind."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel camera is plenty; more is a decompression bomb
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRefused(Exception):
    """str(error) tells the person, in Dutch, why this file cannot be used."""


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    content_type: str
    width: int
    height: int
    sha256: str


def process_photo(stream) -> ProcessedPhoto:
    """Only real JPEG, PNG or WebP photos; the result is a fresh file without EXIF or location."""
    raw = stream.read(MAX_BYTES + 1)
    if not raw:
        raise PhotoRefused(_l("Dit bestand is leeg. Kies een foto."))
    if len(raw) > MAX_BYTES:
        raise PhotoRefused(_l("Deze foto is groter dan 10 MB. Kies een kleinere foto."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = _open_checked(raw)
            image = _decoded(image)
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRefused(
            _l("Dit bestand is geen foto die we kunnen lezen. Kies een JPEG-, PNG- of WebP-bestand.")
        ) from None
    return _encode(image)


def _too_large() -> PhotoRefused:
    return PhotoRefused(_l("Deze foto heeft te veel pixels. Kies een foto van hoogstens 50 megapixel."))


def _open_checked(raw: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(raw))  # reads the header only
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRefused(_l("Dit bestandstype kan niet. Kies een JPEG-, PNG- of WebP-bestand."))
    if image.width * image.height > MAX_PIXELS or image.width < 1 or image.height < 1:
        raise _too_large()
    return image


def _decoded(image: Image.Image) -> Image.Image:
    if image.format == "JPEG":
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at a smaller scale: faster, less memory
    image.load()
    image = ImageOps.exif_transpose(image)  # turn it upright before the orientation tag is dropped
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def _encode(image: Image.Image) -> ProcessedPhoto:
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
        content_type = "image/png"
    else:
        image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
        content_type = "image/jpeg"
    data = out.getvalue()
    return ProcessedPhoto(
        data=data,
        content_type=content_type,
        width=image.width,
        height=image.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )
