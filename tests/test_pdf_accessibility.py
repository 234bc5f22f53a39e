"""The PDFs (council dossier, manifesto) are tagged PDF/UA-1: a screen reader gets the title, the
language, the headings, the table with its headers and a text for every picture."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def _structure(reader: PdfReader) -> list[DictionaryObject]:
    """Every element of the structure tree, in reading order."""
    found: list[DictionaryObject] = []

    def walk(node) -> None:
        node = node.get_object()
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _text(reader: PdfReader, element: DictionaryObject) -> str:
    """The text a screen reader reads for a heading: the page text it marks (by its MCIDs)."""
    ids: set[int] = set()

    def collect(node) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                ids.add(kid)
            elif kid is not None:
                kid = kid.get_object()
                if isinstance(kid, dict):
                    if "/MCID" in kid:
                        ids.add(int(kid["/MCID"]))
                    else:
                        collect(kid)

    collect(element)
    marked_on = element.raw_get("/Pg").idnum  # the page the heading is drawn on
    page = next(page for page in reader.pages if page.indirect_reference.idnum == marked_on)
    parts: list[str] = []
    current: list[int | None] = [None]

    def visit_operator(op, args, cm, tm):
        if op == b"BDC" and len(args) > 1 and isinstance(args[1], dict) and "/MCID" in args[1]:
            current[0] = int(args[1]["/MCID"])
        elif op == b"EMC":
            current[0] = None

    def visit_text(text, cm, tm, font_dict, font_size):
        if current[0] in ids:
            parts.append(text)

    page.extract_text(visitor_operand_before=visit_operator, visitor_text=visit_text)
    return " ".join("".join(parts).split())


def _assert_tagged_pdf_ua(reader: PdfReader, title: str, lang: str) -> None:
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert root["/Lang"] == lang
    assert reader.metadata.title == title
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp  # declares PDF/UA-1
    assert title in xmp and "<dc:description>" in xmp and "<dc:creator>" in xmp


def test_council_pdf_is_tagged_with_headings_table_and_picture_texts(client, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    response = client.get("/gemeente/utrecht/samenvatting.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    _assert_tagged_pdf_ua(reader, "Dossier Utrecht · wijkstem", "nl")

    elements = _structure(reader)
    kinds = [element["/S"] for element in elements]
    headings = [_text(reader, element) for element in elements if element["/S"] == "/H1"]
    assert headings == ["Steun voor de wijkaanpak in Utrecht"]
    second = [_text(reader, e) for e in elements if e["/S"] == "/H2"]
    assert "Wat de gemeenteraad ermee doet" in second and "In hun eigen woorden" in second
    # The support table with its column and row headers; every cell names its headers.
    assert "/Table" in kinds and "/THead" in kinds and "/TBody" in kinds
    header_cells = [_text(reader, e) for e in elements if e["/S"] == "/TH"]
    assert "Pijler" in header_cells and "Mensen" in header_cells
    assert all("/Headers" in e["/A"] for e in elements if e["/S"] == "/TD")
    pictures = {str(e.get("/Alt")) for e in elements if e["/S"] == "/Figure"}
    assert pictures == {"Kaart van Nederland met Utrecht", "QR-code naar http://localhost/gemeente/utrecht"}


def test_council_pdf_in_english_says_so(client, tmp_path, app, monkeypatch):
    monkeypatch.setitem(app.config, "PDF_CACHE_DIR", str(tmp_path))
    client.post("/taal", data={"locale": "en", "next": "/"})
    reader = PdfReader(io.BytesIO(client.get("/gemeente/utrecht/samenvatting.pdf").get_data()))
    _assert_tagged_pdf_ua(reader, "Dossier Utrecht · wijkstem", "en")


def test_manifest_pdf_is_tagged_with_its_headings(client):
    response = client.get("/manifest.pdf")
    reader = PdfReader(io.BytesIO(response.get_data()))
    _assert_tagged_pdf_ua(reader, reader.metadata.title, "nl")
    assert reader.metadata.title.endswith(" · wijkstem")
    elements = _structure(reader)
    assert [e["/S"] for e in elements].count("/H1") == 1
    assert [e["/S"] for e in elements].count("/H2") >= 5  # three pillars, for whom, makers
    assert any(e["/S"] == "/Figure" and str(e.get("/Alt", "")).startswith("QR-code naar ") for e in elements)
