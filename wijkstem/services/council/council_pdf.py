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
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from flask import current_app

ROOT = Path(__file__).resolve().parent.parent.parent.parent
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
POLL_SECONDS = 0.1
_children: list[subprocess.Popen] = []


@dataclass(frozen=True)
class SummaryPdf:
    path: Path
    digest: str


class RenderTicket:
    """The locks one render holds while it runs: its document, one of PDF_MAX_RENDERS slots of the
    machine, and the visitor's turn (one render at a time per visitor).

    Each is an open file with an exclusive flock. The render (a process of its own) inherits the
    open files; the kernel drops the locks when the last holder closes them or dies, so a killed
    render frees its document, slot and visitor at once, and the next request starts it anew.
    """

    def __init__(self, files: list[IO[str]]) -> None:
        self.files = files

    def fds(self) -> tuple[int, ...]:
        return tuple(handle.fileno() for handle in self.files)

    def close(self) -> None:
        for handle in self.files:
            handle.close()
        self.files = []


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()[:32]


def cache_root() -> Path:
    """Under the instance directory (WIJKSTEM_INSTANCE_DIR), unless PDF_CACHE_DIR says otherwise."""
    return Path(current_app.config.get("PDF_CACHE_DIR") or Path(current_app.instance_path) / "pdf-cache")


def cache_folder(name: str) -> Path:
    return cache_root() / name


def dossier_name(slug: str, locale: str, sender_id: int | None = None) -> str:
    """The cache name of a municipality's dossier; one that names its sender is kept apart, per person."""
    return f"{slug}-{locale}" + (f"-afzender-{sender_id}" if sender_id else "")


def forget_sender_pdfs(user) -> None:
    """Account deletion: the dossiers that carry this person's name as sender go with it."""
    root = cache_root()
    if not root.is_dir():
        return
    for folder in root.glob(f"*-afzender-{user.id}"):
        shutil.rmtree(folder, ignore_errors=True)


def _lock(path: Path, wait: bool = False) -> IO[str] | None:
    """The file at `path`, open and exclusively locked; None when someone else holds it (and not `wait`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115  # kept open for as long as the lock is held
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _note_holder(handle: IO[str], pid: int | None = None) -> None:
    """Who holds the lock, for a person looking at the files (the lock itself is the flock)."""
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {pid or os.getpid()} since {time.strftime('%Y-%m-%dT%H:%M:%S')}\n")
    handle.flush()


def _free_slot(wait: bool = False) -> IO[str] | None:
    """One of the PDF_MAX_RENDERS slots shared by every worker and process using this cache."""
    slots = max(1, int(current_app.config.get("PDF_MAX_RENDERS", 2)))
    while True:
        for number in range(slots):
            handle = _lock(cache_root() / "_slots" / f"slot-{number}.lock")
            if handle is not None:
                _note_holder(handle)
                return handle
        if not wait:
            return None
        time.sleep(POLL_SECONDS * 5)


def _visitor_lock_path(visitor: str) -> Path:
    return cache_root() / "_visitors" / f"{hashlib.sha256(visitor.encode()).hexdigest()[:24]}.lock"


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
    name: str,
    html_for: Callable[[date], str],
    launch: Callable[[RenderTicket], None],
    fresh: bool = False,
    visitor: str = "",
) -> SummaryPdf | None:
    """The PDF for the data as they are now, from the cache; drawn elsewhere when the data changed.

    The cache key is the document's HTML with a fixed date: a new day alone draws nothing, a new
    count (or any other visible change) does. Making that HTML takes a few hundred ms at a million
    endorsements, so a key is reused for PDF_KEY_SECONDS (counts may lag that long, as on the cached
    pages), except with `fresh` (someone logged in, who may have just acted).

    On a miss this request starts one render (`launch`, a process of its own: WeasyPrint takes
    seconds and a hundred MB) once it holds the document, a free slot (PDF_MAX_RENDERS on this
    machine) and the visitor's turn; requests for a document being drawn wait for its file. Waiting
    ends after PDF_WAIT_SECONDS: None, and the caller asks to come back (Retry-After).
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
    deadline = time.monotonic() + float(current_app.config.get("PDF_WAIT_SECONDS", 8))
    started = False
    while True:
        # This document, or one drawn after it was asked for (its data are at least as new).
        found = path if path.exists() else _newest_since(folder, asked)
        if found is not None:
            return SummaryPdf(found, found.stem)
        if time.monotonic() >= deadline:
            return None
        if not started:
            # Also after a render of this document died: its lock is free again and we start it.
            started = _start_render(folder, path, asked, launch, visitor)
        time.sleep(POLL_SECONDS)


def _start_render(
    folder: Path, path: Path, asked: float, launch: Callable[[RenderTicket], None], visitor: str
) -> bool:
    """True when this request launched the render; False while the document is being drawn
    elsewhere or no slot (or no turn for this visitor) is free: the caller looks again shortly."""
    document = _lock(folder / "render.lock")
    if document is None:
        return False  # being drawn: wait for its file
    files = [document]
    try:
        if path.exists() or _newest_since(folder, asked):
            return False  # drawn just now
        turn = _lock(_visitor_lock_path(visitor)) if visitor else None
        if visitor and turn is None:
            return False  # this visitor's other PDF comes first
        if turn is not None:
            files.append(turn)
        slot = _free_slot()
        if slot is None:
            return False  # as many renders as the machine allows: queue
        files.append(slot)
        _note_holder(document)
        for child in list(_children):  # finished renders: collect them (no zombies in the worker)
            if child.poll() is not None:
                _children.remove(child)
        ticket = RenderTicket(files)
        files = []
        try:
            launch(ticket)  # the render owns the locks from here on
        except BaseException:
            ticket.close()
            raise
        return True
    finally:
        for handle in files:
            handle.close()


def render_summary(name: str, html_for: Callable[[date], str], locked: bool = False) -> Path:
    """Draw the PDF for the data as they are now (in the rendering process), once.

    `locked`: the request that launched this render holds the document and a slot for it (inherited
    open files). Otherwise (`flask wijkstem render-pdf` ahead of time) this takes them itself, waiting
    for a render of the same document to finish (it then finds the file already there) and for a slot.
    """
    folder = cache_folder(name)
    folder.mkdir(parents=True, exist_ok=True)
    held: list[IO[str]] = []
    try:
        if not locked:
            held.append(_lock(folder / "render.lock", wait=True))  # type: ignore[arg-type]  # waiting: never None
            held.append(_free_slot(wait=True))  # type: ignore[arg-type]
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
        for lock in held:
            lock.close()
    return path


def launch_process(argv: list[str], ticket: RenderTicket | None = None) -> None:
    """Run `flask ...` (the render) as a process of its own, so its memory never sits in a web worker.
    It inherits the ticket's locked files and so holds them until it ends, however it ends."""
    command = [sys.executable, "-m", "flask", "--app", "wijkstem", *argv]
    _children.append(
        subprocess.Popen(  # noqa: S603  # a list, no shell; the slug comes from the database
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=None,
            start_new_session=True,
            pass_fds=ticket.fds() if ticket else (),
        )
    )
    if ticket is not None:
        for handle in ticket.files:
            _note_holder(handle, _children[-1].pid)
        ticket.close()  # the render holds its own copies of the locked files
