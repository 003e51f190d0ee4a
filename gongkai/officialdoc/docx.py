"""A ``Document`` as a Word file in 公文 layout (python-docx).

Word users in government offices have the 公文 fonts (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312), so the runs name them in ``w:eastAsia``; python-docx has no API for the
East-Asian font, hence the few lines of XML below. Each name is also entered in the font
table with ``w:altName`` = the free Noto CJK font (Debian ``fonts-noto-cjk``), which
LibreOffice and WPS use when the real font is missing, and with charset 86 (GB2312) so Word
substitutes a Chinese serif rather than a Latin one.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.parfmt import CT_PPr
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from gongkai.officialdoc.layout import (
    BODY_PT,
    CC_PT,
    FALLBACKS,
    FONT_BODY,
    FONT_HEADING1,
    FONT_HEADING2,
    FONT_LATIN,
    FONT_TITLE,
    LINE_PITCH_PT,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_HEIGHT_MM,
    PAGE_NUMBER_GAP_MM,
    PAGE_NUMBER_PT,
    PAGE_WIDTH_MM,
    TITLE_PT,
    TYPE_WIDTH_MM,
    Document,
    Heading,
    Paragraph,
    Table,
    clean_text,
    column_fractions,
    place_cells,
    signature_right_indents,
)

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_PT_PER_MM = 72 / 25.4


# The schema order of w:pPr children (ECMA-376 CT_PPrBase); python-docx keeps its copy private.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _ppr_add(ppr: CT_PPr, element: object) -> None:
    """Insert a ``w:pPr`` child at its schema position: Word rejects out-of-order ones."""
    seq = _PPR_ORDER
    name = "w:" + element.tag.split("}")[1]  # type: ignore[attr-defined]
    ppr.insert_element_before(element, *seq[seq.index(name) + 1 :])


def _set_fonts(run_or_style_rpr: object, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Name the fonts explicitly on a ``w:rPr``. Theme attributes are removed because Word
    lets ``w:eastAsiaTheme`` win over ``w:eastAsia`` on the same element."""
    rpr = run_or_style_rpr
    rfonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def _run(
    paragraph: DocxParagraph,
    text: str,
    *,
    font: str = FONT_BODY,
    size: float = BODY_PT,
    bold: bool = False,
) -> None:
    run = paragraph.add_run(clean_text(text))
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    _set_fonts(run._r.get_or_add_rPr(), font)


def _format(
    paragraph: DocxParagraph,
    *,
    align: str = "justify",
    first_line_chars: int = 0,
    pitch: float = LINE_PITCH_PT,
    size: float = BODY_PT,
    right_indent_pt: float = 0.0,
    left_indent_pt: float = 0.0,
    space_before: float = 0.0,
    space_after: float = 0.0,
) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pitch)
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    # Word's snap-to-grid would otherwise stretch lines to the document grid.
    ppr = paragraph._p.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    _ppr_add(ppr, snap)
    if right_indent_pt:
        fmt.right_indent = Pt(right_indent_pt)
    if left_indent_pt:
        fmt.left_indent = Pt(left_indent_pt)
    if first_line_chars:
        fmt.first_line_indent = Pt(first_line_chars * size)
        # firstLineChars keeps the indent at two characters if someone changes the size.
        ind = ppr.find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))


def _add_paragraph(container: object, text: str = "", **fmt: object) -> DocxParagraph:
    p = container.add_paragraph()  # type: ignore[attr-defined]
    _format(p, **fmt)  # type: ignore[arg-type]
    return p


def _page_number(paragraph: DocxParagraph) -> None:
    """``— PAGE —`` with a real PAGE field (cached value 1 for readers that don't update)."""
    _run(paragraph, "— ", font=FONT_BODY, size=PAGE_NUMBER_PT)
    for kind, text in (
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        run.font.size = Pt(PAGE_NUMBER_PT)
        _set_fonts(run._r.get_or_add_rPr(), FONT_BODY)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text or ""
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
    _run(paragraph, " —", font=FONT_BODY, size=PAGE_NUMBER_PT)


def _register_fonts(doc: object) -> None:
    """Add the 公文 fonts to the font table with their free fallbacks as ``w:altName``."""
    part = doc.part.part_related_by(RT.FONT_TABLE)  # type: ignore[attr-defined]
    root = parse_xml(part.blob)
    for name, alt in FALLBACKS.items():
        font = parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
            '<w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
        )
        root.append(font)
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _defaults(doc: object) -> None:
    styles = doc.styles.element  # type: ignore[attr-defined]
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FONT_BODY)
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(int(BODY_PT * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = (
        styles.find(qn("w:docDefaults"))
        .find(qn("w:pPrDefault"))
        .find(qn("w:pPr"))
        .find(qn("w:spacing"))
    )
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(LINE_PITCH_PT * 20)))
    spacing.set(qn("w:lineRule"), "exact")
    # Theme fonts in any style (headings, footer, table styles) would beat the named fonts.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
    normal = doc.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), FONT_BODY)


def _page_setup(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.gutter = Mm(0)
    section.header_distance = Mm(15)
    # Word measures the footer from the page's bottom edge to the footer's bottom; the
    # number's top must be 7 mm below the type area, so subtract one footer line.
    section.footer_distance = Mm(
        MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM - PAGE_NUMBER_PT / _PT_PER_MM
    )
    # GB/T 9704 §7.5: odd pages right, even pages left, one character from the edge.
    doc.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        indent = (
            {"right_indent_pt": PAGE_NUMBER_PT}
            if align == "right"
            else {"left_indent_pt": PAGE_NUMBER_PT}
        )
        _format(p, align=align, pitch=PAGE_NUMBER_PT * 1.3, size=PAGE_NUMBER_PT, **indent)
        _page_number(p)


def _table(doc: object, table: Table) -> None:
    placed, ncols = place_cells(table)
    nrows = len(table.rows)
    t: DocxTable = doc.add_table(rows=nrows, cols=ncols)  # type: ignore[attr-defined]
    t.style = doc.styles["Table Grid"]  # type: ignore[attr-defined]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Mm(TYPE_WIDTH_MM * f) for f in column_fractions(table, ncols)]
    # Cached row.cells: table.cell() walks the whole grid each call (849 ms vs 20 ms on
    # the annual report's 280 cells, DEPENDENCIES.md).
    grid = [row.cells for row in t.rows]
    for row in grid:
        for c, cell in enumerate(row):
            cell.width = widths[c]
    for r in range(min(table.header_rows, nrows)):
        trpr = t.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        trpr.append(header)
    for pc in placed:
        target = grid[pc.row][pc.col]
        if pc.cell.rowspan > 1 or pc.cell.colspan > 1:
            target = target.merge(grid[pc.row + pc.cell.rowspan - 1][pc.col + pc.cell.colspan - 1])
        p = target.paragraphs[0]
        _format(p, align=pc.cell.align, pitch=table.pitch_pt, size=table.size_pt)
        _run(p, pc.cell.text, size=table.size_pt, bold=pc.row < table.header_rows)
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if table.keep_together:
        # Word keeps a table on one page when every paragraph but the last row's is kept
        # with the next one; cantSplit stops a row from breaking if it still must run on.
        for tr in t._tbl.tr_lst:
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for tr in t._tbl.tr_lst[:-1]:
            for p in tr.iter(qn("w:p")):
                DocxParagraph(p, t).paragraph_format.keep_with_next = True
    # A blank line after a table, as offices do, so following text does not touch it.
    _add_paragraph(doc, pitch=LINE_PITCH_PT)


def render_docx(doc: Document) -> bytes:
    """The document as .docx bytes, A4 in 公文 layout."""
    out = new_docx()
    _defaults(out)
    _register_fonts(out)
    _page_setup(out)
    body = out.paragraphs[0]._p if out.paragraphs else None
    if body is not None:  # the default template starts with one empty paragraph
        body.getparent().remove(body)

    head_after = LINE_PITCH_PT  # 空一行 between the title (and 文号) and the addressee
    p = _add_paragraph(out, align="center", space_after=0 if doc.doc_number else head_after)
    for i, line in enumerate(doc.printed_title):
        if i:
            p.runs[-1].add_break()  # a line break, not a new paragraph: one title
        _run(p, line, font=FONT_TITLE, size=TITLE_PT)
    if doc.doc_number:
        p = _add_paragraph(out, align="center", space_after=head_after)
        _run(p, doc.doc_number)
    if doc.addressee:
        _run(_add_paragraph(out, align="left"), doc.addressee)
    for block in doc.body:
        if isinstance(block, Paragraph):
            p = _add_paragraph(
                out,
                align="justify" if block.align == "left" else block.align,
                first_line_chars=2 if block.indent else 0,
            )
            _run(p, block.text)
        elif isinstance(block, Heading):
            font = {1: FONT_HEADING1, 2: FONT_HEADING2, 3: FONT_BODY}[block.level]
            p = _add_paragraph(out, first_line_chars=2)
            _run(p, block.text, font=font, bold=block.level == 3)
        else:
            _table(out, block)
    if doc.signature:
        agency_in, date_in = signature_right_indents(doc.signature.agency, doc.signature.date_text)
        p = _add_paragraph(
            out, align="right", right_indent_pt=agency_in * BODY_PT, space_before=LINE_PITCH_PT
        )
        p.paragraph_format.keep_with_next = True
        _run(p, doc.signature.agency)
        p = _add_paragraph(out, align="right", right_indent_pt=date_in * BODY_PT)
        _run(p, doc.signature.date_text)
    for note in doc.notes:
        _run(_add_paragraph(out, first_line_chars=2), note)
    if doc.cc:
        p = _add_paragraph(
            out,
            align="justify",
            size=CC_PT,
            left_indent_pt=CC_PT,
            right_indent_pt=CC_PT,
            space_before=LINE_PITCH_PT,
        )
        _ppr_add(
            p._p.get_or_add_pPr(),
            parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
                '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="000000"/></w:pBdr>'
            ),
        )
        cc = doc.cc.rstrip("。")
        _run(p, f"抄送：{cc}。", size=CC_PT)

    props = out.core_properties
    props.title = clean_text(doc.title)[:250]
    props.author = clean_text(doc.signature.agency if doc.signature else "")[:250]
    props.subject = clean_text(doc.metadata.get("subject", ""))[:250]
    props.keywords = clean_text(doc.metadata.get("keywords", ""))[:250]
    props.comments = ""
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
