"""The PDF summary for a council agenda, drawn by WeasyPrint from the print page's HTML.

The document fetches nothing: the QR code is inline and the only files it may read are the
fonts and print stylesheet shipped in static/.
"""

from __future__ import annotations

from pathlib import Path

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
