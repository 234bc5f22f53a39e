"""`flask wijkstem render-pdf` draws the council PDF through the summary service (no blueprint code),
in the language asked for, and says so plainly when a municipality does not exist."""

from __future__ import annotations

from wijkstem.services.council import council_pdf


def test_render_pdf_draws_the_summary_in_english(app, monkeypatch, tmp_path):
    drawn: list[str] = []

    def fake_render(html: str) -> bytes:
        drawn.append(html)
        return b"%PDF-1.7 test"

    monkeypatch.setattr(council_pdf, "render_pdf", fake_render)
    result = app.test_cli_runner().invoke(
        args=["wijkstem", "render-pdf", "utrecht", "--locale", "en", "--cache-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert len(drawn) == 1 and "Utrecht" in drawn[0] and '<html lang="en">' in drawn[0]


def test_render_pdf_names_an_unknown_municipality(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["wijkstem", "render-pdf", "nergens", "--cache-dir", str(tmp_path)])
    assert result.exit_code != 0 and "Onbekende gemeente: nergens" in result.output
