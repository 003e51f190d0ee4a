"""Helpers for the renderer's tests: reports as data, and the structure of rendered tables."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn

from gongkai.annualreport.model import Report

from .layouts import ReportSpec, busy_spec, sample_spec

# (text, gridSpan, vMerge) of one w:tc; vMerge is None, "restart" or "continue".
TcShape = tuple[str, int, str | None]

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TEMPLATE = SHARED / "realdata" / "政务公开年报模版.docx"


def report_of(spec: ReportSpec, **changes: object) -> Report:
    """The canonical Report for a test spec, as the web app would hand it to the renderer."""
    report = Report(
        source="test",
        format=spec.format,
        year=spec.year,
        agency=spec.agency,
        table2=spec.table2,
        table3=spec.table3,
        table4=spec.table4,
        texts={k: "\n".join(v) for k, v in spec.narrative.items()},
    )
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def sample_report(fmt: str = "v2021", **changes: object) -> Report:
    return report_of(sample_spec(fmt), **changes)


def busy_report(fmt: str = "v2021", **changes: object) -> Report:
    return report_of(busy_spec(fmt), **changes)


def blank_report(fmt: str, year: int) -> Report:
    """Tables present but every cell blank: the shape of the blank official form."""
    return Report(
        source="blank",
        format=fmt,
        year=year,
        agency="示例县青石镇",
        table2={},
        table3={},
        table4={},
    )


def dated(report: Report, date: dt.date) -> Report:
    report.publication_date = date
    return report


def docx_tables(data: bytes | Path) -> list[list[list[TcShape]]]:
    """Every table of a Word file as rows of (text, gridSpan, vMerge), read from the XML so
    that merged cells show exactly as Word stores them. The template pads blank cells
    with ideographic spaces; those count as blank."""
    doc = open_docx(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    tables = []
    for table in doc.tables:
        rows = []
        for tr in table._tbl.findall(qn("w:tr")):
            row = []
            for tc in tr.findall(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span = pr.find(qn("w:gridSpan")) if pr is not None else None
                vmerge = pr.find(qn("w:vMerge")) if pr is not None else None
                text = "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip(" \u3000")
                row.append(
                    (
                        text,
                        int(span.get(qn("w:val"))) if span is not None else 1,
                        None if vmerge is None else (vmerge.get(qn("w:val")) or "continue"),
                    )
                )
            rows.append(row)
        tables.append(rows)
    return tables


def have_pdf_tools() -> str | None:
    """Why the PDF tests cannot run here, or None when they can."""
    if shutil.which("pdftoppm") is None:
        return "pdftoppm 未安装（Debian 软件包 poppler-utils，scripts/ensure-fonts.sh 会安装）"
    try:
        from gongkai.officialdoc.pdf import url_fetcher

        url_fetcher()
    except Exception as e:  # noqa: BLE001 — any failure means: no PDF here
        return f"WeasyPrint 不可用：{e}"
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
        if "Noto Serif CJK SC" not in fonts.stdout:
            return "中文字体 fonts-noto-cjk 未安装（scripts/ensure-fonts.sh 会安装）"
    return None
