"""The report as a Word file: officialdoc's 公文 renderer fed with the report's layout.

officialdoc already does everything a 公文 needs in Word — A4 with GB/T 9704 margins, the
fonts named in ``w:eastAsia`` with Noto CJK fallbacks in the font table, ``— 1 —`` page
numbers in the footer, merged table cells (gridSpan/vMerge) filled through cached
``row.cells`` — so the report is translated into its document model rather than drawn twice.
"""

from __future__ import annotations

from gongkai.officialdoc import layout as od
from gongkai.officialdoc.docx import render_docx as _document_docx

from ..model import Report
from .layout import TABLE_PITCH_PT, TABLE_SIZE_PT, Grid, Layout, build_layout


def _table(grid: Grid) -> od.Table:
    return od.Table(
        rows=tuple(
            tuple(od.Cell(c.text, colspan=c.colspan, rowspan=c.rowspan, align=c.align) for c in row)
            for row in grid.rows
        ),
        header_rows=grid.header_rows,
        widths=tuple(float(w) for w in grid.widths),
        size_pt=TABLE_SIZE_PT,
        pitch_pt=TABLE_PITCH_PT,
        keep_together=True,
    )


def report_document(layout: Layout) -> od.Document:
    """The report in officialdoc's model: title, preface, 黑体 section headings, body text,
    each section's table after its text, and the signature when the report is dated."""
    body: list[od.Block] = [od.Paragraph(p) for p in layout.preface]
    for section in layout.sections:
        body.append(od.Heading(section.heading, level=1))
        body.extend(od.Paragraph(p) for p in section.paragraphs)
        if section.table is not None:
            body.append(_table(section.table))
    signature = None
    if layout.signature:
        name, date = layout.signature
        if name:
            signature = od.Signature(name, date)
        else:
            body.append(od.Paragraph(date, indent=False, align="right"))
    return od.Document(
        title=layout.title,
        title_lines=layout.title_lines,
        body=tuple(body),
        signature=signature,
        metadata={"subject": "政府信息公开工作年度报告", "keywords": layout.format},
    )


def render_docx(report: Report) -> bytes:
    """The report as .docx bytes in the official layout."""
    return _document_docx(report_document(build_layout(report)))
