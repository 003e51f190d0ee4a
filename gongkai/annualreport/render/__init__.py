"""An annual report (:class:`~gongkai.annualreport.model.Report`) in the official national
layout, as HTML, DOCX and PDF. Plain Python: the web app, the CLI and the benchmarks call it.

    render_html(report, standalone=True) -> str     # a page; standalone=False: the <article>
    render_docx(report) -> bytes
    render_pdf(report) -> bytes                     # WeasyPrint on render_html's page

Layout decisions (one place, :mod:`.layout`, so the three outputs cannot disagree):

* Title: ``report.title``, or ``<agency><year>年政府信息公开工作年度报告``; then the preface.
* The six section headings are the official ones of ``formats.SECTIONS`` whatever the
  source wrote. A report built from scratch gets all six; a parsed report keeps exactly the
  sections it had, so a clean copy never hides a missing section from the checker.
* A section's text (``report.texts[key]``, plain text, always escaped, never HTML) is split
  into paragraphs at line breaks; its table (二 in section 二, 三 in 三, 四 in 四) comes
  *after* the text, as the customary "情况见下表" followed by the table.
* Tables follow the format of the report (``report.format``, else from the year: v2019 for
  2019/2020, v2021 after) with the merged header cells of the blank official template,
  cell for cell. A blank cell (``None``) prints blank, never 0; decimals print as written
  (2.35), never in exponent form.
* Fonts: the DOCX names the 公文 fonts (方正小标宋简体 title, 黑体 headings, 仿宋_GB2312 body)
  with Noto CJK fallbacks, as officialdoc does; HTML and PDF use Noto Serif/Sans CJK SC
  (Debian fonts-noto-cjk), because Debian has no complete free 仿宋.
* Page: A4 with GB/T 9704 margins, ``— 1 —`` page numbers (PDF via @page, DOCX in the
  footer). The title goes over two lines, agency then ``2026年政府信息公开工作年度报告``.
* Tables are set in 五号 (10.5 pt) so that 表三 fits on one page; in print (PDF) no table is
  split across pages — a merged label cut in two would not read back — and a table too long
  for a page anyway repeats its header rows.
* The HTML fragment carries a screen-reader caption per table and ``<th scope>``; in print
  (and so in the PDF) the caption is not shown — the official form has none.
* A dated report ends with the agency and date on the right; a parsed report's own closing
  lines are taken out of section 六 so re-rendering does not print them twice.
"""

from .docx import render_docx
from .html import STYLESHEET, render_html
from .layout import Layout, build_layout
from .pdf import PdfUnavailable, render_pdf

__all__ = [
    "STYLESHEET",
    "Layout",
    "PdfUnavailable",
    "build_layout",
    "render_docx",
    "render_html",
    "render_pdf",
]
