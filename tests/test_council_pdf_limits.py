"""The council PDF cannot stall the site: few renders at once, one per visitor, short waits, dead renders
noticed at once, and the files under the instance directory."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from config import TestConfig
from tests.conftest import IsolatedClient
from wijkstem import create_app
from wijkstem.blueprints.municipalities import routes
from wijkstem.extensions import db
from wijkstem.services.council import council_pdf

PLACES = ["aalsmeer", "aalten", "alkmaar", "almelo", "utrecht", "achtkarspelen"]


def _pdf(slug: str) -> str:
    return f"/gemeente/{slug}/samenvatting.pdf"


class Renders:
    """A stand-in for WeasyPrint that holds each render until released and counts how many run at once."""

    def __init__(self) -> None:
        self.running = self.most = self.done = 0
        self.lock = threading.Lock()
        self.release = threading.Event()

    def __call__(self, html: str) -> bytes:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        self.release.wait(20)
        with self.lock:
            self.running -= 1
            self.done += 1
        return b"%PDF-1.7 " + str(hash(html)).encode()


@pytest.fixture
def renders(app, monkeypatch, tmp_path) -> Renders:
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "PDF_MAX_RENDERS", 2)
    monkeypatch.setitem(app.config, "PDF_WAIT_SECONDS", 1)
    stand_in = Renders()
    monkeypatch.setattr(council_pdf, "render_pdf", stand_in)
    yield stand_in
    stand_in.release.set()


def _visitor(app, number: int):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"192.0.2.{number}"
    return client


def _fetch_all(requests) -> list:
    answers: list = [None] * len(requests)

    def fetch(index: int, client, path: str) -> None:
        started = time.monotonic()
        response = client.get(path)
        answers[index] = (response, time.monotonic() - started)

    threads = [threading.Thread(target=fetch, args=(i, c, p)) for i, (c, p) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_at_most_pdf_max_renders_at_once_and_the_rest_hear_to_come_back_soon(app, renders):
    answers = _fetch_all([(_visitor(app, n), _pdf(slug)) for n, slug in enumerate(PLACES)])
    assert renders.most == 2  # six municipalities asked at once, two drawn at a time
    for response, seconds in answers:
        assert response.status_code == 503 and response.headers["Retry-After"] == "60"
        assert "De samenvatting wordt klaargemaakt" in response.get_data(as_text=True)
        assert seconds < 3  # a short wait, then the request lets go
    renders.release.set()
    deadline = time.monotonic() + 20
    while renders.done < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    served = [_visitor(app, 50).get(_pdf(slug)).status_code for slug in PLACES]
    assert served.count(200) >= 2 and 500 not in served
    assert renders.most == 2


def test_one_visitor_has_one_render_at_a_time(app, renders):
    same = _visitor(app, 7)
    answers = _fetch_all([(same, _pdf("aalsmeer")), (same, _pdf("aalten")), (_visitor(app, 8), _pdf("alkmaar"))])
    assert [response.status_code for response, _ in answers] == [503, 503, 503]
    assert renders.most == 2  # the visitor's first render and the other visitor's one


def test_a_killed_render_is_noticed_within_seconds(app, client, renders, monkeypatch):
    sleepers: list[subprocess.Popen] = []

    def render_that_hangs(slug: str, locale: str, sender_id: int | None, ticket: council_pdf.RenderTicket) -> None:
        # A process that holds the render's locks as the real one does, and never finishes.
        sleepers.append(
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], pass_fds=ticket.fds())
        )
        ticket.close()

    real_launcher = routes.start_pdf_render
    monkeypatch.setattr(routes, "start_pdf_render", render_that_hangs)
    assert client.get(_pdf("utrecht")).status_code == 503  # being drawn
    assert client.get(_pdf("utrecht")).status_code == 503 and len(sleepers) == 1  # still: not started twice
    sleepers[0].send_signal(signal.SIGKILL)
    sleepers[0].wait()
    # The real launcher again (a thread in the tests) with a quick stand-in render.
    monkeypatch.setattr(routes, "start_pdf_render", real_launcher)
    monkeypatch.setattr(council_pdf, "render_pdf", lambda html: b"%PDF-1.7 na de crash")
    started = time.monotonic()
    response = client.get(_pdf("utrecht"))
    assert response.status_code == 200 and response.get_data() == b"%PDF-1.7 na de crash"
    assert time.monotonic() - started < 3


def test_the_pdfs_are_kept_under_the_instance_directory(app, monkeypatch, tmp_path):
    monkeypatch.setenv("WIJKSTEM_INSTANCE_DIR", str(tmp_path / "instance"))
    own = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    own.test_client_class = IsolatedClient
    monkeypatch.setattr(council_pdf, "render_pdf", lambda html: b"%PDF-1.7 eigen map")
    checkout = Path(routes.__file__).resolve().parents[3] / "instance" / "pdf-cache" / "utrecht-nl"
    before = set(checkout.glob("*")) if checkout.exists() else set()
    try:
        assert own.test_client().get(_pdf("utrecht")).status_code == 200
        assert [p.parent.name for p in (tmp_path / "instance" / "pdf-cache").glob("*/*.pdf")] == ["utrecht-nl"]
        assert (set(checkout.glob("*")) if checkout.exists() else set()) == before
    finally:
        with own.app_context():
            db.session.remove()
            db.engine.dispose()
