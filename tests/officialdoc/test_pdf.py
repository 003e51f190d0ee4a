"""The PDF: the Chinese text comes back out, in an embedded CJK subset, small, offline."""

from __future__ import annotations

import ctypes.util
import io
import re
import socket

import pdfplumber
import pypdfium2
import pytest

from gongkai.officialdoc import Document, Paragraph, Signature, document_html, render_pdf
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS
from tests.officialdoc.conftest import AGENCY, DATE, requires_pdf, sample_context

pytestmark = requires_pdf

_PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(data: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve or connect fails the test loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network used: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("key", list(DEFAULT_LETTERS))
def test_letter_text_comes_back_exactly(key: str, no_network: None) -> None:
    doc = DEFAULT_LETTERS[key].document(
        sample_context(key), agency=AGENCY, date=DATE, doc_number="某镇政公开〔2026〕12号"
    )
    data = render_pdf(doc)
    pages = _pdf_text(data)
    for n, page in enumerate(pages, start=1):
        assert f"— {n} —" in page or f"—{n}—" in _squash(page)  # page number in the footer
    text = _PAGE_NUMBER.sub("", "".join(pages))
    assert _squash(text) == _squash(doc.plain_text())


def test_one_page_letter_is_small_and_uses_an_embedded_cjk_subset() -> None:
    key = "extension_notice"
    data = render_pdf(DEFAULT_LETTERS[key].document(sample_context(key), agency=AGENCY, date=DATE))
    assert len(data) < 1_000_000
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1
        fonts = {c["fontname"] for c in pdf.pages[0].chars}
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)  # A4 in points
        # The left edge of the body text is the 28 mm margin (79.4 pt), give or take.
        assert min(c["x0"] for c in page.chars) == pytest.approx(28 / 25.4 * 72, abs=1)
    assert fonts and all("CJK" in f for f in fonts), fonts
    # Subset fonts carry a six-letter tag: full fonts (20–40 MB) are never embedded.
    assert all(re.match(r"[A-Z]{6}\+", f) for f in fonts), fonts


def test_no_tofu_every_character_has_a_glyph(letter: Document) -> None:
    data = render_pdf(letter)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    assert "\ufffd" not in "".join(c["text"] for c in chars)
    assert "收到" in "".join(c["text"] for c in chars)


def test_fetcher_refuses_everything_but_data_urls() -> None:
    from gongkai.officialdoc.pdf import url_fetcher

    fetch = url_fetcher()
    for url in (
        "http://127.0.0.1:9/x.png",
        "https://example.org/a.css",
        "file:///etc/passwd",
        "ftp://x/y",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetch(url)
    assert fetch("data:text/plain,hi") is not None


def test_markup_in_the_text_fetches_nothing(no_network: None) -> None:
    evil = '<img src="http://198.51.100.1/x.png"><link rel=stylesheet href="file:///etc/passwd">'
    doc = Document(title="测试", body=(Paragraph(evil),))
    html = document_html(doc)
    assert "<img" not in html and "&lt;img" in html
    assert _squash(evil) in _squash(_PAGE_NUMBER.sub("", "".join(_pdf_text(render_pdf(doc)))))


def test_very_long_text_flows_onto_more_pages(no_network: None) -> None:
    long = "本机关经检索" * 600 + "x" * 3000  # no spaces: must still wrap, not overflow
    doc = Document(title="长文", body=(Paragraph(long),))
    data = render_pdf(doc)
    pages = _pdf_text(data)
    assert len(pages) > 3
    assert _squash(_PAGE_NUMBER.sub("", "".join(pages))) == _squash(doc.plain_text())


def test_the_font_subsetting_library_is_installed() -> None:
    """With libharfbuzz-subset0 a letter takes ~0.2 s; without it ~10 s, because fontTools
    then subsets the whole CJK font in Python (`make bench` prints the time). Nothing pulls
    the library in, so its absence is caught here rather than by a slow counter."""
    assert ctypes.util.find_library("harfbuzz-subset"), (
        "install the Debian package libharfbuzz-subset0"
    )


def test_title_author_and_subject_go_into_the_pdf_metadata() -> None:
    doc = Document(
        title="告知书",
        body=(Paragraph("正文"),),
        signature=Signature("某机关", "2026年1月5日"),
        metadata={"subject": "答复 <&>"},
    )
    pdf = pypdfium2.PdfDocument(render_pdf(doc))
    meta = pdf.get_metadata_dict()
    pdf.close()
    assert (meta["Title"], meta["Author"], meta["Subject"]) == ("告知书", "某机关", "答复 <&>")
