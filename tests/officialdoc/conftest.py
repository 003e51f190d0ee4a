"""Shared pieces of the officialdoc tests: a sample letter, and the skip for PDF tests
when WeasyPrint or the Debian libraries and fonts it needs are missing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from gongkai.officialdoc import Cell, Document, Heading, Paragraph, Signature, Table
from gongkai.officialdoc.letters_zh import DEFAULT_LETTERS, SAMPLE_CONTEXT
from gongkai.officialdoc.pdf import DEBIAN_PACKAGES

AGENCY = "某某县某某镇人民政府"
DATE = dt.date(2026, 11, 22)


def _pdf_missing() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return (
            f"WeasyPrint cannot load ({error}); install the Python package weasyprint and "
            f"the Debian packages {' '.join(DEBIAN_PACKAGES)}"
        )
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        if "Noto Serif CJK SC" not in fonts.stdout:
            return "no Noto Serif CJK SC: install the Debian package fonts-noto-cjk"
    return None


PDF_MISSING = _pdf_missing()
requires_pdf = pytest.mark.skipif(PDF_MISSING is not None, reason=PDF_MISSING or "")


def sample_context(key: str) -> dict[str, str]:
    return {name: SAMPLE_CONTEXT[name] for name in DEFAULT_LETTERS[key].placeholders_documented}


@pytest.fixture
def letter() -> Document:
    """The partial-disclosure letter of the fictional sample case, with a 文号 and 抄送."""
    return DEFAULT_LETTERS["decision_partial"].document(
        sample_context("decision_partial"),
        agency=AGENCY,
        date=DATE,
        doc_number="某镇政公开〔2026〕12号",
        cc="某某县人民政府办公室",
    )


@pytest.fixture
def report_like() -> Document:
    """Headings and a table with spans, as the annual report will need."""
    return Document(
        title="某某镇2026年政府信息公开工作年度报告",
        body=(
            Heading("一、总体情况", 1),
            Paragraph("2026年，本镇认真贯彻落实政府信息公开工作要求。"),
            Heading("（一）主动公开", 2),
            Heading("1.制度建设", 3),
            Table(
                rows=(
                    (Cell("信息内容", rowspan=2), Cell("本年制发件数", colspan=2)),
                    (Cell("现行有效"), Cell("废止")),
                    (Cell("规章", align="left"), Cell("0"), Cell("1")),
                ),
                header_rows=2,
                widths=(2, 1, 1),
            ),
            Paragraph("以上数据截至2026年12月31日。", indent=False),
        ),
        signature=Signature(AGENCY, DATE),
    )
