"""The report as HTML: the standalone document (also the source of the PDF) and the fragment
a web page embeds as the preview and the published page — the same markup in both."""

from __future__ import annotations

import html

from gongkai.officialdoc.layout import (
    BODY_PT,
    FONT_FALLBACK_SANS,
    FONT_FALLBACK_SERIF,
    LINE_PITCH_PT,
    TITLE_PT,
    TYPE_WIDTH_MM,
    clean_text,
)
from gongkai.officialdoc.pdf import PAGE_CSS

from ..model import Report
from .layout import TABLE_PITCH_PT, TABLE_SIZE_PT, Grid, GridCell, Layout, build_layout

# Only Debian's Noto fonts are named (as officialdoc does, and for the same reason: an absent
# 仿宋_GB2312 makes fontconfig substitute a Latin font for digits in the PDF). A browser with
# the real 公文 fonts still shows Noto: the preview must look like the PDF.
_SERIF = f'"{FONT_FALLBACK_SERIF}", "Source Han Serif SC", "Songti SC", SimSun, serif'
_SANS = f'"{FONT_FALLBACK_SANS}", "Source Han Sans SC", SimHei, sans-serif'

# Every selector sits under .annual-report so that a page embedding the fragment keeps its
# own look everywhere else. Class names avoid the words the HTML reader takes for site
# chrome (head, top, foot, nav …): our own output must read back in full.
STYLESHEET = f"""
.annual-report {{ font-family: {_SERIF}; font-size: {BODY_PT}pt; line-height: {LINE_PITCH_PT}pt;
  color: #000; text-align: justify; overflow-wrap: anywhere; max-width: {TYPE_WIDTH_MM}mm; }}
.annual-report h1, .annual-report h2, .annual-report p {{ margin: 0; font-size: {BODY_PT}pt;
  font-weight: normal; }}
.annual-report h1.report-title {{ font-family: {_SERIF}; font-size: {TITLE_PT}pt;
  font-weight: bold; line-height: {LINE_PITCH_PT * 1.2:.2f}pt; text-align: center;
  margin-bottom: {LINE_PITCH_PT}pt; }}
.annual-report h2 {{ font-family: {_SANS}; text-indent: 2em; break-after: avoid; }}
.annual-report p {{ text-indent: 2em; }}
.annual-report table {{ border-collapse: collapse; width: 100%; table-layout: fixed;
  margin: 0 0 {LINE_PITCH_PT}pt 0; font-size: {TABLE_SIZE_PT}pt; line-height: {TABLE_PITCH_PT}pt;
  text-align: center; }}
.annual-report th, .annual-report td {{ border: 0.5pt solid #000; padding: 1pt 2pt;
  vertical-align: middle; font-weight: normal; overflow-wrap: anywhere; }}
.annual-report thead th {{ font-weight: bold; }}
.annual-report .left {{ text-align: left; }}
@media screen {{
  /* For screen readers only: the official form has no caption. */
  .annual-report caption {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap; }}
}}
.annual-report .signature {{ margin-top: {LINE_PITCH_PT}pt; text-align: right;
  break-inside: avoid; }}
.annual-report .signature p {{ text-indent: 0; padding-right: 2em; }}
@media print {{
  .annual-report {{ max-width: none; }}
  .annual-report caption {{ display: none; }}
  .annual-report thead {{ display: table-header-group; }}
  .annual-report tr {{ break-inside: avoid; }}
  /* Each table fits on a page: never split one (a lone row of 表二 on the next page reads
     as another table, and a merged label cut in two is read back in pieces). Should a
     table still not fit, it runs on with its header rows repeated. */
  .annual-report table {{ break-inside: avoid; }}
}}
"""


def _esc(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


def _cell_html(cell: GridCell) -> str:
    attrs = ""
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.align == "left":
        attrs += ' class="left"'
    text = _esc(cell.text)
    if cell.kind == "value" or cell.kind == "note":
        return f"<td{attrs}>{text}</td>"
    # A column header, or a 第二十条 block title over the whole width (colgroup).
    scope = "row" if cell.kind == "row" else "col" if cell.colspan == 1 else "colgroup"
    return f'<th scope="{scope}"{attrs}>{text}</th>'


def grid_html(grid: Grid) -> str:
    total = sum(grid.widths)
    cols = "".join(f'<col style="width:{w / total * 100:.3f}%">' for w in grid.widths)
    rows = ["<tr>" + "".join(_cell_html(c) for c in row) + "</tr>" for row in grid.rows]
    thead = f"<thead>{''.join(rows[: grid.header_rows])}</thead>" if grid.header_rows else ""
    return (
        f'<table class="report-table {grid.key}"><caption>{_esc(grid.caption)}</caption>'
        f"<colgroup>{cols}</colgroup>{thead}<tbody>{''.join(rows[grid.header_rows :])}</tbody>"
        "</table>"
    )


def article_html(layout: Layout) -> str:
    parts = [
        f'<article class="annual-report" lang="zh-CN" data-format="{layout.format}">',
        f'<h1 class="report-title">{"<br>".join(_esc(t) for t in layout.title_lines)}</h1>',
    ]
    parts.extend(f"<p>{_esc(p)}</p>" for p in layout.preface)
    for section in layout.sections:
        parts.append(f'<section class="report-section" id="report-{section.key}">')
        parts.append(f"<h2>{_esc(section.heading)}</h2>")
        parts.extend(f"<p>{_esc(p)}</p>" for p in section.paragraphs)
        if section.table is not None:
            parts.append(grid_html(section.table))
        parts.append("</section>")
    if layout.signature:
        agency, date = layout.signature
        parts.append('<div class="signature">')
        if agency:
            parts.append(f"<p>{_esc(agency)}</p>")
        parts.append(f"<p>{_esc(date)}</p></div>")
    parts.append("</article>")
    return "".join(parts)


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The report in the official layout as HTML.

    ``standalone=True``: a complete page (A4 print CSS, page numbers when printed or turned
    into PDF). ``standalone=False``: the ``<article class="annual-report">`` alone, to embed
    in a page that includes :data:`STYLESHEET`.
    """
    layout = build_layout(report)
    article = article_html(layout)
    if not standalone:
        return article
    author = _esc(report.agency or "")
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(layout.title)}</title>"
        f'<meta name="author" content="{author}">'
        f"<style>{PAGE_CSS}{STYLESHEET}"
        "body { margin: 0; } @media screen { body { padding: 2em; } }"
        f"</style></head><body>{article}</body></html>"
    )
