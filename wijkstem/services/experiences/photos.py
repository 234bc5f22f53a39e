"""Photos people upload: checked, re-encoded and resized, with every bit of metadata left behind."""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel phone camera is plenty; more is a decompression bomb
# JPEG is decoded at 1/2 to 1/8 scale (draft), so a 50 MP photo costs what a 1-2 MP one does. PNG
# and WebP have no such shortcut: every pixel is decoded, so they get a lower cap (a 16 MP RGBA
# image is 64 MB while it is worked on). Phone photos are JPEG (or HEIC, which phones convert).
MAX_PIXELS_FULL_DECODE = 16_000_000
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Pillow's own bomb check, in case an image reaches Pillow another way; ours above is stricter.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# One photo decoded at a time per worker process: four big uploads at once must not take all memory.
_DECODING = threading.BoundedSemaphore(1)
DECODE_WAIT_SECONDS = 20


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
    if not _DECODING.acquire(timeout=DECODE_WAIT_SECONDS):
        raise PhotoRefused(_l("Het is nu erg druk. Probeer het over een minuut nog een keer."))
    try:
        return _process(raw)
    finally:
        _DECODING.release()


def _process(raw: bytes) -> ProcessedPhoto:
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


def _too_large(limit: int = MAX_PIXELS) -> PhotoRefused:
    return PhotoRefused(
        _l(
            "Deze foto heeft te veel pixels. Kies een foto van hoogstens %(megapixels)d megapixel.",
            megapixels=limit // 1_000_000,
        )
    )


def _open_checked(raw: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(raw))  # reads the header only
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoRefused(_l("Dit bestandstype kan niet. Kies een JPEG-, PNG- of WebP-bestand."))
    limit = MAX_PIXELS if image.format == "JPEG" else MAX_PIXELS_FULL_DECODE
    if image.width * image.height > limit or image.width < 1 or image.height < 1:
        raise _too_large(limit)
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
    image = image.convert("RGBA" if has_alpha else "RGB")
    # Only pixels go out: no EXIF, GPS, ICC profile, JPEG comment, XMP or PNG text travels along.
    image.info.clear()
    out = io.BytesIO()
    if has_alpha:
        image.save(out, format="PNG", optimize=True)
        content_type = "image/png"
    else:
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
