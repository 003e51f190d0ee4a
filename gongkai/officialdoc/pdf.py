"""A ``Document`` as PDF in 公文 layout, through HTML + CSS and WeasyPrint.

System requirements (Debian 12):

- ``fonts-noto-cjk`` — Noto Serif CJK SC (body and title) and Noto Sans CJK SC (黑体
  headings). Without it every Chinese character is a tofu box. Debian has no complete free
  仿宋 or 小标宋, so the PDF uses Noto Serif CJK SC throughout (bold for the title).
- ``libpango-1.0-0``, ``libpangoft2-1.0-0``, ``libharfbuzz0b`` — WeasyPrint's text layout.
- ``libharfbuzz-subset0`` — font subsetting in C. Nothing pulls it in automatically, and
  without it WeasyPrint falls back to fontTools, which is many times slower on CJK fonts
  (see ``bench_pdf_seconds`` in the tests). Full fonts are never embedded: a subset keeps
  a one-page letter around 100 KB instead of 20–40 MB.

``render_pdf`` never touches the network or the file system for resources: the HTML is
built here with every string escaped, and the URL fetcher refuses everything but ``data:``.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from gongkai.officialdoc.layout import (
    BODY_PT,
    CC_PT,
    FONT_FALLBACK_SANS,
    FONT_FALLBACK_SERIF,
    LINE_PITCH_PT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_NUMBER_GAP_MM,
    PAGE_NUMBER_PT,
    TABLE_LINE_PITCH_PT,
    TABLE_PT,
    TITLE_PT,
    Document,
    Heading,
    Paragraph,
    Table,
    clean_text,
    column_fractions,
    place_cells,
    signature_right_indents,
)

DEBIAN_PACKAGES = ("fonts-noto-cjk", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are missing; the message says what to
    install, in Chinese and English, because it may reach a clerk or an operator."""


def _esc(text: str) -> str:
    return html.escape(clean_text(text), quote=True)


# Only Debian's Noto fonts are named: naming a font that is absent (仿宋_GB2312) makes
# fontconfig substitute its default, which may be a Latin sans for digits.
_SERIF = f'"{FONT_FALLBACK_SERIF}", serif'
_SANS = f'"{FONT_FALLBACK_SANS}", "{FONT_FALLBACK_SERIF}", sans-serif'

# The page: A4, 公文 margins, "— 1 —" page numbers (odd pages right, even pages left).
# Public because the annual report (gongkai.annualreport.render) prints on the same page.
PAGE_CSS = f"""
@page {{
  size: A4;
  margin: {MARGIN_TOP_MM}mm {MARGIN_RIGHT_MM}mm {MARGIN_BOTTOM_MM}mm {MARGIN_LEFT_MM}mm;
}}
@page :right {{
  @bottom-right {{
    content: "— " counter(page) " —";
    font-family: {_SERIF}; font-size: {PAGE_NUMBER_PT}pt; line-height: 1.2;
    vertical-align: top; padding-top: {PAGE_NUMBER_GAP_MM}mm; padding-right: 1em;
  }}
}}
@page :left {{
  @bottom-left {{
    content: "— " counter(page) " —";
    font-family: {_SERIF}; font-size: {PAGE_NUMBER_PT}pt; line-height: 1.2;
    vertical-align: top; padding-top: {PAGE_NUMBER_GAP_MM}mm; padding-left: 1em;
  }}
}}
"""

CSS = (
    PAGE_CSS
    + f"""
html {{ font-family: {_SERIF}; font-size: {BODY_PT}pt; line-height: {LINE_PITCH_PT}pt; }}
body {{ margin: 0; text-align: justify; overflow-wrap: anywhere; }}
p, h1, h2 {{ margin: 0; font-size: {BODY_PT}pt; font-weight: normal; }}
h1.title {{ font-size: {TITLE_PT}pt; font-weight: bold; text-align: center; }}
p.docno {{ text-align: center; }}
.head-end {{ margin-bottom: {LINE_PITCH_PT}pt; }}
p.indent, h2 {{ text-indent: 2em; }}
p.center {{ text-align: center; }}
p.right {{ text-align: right; }}
h2.level1 {{ font-family: {_SANS}; }}
h2.level3 {{ font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: {LINE_PITCH_PT}pt;
  font-size: {TABLE_PT}pt; line-height: {TABLE_LINE_PITCH_PT}pt; table-layout: fixed; }}
td, th {{ border: 0.5pt solid #000; padding: 1pt 3pt; vertical-align: middle; }}
th {{ font-weight: bold; }}
.signature {{ margin-top: {LINE_PITCH_PT}pt; text-align: right; break-inside: avoid; }}
p.note {{ text-indent: 2em; }}
p.cc {{ margin-top: {LINE_PITCH_PT}pt; font-size: {CC_PT}pt; padding: 0.2em 1em;
  border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; }}
"""
)


def _table_html(table: Table) -> str:
    placed, ncols = place_cells(table)
    cols = "".join(f'<col style="width:{f * 100:.3f}%">' for f in column_fractions(table, ncols))
    rows: list[list[str]] = [[] for _ in table.rows]
    for pc in placed:
        tag = "th" if pc.row < table.header_rows else "td"
        span = ""
        if pc.cell.colspan > 1:
            span += f' colspan="{pc.cell.colspan}"'
        if pc.cell.rowspan > 1:
            span += f' rowspan="{pc.cell.rowspan}"'
        rows[pc.row].append(
            f'<{tag}{span} style="text-align:{pc.cell.align}">{_esc(pc.cell.text)}</{tag}>'
        )
    head = "".join(f"<tr>{''.join(r)}</tr>" for r in rows[: table.header_rows])
    body = "".join(f"<tr>{''.join(r)}</tr>" for r in rows[table.header_rows :])
    size = ""
    if (table.size_pt, table.pitch_pt) != (TABLE_PT, TABLE_LINE_PITCH_PT):
        size = f' style="font-size:{table.size_pt}pt;line-height:{table.pitch_pt}pt"'
    return (
        f"<table{size}><colgroup>{cols}</colgroup>"
        + (f"<thead>{head}</thead>" if head else "")
        + f"<tbody>{body}</tbody></table>"
    )


def document_html(doc: Document) -> str:
    """The document as one self-contained HTML page (also usable as a browser preview)."""
    parts: list[str] = []
    head_end = ' head-end"' if not doc.doc_number else '"'
    title = "<br>".join(_esc(line) for line in doc.printed_title)
    parts.append(f'<h1 class="title{head_end}>{title}</h1>')
    if doc.doc_number:
        parts.append(f'<p class="docno head-end">{_esc(doc.doc_number)}</p>')
    if doc.addressee:
        parts.append(f'<p class="addressee">{_esc(doc.addressee)}</p>')
    for block in doc.body:
        if isinstance(block, Paragraph):
            cls = "indent" if block.indent else block.align
            parts.append(f'<p class="{cls}">{_esc(block.text)}</p>')
        elif isinstance(block, Heading):
            parts.append(f'<h2 class="level{block.level}">{_esc(block.text)}</h2>')
        else:
            parts.append(_table_html(block))
    if doc.signature:
        agency_in, date_in = signature_right_indents(doc.signature.agency, doc.signature.date_text)
        parts.append(
            '<div class="signature">'
            f'<p style="padding-right:{agency_in:.3f}em">{_esc(doc.signature.agency)}</p>'
            f'<p style="padding-right:{date_in:.3f}em">{_esc(doc.signature.date_text)}</p>'
            "</div>"
        )
    for note in doc.notes:
        parts.append(f'<p class="note">{_esc(note)}</p>')
    if doc.cc:
        parts.append(f'<p class="cc">抄送：{_esc(doc.cc.rstrip("。"))}。</p>')
    author = _esc(doc.signature.agency) if doc.signature else ""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_esc(doc.title)}</title>"
        f'<meta name="author" content="{author}">'
        # WeasyPrint writes description and keywords into the PDF's Subject and Keywords.
        f'<meta name="description" content="{_esc(doc.metadata.get("subject", ""))}">'
        f'<meta name="keywords" content="{_esc(doc.metadata.get("keywords", ""))}">'
        f"<style>{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


@cache
def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: a system library failed to load
        raise PdfUnavailable(
            "无法生成 PDF：缺少 WeasyPrint 或其依赖的系统库。"
            f"请安装 Python 包 weasyprint 和 Debian 软件包 {' '.join(DEBIAN_PACKAGES)}。"
            f" / PDF output needs the weasyprint package and Debian packages "
            f"{' '.join(DEBIAN_PACKAGES)} ({error})"
        ) from error
    return weasyprint


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc, valid-type]
        """Refuses every URL but ``data:``: a letter must never make the server fetch
        anything, whatever text a user managed to put into it."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                raise ValueError(
                    f"refused to fetch {url[:100]!r}: letters use no external resources"
                )
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def url_fetcher() -> Any:
    """The fetcher ``render_pdf`` passes to WeasyPrint (exposed for tests)."""
    _weasyprint()
    return _fetcher_class()()


def html_to_pdf(page_html: str) -> bytes:
    """Self-contained HTML (built with every string escaped) as PDF bytes: fonts subset and
    embedded, no resource fetched but ``data:``. Shared with the annual report renderer so
    both get the same safety and speed settings."""
    weasyprint = _weasyprint()
    page = weasyprint.HTML(string=page_html, url_fetcher=url_fetcher())
    return page.write_pdf(full_fonts=False, uncompressed_pdf=False)


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes: A4, 公文 margins, Noto CJK fonts subset and embedded."""
    return html_to_pdf(document_html(doc))
