"""The PDF of an annual report: real pages with ink on them (rendered to PNG by pdftoppm),
and tables that read back with the same cells as the official format."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from gongkai.annualreport.formats import V2019, V2021
from gongkai.annualreport.readers import read_bytes
from gongkai.annualreport.render import build_layout, render_pdf

from .render_reports import busy_report, dated, have_pdf_tools, sample_report

MISSING = have_pdf_tools()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def _pages(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]


@cache
def _busy_pdf(fmt: str) -> bytes:
    """One rendering per format for the whole module: a PDF takes a second or two."""
    return render_pdf(busy_report(fmt))


def _ink(page: Image.Image) -> float:
    """The share of the page above the page number that is not white."""
    width, height = page.size
    body = page.convert("L").crop((0, 0, width, int(height * 0.85)))
    histogram = body.histogram()
    return 1 - sum(histogram[200:]) / sum(histogram)


@pytest.mark.parametrize("fmt", [V2021, V2019])
def test_every_page_is_printed_a4_with_ink_on_it(fmt: str, tmp_path: Path) -> None:
    pdf = _busy_pdf(fmt)
    assert pdf.startswith(b"%PDF-")
    pages = _pages(pdf, tmp_path)
    assert len(pages) >= 3  # title and 表二, 表三 over a page, 表四 and the rest
    for number, page in enumerate(pages, start=1):
        width, height = page.size
        assert abs(height / width - 297 / 210) < 0.01, f"第 {number} 页不是 A4"
        assert _ink(page) > 0.002, f"第 {number} 页是空白的"


def test_pages_are_numbered_in_the_official_style(tmp_path: Path) -> None:
    pdf = _busy_pdf(V2021)
    source = tmp_path / "r.pdf"
    source.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    for number, page in enumerate(pages, start=1):
        # pdftotext -layout drops the thin spaces around the number: "—1—".
        assert re.search(rf"—\s*{number}\s*—\s*$", page), f"第 {number} 页没有页码"


@pytest.mark.parametrize("fmt", [V2021, V2019])
def test_tables_read_back_from_the_pdf_cell_for_cell(fmt: str) -> None:
    """The engine's PDF reader, which knows nothing of our HTML, finds the three tables from
    their ruling lines alone: the same grid as the official format, merged cells included
    (their text in the top-left position, the positions they cover empty)."""
    report = busy_report(fmt)
    expected = [s.table.expanded() for s in build_layout(report).sections if s.table]
    doc = read_bytes(_busy_pdf(fmt), "r.pdf")
    assert [t.rows for t in doc.tables] == expected


def test_chinese_text_is_real_text_not_boxes() -> None:
    report = dated(sample_report(V2021), dt.date(2024, 1, 20))
    doc = read_bytes(render_pdf(report), "r.pdf")
    text = doc.text()
    assert "示例县青石镇" in text and "一、总体情况" in text
    assert "2024年1月20日" in text
    assert "\ufffd" not in text
