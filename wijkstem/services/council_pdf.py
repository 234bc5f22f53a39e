"""The PDF summary for a council agenda, drawn by WeasyPrint from the print page's HTML.

Drawn outside the web request: the request finds the PDF for the current data in the cache (a
few milliseconds), or starts one render in a process of its own and waits for its file.

The document fetches nothing: the QR code is inline and the only files it may read are the
fonts and print stylesheet shipped in static/.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app

ROOT = Path(__file__).resolve().parent.parent.parent
STATIC_DIR = ROOT / "static"
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
    # Tagged PDF/UA-1: headings, tables, reading order, language, title shown, XMP metadata.
    return document.write_pdf(stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1")


KEY_DATE = date(2000, 1, 1)  # stands in for the date while the cache key is made: the date alone makes no new PDF
RETRY_AFTER_SECONDS = 60  # what a request that waited in vain tells the browser
REQUEST_FRESH_SECONDS = 120  # a render asked for longer ago than this is taken to have died
_children: list[subprocess.Popen] = []


@dataclass(frozen=True)
class SummaryPdf:
    path: Path
    digest: str


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()[:32]


def cache_folder(name: str) -> Path:
    root = current_app.config.get("PDF_CACHE_DIR") or Path(current_app.instance_path) / "pdf-cache"
    return Path(root) / name


def _recent_key(folder: Path, seconds: float) -> str | None:
    """The key of the last look at the data, when it is at most `seconds` old (shared by the workers)."""
    if seconds <= 0:
        return None
    try:
        if time.time() - (folder / "latest.key").stat().st_mtime < seconds:
            return (folder / "latest.key").read_text().strip() or None
    except FileNotFoundError:
        pass
    return None


def _remember_key(folder: Path, digest: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=folder, suffix=".key-tmp")
    with os.fdopen(fd, "w") as handle:
        handle.write(digest)
    os.chmod(temporary, 0o644)
    os.replace(temporary, folder / "latest.key")


def _newest_since(folder: Path, since: float) -> Path | None:
    made = [(path.stat().st_mtime, path) for path in folder.glob("*.pdf")]
    newest = max(made, default=None)
    return newest[1] if newest and newest[0] >= since else None


def summary_pdf(
    name: str, html_for: Callable[[date], str], launch: Callable[[], None], fresh: bool = False
) -> SummaryPdf | None:
    """The PDF for the data as they are now, from the cache; drawn elsewhere when the data changed.

    The cache key is the document's HTML with a fixed date: a new day alone draws nothing, a new
    count (or any other visible change) does. Making that HTML takes a few hundred ms at a million
    endorsements, so a key is reused for PDF_KEY_SECONDS (counts may lag that long, as on the cached
    pages), except with `fresh` (someone logged in, who may have just acted). On a miss one render
    is started (`launch`, e.g. a separate process: WeasyPrint takes seconds and a hundred MB) and
    this request waits up to PDF_WAIT_SECONDS for the file, as do requests arriving meanwhile: they
    start nothing more. None when it did not come in time (the caller asks to try again shortly).
    """
    folder = cache_folder(name)
    digest = None if fresh else _recent_key(folder, float(current_app.config.get("PDF_KEY_SECONDS", 10)))
    if digest is None:
        digest = _digest(html_for(KEY_DATE))
        _remember_key(folder, digest)
    path = folder / f"{digest}.pdf"
    if path.exists():
        return SummaryPdf(path, digest)
    asked = time.time()
    _ask_for_render(folder, launch)
    deadline = time.monotonic() + float(current_app.config.get("PDF_WAIT_SECONDS", 15))
    while time.monotonic() < deadline:
        time.sleep(0.1)
        # This document, or one drawn after it was asked for (its data are at least as new).
        found = path if path.exists() else _newest_since(folder, asked)
        if found is not None:
            return SummaryPdf(found, found.stem)
    return None


def _ask_for_render(folder: Path, launch: Callable[[], None]) -> None:
    """Start one render, unless one was asked for in the last REQUEST_FRESH_SECONDS (single flight)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "render.requested"
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        try:
            if time.time() - marker.stat().st_mtime < REQUEST_FRESH_SECONDS:
                return  # someone else's render is under way: wait for its file
        except FileNotFoundError:
            pass  # the render just finished: ask again, our data may be newer
        marker.unlink(missing_ok=True)
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
    os.close(fd)
    for child in list(_children):  # finished renders: collect them (no zombies in the worker)
        if child.poll() is not None:
            _children.remove(child)
    launch()


def render_summary(name: str, html_for: Callable[[date], str]) -> Path:
    """Draw the PDF for the data as they are now (in the rendering process), once: a lock file keeps
    a second render of the same document waiting, and it then finds the file already there."""
    folder = cache_folder(name)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "render.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            digest = _digest(html_for(KEY_DATE))
            path = folder / f"{digest}.pdf"
            if not path.exists():
                data = render_pdf(html_for(date.today()))  # the date printed: the day these data were read
                fd, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.chmod(temporary, 0o644)  # mkstemp makes it private; web workers may run as another user
                os.replace(temporary, path)  # atomic: a reader sees no file or the whole file
                for old in folder.glob("*.pdf"):
                    if old != path:
                        old.unlink(missing_ok=True)
        finally:
            (folder / "render.requested").unlink(missing_ok=True)
    return path


def launch_process(argv: list[str]) -> None:
    """Run `flask ...` (the render) as a process of its own, so its memory never sits in a web worker."""
    command = [sys.executable, "-m", "flask", "--app", "wijkstem", *argv]
    _children.append(
        subprocess.Popen(  # noqa: S603  # a list, no shell; the slug comes from the database
            command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=None, start_new_session=True
        )
    )
