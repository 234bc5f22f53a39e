"""QR codes for the site's own pages, as SVG for screens and print, and PNG for everything else."""

from __future__ import annotations

import base64
import io
from functools import lru_cache

import segno


@lru_cache(maxsize=256)
def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=8, border=4, xmldecl=False, svgclass=None, lineclass=None, title=url
    )
    return buffer.getvalue()


@lru_cache(maxsize=256)
def qr_png(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_png_data_uri(url: str) -> str:
    """For documents that must not fetch anything (the PDF): the PNG inline."""
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")
