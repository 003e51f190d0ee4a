"""The Word file: read back with python-docx and checked against the 公文 layout."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from gongkai.officialdoc import Document, render_docx
from gongkai.officialdoc.layout import signature_right_indents, text_width_em


def _read(doc: Document) -> tuple[docx.document.Document, dict[str, str]]:
    data = render_docx(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    return docx.Document(io.BytesIO(data)), parts


def test_text_reads_back_in_order(letter: Document) -> None:
    read, _ = _read(letter)
    texts = [p.text for p in read.paragraphs]
    assert texts[0] == letter.title
    assert texts[1] == letter.doc_number
    assert texts[2] == letter.addressee
    assert texts[3 : 3 + len(letter.body)] == [b.text for b in letter.body]
    assert texts[-3:] == ["某某县某某镇人民政府", "2026年11月22日", "抄送：某某县人民政府办公室。"]


def test_page_and_margins_are_gbt_9704(letter: Document) -> None:
    section = _read(letter)[0].sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    got = [
        section.top_margin.mm,
        section.bottom_margin.mm,
        section.left_margin.mm,
        section.right_margin.mm,
    ]
    assert got == pytest.approx([37, 35, 28, 26], abs=0.01)


def test_fonts_named_for_word_with_free_fallbacks(letter: Document) -> None:
    read, parts = _read(letter)
    body = parts["word/document.xml"]
    assert 'w:eastAsia="方正小标宋简体"' in body  # the title
    assert 'w:eastAsia="仿宋_GB2312"' in body
    assert "eastAsiaTheme" not in parts["word/styles.xml"]  # theme fonts would win
    fonts = parts["word/fontTable.xml"]
    assert 'w:name="仿宋_GB2312"' in fonts and '<w:altName w:val="Noto Serif CJK SC"/>' in fonts
    title_run = read.paragraphs[0].runs[0]
    assert title_run.font.size == Pt(22)
    assert read.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_is_sanhao_with_two_character_indent_and_fixed_pitch(letter: Document) -> None:
    read, parts = _read(letter)
    body = read.paragraphs[3]
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert 'w:firstLineChars="200"' in parts["word/document.xml"]
    addressee = read.paragraphs[2]
    assert not addressee.paragraph_format.first_line_indent


def test_page_numbers_are_page_fields_between_dashes_odd_right_even_left(letter: Document) -> None:
    read, parts = _read(letter)
    section = read.sections[0]
    assert read.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and even.text == "— 1 —"
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    footers = "".join(v for k, v in parts.items() if k.startswith("word/footer"))
    assert footers.count(" PAGE </w:instrText>") == 2
    assert 'w:fldCharType="begin"' in footers and 'w:fldCharType="end"' in footers


def test_signature_centres_agency_over_date_four_characters_in(letter: Document) -> None:
    read, _ = _read(letter)
    agency, date = read.paragraphs[-3], read.paragraphs[-2]
    assert agency.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == pytest.approx(
        16 * (4 + text_width_em("2026年11月22日") / 2 - text_width_em("2026年11月22日") / 2)
    )
    a_in, d_in = signature_right_indents(agency.text, date.text)
    assert a_in + text_width_em(agency.text) / 2 == pytest.approx(
        d_in + text_width_em(date.text) / 2
    )
    assert d_in == 4


def test_long_agency_goes_flush_right_instead_of_into_the_margin() -> None:
    a_in, d_in = signature_right_indents(
        "某某省某某市某某县人民政府办公室政务公开科", "2026年1月5日"
    )
    assert a_in == 0 and d_in > 0


def test_headings_and_table_with_spans(report_like: Document) -> None:
    read, parts = _read(report_like)
    xml = parts["word/document.xml"]
    assert 'w:eastAsia="黑体"' in xml and 'w:eastAsia="楷体_GB2312"' in xml
    (table,) = read.tables
    assert len(table.rows) == 3 and len(table.columns) == 3
    assert table.rows[0].cells[0].text == "信息内容" and table.rows[1].cells[0].text == "信息内容"
    assert table.rows[0].cells[1].text == table.rows[0].cells[2].text == "本年制发件数"
    assert [c.text for c in table.rows[2].cells] == ["规章", "0", "1"]
    assert xml.count("<w:tblHeader/>") == 2
    assert 'w:vMerge w:val="restart"' in xml and 'w:gridSpan w:val="2"' in xml


def test_title_author_and_subject_in_the_file_properties(letter: Document) -> None:
    from dataclasses import replace

    read, _ = _read(replace(letter, metadata={"subject": "部分公开"}))
    props = read.core_properties
    assert (props.title, props.author, props.subject) == (
        letter.title,
        "某某县某某镇人民政府",
        "部分公开",
    )
