"""The council PDF is drawn outside the request, once per change of the data, and served from its file."""

from __future__ import annotations

import sys
import threading
import time

from wijkstem.services.content.content import pillars_in_order
from wijkstem.services.council import council_pdf
from wijkstem.services.endorsements import endorsements

PDF = "/gemeente/utrecht/samenvatting.pdf"


def _counting_render(monkeypatch, seconds: float = 0.0) -> list[str]:
    drawn: list[str] = []

    def fake_render(html: str) -> bytes:
        time.sleep(seconds)
        drawn.append(html)
        return b"%PDF-1.7 " + str(len(drawn)).encode()

    monkeypatch.setattr(council_pdf, "render_pdf", fake_render)
    return drawn


def test_a_cached_pdf_is_served_without_weasyprint(app, client, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    drawn = _counting_render(monkeypatch)
    first = client.get(PDF)
    assert first.status_code == 200 and len(drawn) == 1

    def no_render(html: str) -> bytes:
        raise AssertionError("drawn again although nothing changed")

    monkeypatch.setattr(council_pdf, "render_pdf", no_render)
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # importing it now fails
    again = client.get(PDF)
    assert again.status_code == 200 and again.mimetype == "application/pdf"
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert 'filename="wijkstem-utrecht.pdf"' in again.headers["Content-Disposition"]
    unchanged = client.get(PDF, headers={"If-None-Match": again.headers["ETag"]})
    assert unchanged.status_code == 304


def test_a_new_day_alone_draws_no_new_pdf(app, client, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    drawn = _counting_render(monkeypatch)
    client.get(PDF)
    from wijkstem.services.council import summary_pdf

    class Later(summary_pdf.date):
        @classmethod
        def today(cls):
            return summary_pdf.date(2031, 5, 17)

    monkeypatch.setattr(summary_pdf, "date", Later)
    monkeypatch.setattr(council_pdf, "date", Later)
    assert client.get(PDF).status_code == 200
    assert len(drawn) == 1
    assert "gemaakt op" in drawn[0] or "Dossier van" in drawn[0]  # the date the data were read is printed


def test_requests_at_the_same_time_draw_the_pdf_once(app, client, monkeypatch, tmp_path, make_user, utrecht):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    drawn = _counting_render(monkeypatch, seconds=0.5)
    answers: list = []

    def fetch() -> None:
        answers.append(app.test_client().get(PDF))

    crowd = [threading.Thread(target=fetch) for _ in range(6)]
    for thread in crowd:
        thread.start()
    for thread in crowd:
        thread.join()
    assert [answer.status_code for answer in answers] == [200] * 6
    assert len(drawn) == 1
    assert len({answer.get_data() for answer in answers}) == 1

    endorsements.endorse_pillar(make_user(municipality=utrecht), pillars_in_order()[0])
    changed = client.get(PDF)
    assert changed.status_code == 200 and len(drawn) == 2 and changed.get_data() != answers[0].get_data()
    assert len(list(tmp_path.glob("*/*.pdf"))) == 1  # only the newest is kept


def test_a_pdf_that_takes_too_long_asks_to_come_back_in_dutch(app, client, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "PDF_WAIT_SECONDS", 0.3)
    release = threading.Event()

    def slow_render(html: str) -> bytes:
        release.wait(10)
        return b"%PDF-1.7 slow"

    monkeypatch.setattr(council_pdf, "render_pdf", slow_render)
    waiting = client.get(PDF)
    assert waiting.status_code == 503
    assert waiting.headers["Retry-After"] == "60"
    page = waiting.get_data(as_text=True)
    assert "De samenvatting wordt klaargemaakt" in page
    assert "Probeer het over een minuut opnieuw." in page
    release.set()
    deadline = time.monotonic() + 10
    while not list(tmp_path.glob("*/*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.get(PDF).get_data() == b"%PDF-1.7 slow"


def test_visitors_may_get_the_pdf_of_a_few_seconds_ago_but_the_person_who_acted_sees_the_change(
    app, client, monkeypatch, tmp_path, make_user, utrecht, login
):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "PDF_KEY_SECONDS", 60)
    drawn = _counting_render(monkeypatch)
    visitor = app.test_client()
    first = visitor.get(PDF)
    person = make_user(municipality=utrecht)
    endorsements.endorse_pillar(person, pillars_in_order()[0])
    assert visitor.get(PDF).get_data() == first.get_data() and len(drawn) == 1  # counts may lag a little
    login(person)
    mine = client.get(PDF)
    assert mine.status_code == 200 and len(drawn) == 2 and mine.get_data() != first.get_data()


def test_render_pdf_command_draws_the_pdf_ahead_of_time(app, client, monkeypatch, tmp_path):
    drawn = _counting_render(monkeypatch)
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", app.config.get("PDF_CACHE_DIR"))  # the command sets it
    result = app.test_cli_runner().invoke(
        args=["wijkstem", "render-pdf", "utrecht", "--cache-dir", str(tmp_path)], catch_exceptions=False
    )
    assert result.exit_code == 0 and len(drawn) == 1
    assert [p.parent.name for p in tmp_path.glob("*/*.pdf")] == ["utrecht-nl"]
    assert client.get(PDF).status_code == 200 and len(drawn) == 1  # served from what the command drew
