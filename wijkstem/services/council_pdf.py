"""The PDF summary for a council agenda, drawn by WeasyPrint from the print page's HTML.

The document fetches nothing: the QR code is inline and the only files it may read are the
fonts and print stylesheet shipped in static/.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app

STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "static"
PRINT_CSS = STATIC_DIR / "css" / "print-summary.css"
FONT_FILES = {"normal": STATIC_DIR / "fonts" / "DejaVuSans.ttf", "bold": STATIC_DIR / "fonts" / "DejaVuSans-Bold.ttf"}


def _shipped_files_fetcher():
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class ShippedFilesFetcher(URLFetcher):
        """Inline data and files under static/ only: no network, no other files."""

        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not path.is_relative_to(STATIC_DIR):
                    raise ValueError(f"not a shipped file: {url}")
            return super().fetch(url, headers)

    return ShippedFilesFetcher(allowed_protocols=("data", "file"))


def render_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, and only this download needs it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = _shipped_files_fetcher()
    faces = "".join(
        f"@font-face {{ font-family: 'Wijkstem Sans'; font-weight: {weight}; src: url('{path.as_uri()}'); }}"
        for weight, path in FONT_FILES.items()
    )
    stylesheets = [
        CSS(string=faces, font_config=font_config, url_fetcher=fetcher),
        CSS(filename=str(PRINT_CSS), font_config=font_config, url_fetcher=fetcher),
    ]
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config)


def cached_pdf(name: str, html: str) -> tuple[bytes, str]:
    """The PDF of this HTML and its hash; drawn only when the HTML (texts, counts, date) changed.

    Kept on disk in instance/pdf-cache/<name>/ (shared by the workers of one server), the newest only:
    WeasyPrint takes a second and a hundred MB, a cached file a few milliseconds.
    """
    digest = hashlib.sha256(html.encode()).hexdigest()[:32]
    folder = Path(current_app.config.get("PDF_CACHE_DIR") or Path(current_app.instance_path) / "pdf-cache") / name
    path = folder / f"{digest}.pdf"
    try:
        return path.read_bytes(), digest
    except FileNotFoundError:
        pass
    data = render_pdf(html)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pdf"):
        old.unlink(missing_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)  # atomic: a worker reading at the same time sees the old file or the new
    return data, digest
