"""The PDF reader: PDFs drawn at test time (tests/annualreport/pdf_fixtures.py), and the
real 淮安市 2024 report from ../shared when it is there."""

from __future__ import annotations

import importlib
import json
import random
import sys
from pathlib import Path

import pytest

from gongkai.annualreport.document import Paragraph, ReadError, TableBlock
from gongkai.annualreport.formats import FORMATS, TABLE3_COLUMNS, V2021
from gongkai.annualreport.normalize import CellKind, label_key, parse_cell, split_enumerator
from gongkai.annualreport.readers import pdf as pdf_reader
from gongkai.annualreport.readers import read_bytes
from gongkai.annualreport.readers.pdf import read_pdf

# The fixture builder sits beside the test directories, not in a package.
_HERE = Path(__file__).resolve()
if str(_HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(_HERE.parents[1]))
fx = importlib.import_module("pdf_fixtures")

SHARED = _HERE.parents[3] / ".." / "shared"
REAL_PDF = SHARED / "realdata" / "szfgs2024.pdf"


def _n(*values: int) -> list[str]:
    return [str(v) for v in values]


TABLE3_HEADER = [
    [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
        "",
        "",
    ],
    ["", "", "", "自然人", "商业企业", "总计"],
]
TABLE3_PAGE1 = [
    ["一、本年新收政府信息公开申请数量", "", "", *_n(10, 2, 12)],
    ["二、上年结转政府信息公开申请数量", "", "", *_n(1, 0, 1)],
    ["三、本年度办理结果", "（一）予以公开", "", *_n(5, 1, 6)],
    ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", *_n(2, 0, 2)],
    ["", "（三）不予公开", "1.属于国家秘密", *_n(0, 0, 0)],
    ["", "", "2.其他法律行政法规禁止公开", *_n(1, 0, 1)],
]
TABLE3_PAGE2 = [
    ["", "（四）无法提供", "1.本机关不掌握相关政府信息", *_n(3, 1, 4)],
    ["", "", "2.没有现成信息需要另行制作", *_n(0, 0, 0)],
    ["", "（七）总计", "", *_n(9, 3, 12)],
    ["四、结转下年度继续办理", "", "", *_n(2, 0, 2)],
]


def _read(data: bytes, source: str = "report.pdf"):
    return read_pdf(data, source)


# ---------------------------------------------------------------------------------------
# Ruled tables


def test_a_table_broken_across_two_pages_is_two_tables_that_keep_every_row() -> None:
    doc = _read(fx.table3_split_pdf())
    assert doc.kind == "pdf"
    assert doc.pages == 2
    assert doc.problems == []
    assert doc.blocks == [
        Paragraph("三、收到和处理政府信息公开申请情况"),
        TableBlock(TABLE3_HEADER + TABLE3_PAGE1, origin="第 1 页"),
        TableBlock(TABLE3_PAGE2, origin="第 2 页"),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
    ]


def test_a_header_repeated_on_the_continuation_page_is_kept_with_it() -> None:
    doc = _read(fx.table3_split_pdf(repeat_header=True))
    assert [t.rows for t in doc.tables] == [
        TABLE3_HEADER + TABLE3_PAGE1,
        TABLE3_HEADER + TABLE3_PAGE2,
    ]


def test_a_label_printed_one_character_per_line_in_a_tall_merged_cell_is_one_cell() -> None:
    rows = _read(fx.table3_split_pdf()).tables[0].rows
    assert rows[4][0] == "三、本年度办理结果"
    # The merged cell covers the rows below it, which stay empty in its column.
    assert [row[0] for row in rows[5:]] == ["", "", ""]


def test_header_words_wrapped_mid_word_are_joined_without_a_space() -> None:
    tables = _read(fx.review_table_pdf()).tables
    assert tables[0].rows == [
        ["行政复议", "", "", "", ""],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        _n(3, 1, 0, 0, 4),
    ]


def test_a_line_break_inside_a_cell_between_latin_words_is_a_space() -> None:
    tables = _read(fx.review_table_pdf()).tables
    assert tables[1].rows == [["单位", "附件"], ["淮安市人民政府", "PDF version 2"]]


def test_text_inside_a_table_does_not_come_back_as_paragraphs() -> None:
    doc = _read(fx.table3_split_pdf())
    text = doc.text()
    for fragment in ("本年新收", "予以公开", "自然人", "勾稽关系", "本\n年"):
        assert fragment not in text


def test_table_rules_read_from_pdfium_alone_give_the_same_grid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without a CJK system font PDFium drops lone Chinese glyphs and the page is read again
    # with pdfminer; the grid itself must not depend on which of the two read the page.
    monkeypatch.setattr(pdf_reader, "_reread_skipped_text", lambda data, pages: None)
    tables = _read(fx.table3_split_pdf()).tables
    assert [len(t.rows) for t in tables] == [8, 4]
    assert [row[3:] for row in tables[0].rows[2:]] == [row[3:] for row in TABLE3_PAGE1]
    assert [row[2:] for row in tables[1].rows] == [row[2:] for row in TABLE3_PAGE2]


def test_a_table_drawn_inside_a_form_object_is_found_where_the_form_is_placed() -> None:
    doc = _read(fx.form_table_pdf())
    assert doc.blocks == [
        Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        TableBlock([["行政复议", "", ""], ["结果维持", "总计", "7"]], origin="第 1 页"),
    ]


def test_a_landscape_page_stored_with_rotate_90_reads_upright() -> None:
    doc = _read(fx.rotated_pdf())
    assert doc.blocks == [
        Paragraph("附表 1：2024 年行政复议情况"),
        TableBlock([["2024 年复议", ""], ["维持 1 件", "纠正 0 件"], ["5", "5"]], origin="第 1 页"),
    ]


def test_a_paragraph_framed_line_by_line_is_text_and_not_a_one_column_table() -> None:
    doc = _read(fx.framed_paragraph_pdf())
    assert doc.tables == []
    assert [p.text for p in doc.paragraphs] == [fx.HEADING_1, fx.PARA_1]


def test_a_table_without_ruling_lines_still_gives_rows_of_figures_by_alignment() -> None:
    doc = _read(fx.unruled_table_pdf())
    assert doc.blocks == [
        Paragraph(fx.HEADING_2),
        Paragraph("第二十条第（一）项"),
        TableBlock(fx.UNRULED_ROWS, origin="第 1 页"),
        Paragraph("三、收到和处理政府信息公开申请情况"),
    ]


# ---------------------------------------------------------------------------------------
# Running text


@pytest.mark.parametrize("footer", ["- {n} -", "第 {n} 页", "第 {n} 页 共 2 页"])
def test_wrapped_lines_become_paragraphs_again_even_across_a_page_break(footer: str) -> None:
    data, paragraphs = fx.paragraphs_pdf(footer)
    doc = _read(data)
    assert doc.tables == []
    assert [p.text for p in doc.paragraphs] == paragraphs


def test_page_numbers_and_the_running_header_are_dropped() -> None:
    data, _ = fx.paragraphs_pdf()
    text = _read(data).text()
    assert fx.RUNNING_HEADER not in text
    assert "- 1 -" not in text
    assert "- 2 -" not in text


def test_a_line_break_next_to_full_width_punctuation_or_between_chinese_adds_no_space() -> None:
    join = pdf_reader._join
    assert join("邮编：", "223001") == "邮编：223001"
    assert join("商业企", "业") == "商业企业"
    assert join("PDF", "version 2") == "PDF version 2"
    assert join("全年共 3119", "件") == "全年共 3119 件"
    assert join("电话：0517-", "83605210") == "电话：0517-83605210"


# ---------------------------------------------------------------------------------------
# Files that cannot be read as they are


def test_a_scan_without_a_text_layer_needs_ocr_and_says_so_in_chinese() -> None:
    doc = _read(fx.scanned_pdf(pages=2))
    assert doc.needs_ocr
    assert doc.blocks == []
    assert doc.pages == 2
    assert doc.problems == [
        "这是扫描件（第 1–2 页没有文字层），无法读取表格；需要先做文字识别（OCR）后再检查"
    ]


def test_a_partly_scanned_report_reads_the_typed_pages_and_names_the_scanned_ones() -> None:
    doc = _read(fx.partly_scanned_pdf())
    assert doc.needs_ocr
    assert [p.text for p in doc.paragraphs] == [fx.HEADING_1, fx.PARA_1]
    assert len(doc.problems) == 1
    assert doc.problems[0].startswith("第 2 页是扫描图片，没有文字层")
    assert "OCR" in doc.problems[0]


def test_a_file_truncated_in_the_middle_is_a_read_error_saying_it_is_damaged() -> None:
    data, _ = fx.paragraphs_pdf()
    with pytest.raises(ReadError, match="不完整.*损坏"):
        _read(data[: len(data) // 2])


def test_a_password_protected_file_is_a_read_error_saying_so() -> None:
    with pytest.raises(ReadError, match="密码"):
        _read(fx.encrypted_pdf())


def test_a_file_that_is_only_protected_against_copying_is_read() -> None:
    doc = _read(fx.encrypted_pdf(user_password=""))
    assert [p.text for p in doc.paragraphs] == [fx.HEADING_1]


def test_garbage_behind_a_pdf_header_is_a_read_error() -> None:
    data = (
        b"%PDF-1.7\n" + bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\n%%EOF\n"
    )
    with pytest.raises(ReadError, match="损坏"):
        _read(data)


def test_damaged_bytes_give_a_document_or_a_read_error_never_another_exception() -> None:
    original = fx.table3_split_pdf()
    rng = random.Random(2024)
    for _ in range(25):
        data = bytearray(original)
        for _ in range(rng.randrange(1, 40)):
            data[rng.randrange(len(data) - 10)] = rng.randrange(256)
        try:
            doc = _read(bytes(data))
        except ReadError as e:
            assert str(e)
        else:
            assert doc.kind == "pdf"


def test_read_bytes_recognises_a_pdf_by_its_content() -> None:
    doc = read_bytes(fx.review_table_pdf(), "report.doc")
    assert doc.kind == "pdf"
    assert len(doc.tables) == 2


# ---------------------------------------------------------------------------------------
# Evaluation on the real 淮安市 2024 report (../shared)

needs_shared = pytest.mark.skipif(
    not REAL_PDF.is_file(),
    reason="../shared/realdata/szfgs2024.pdf（真实年报）不在仓库旁边：PDF 评测跳过",
)


@pytest.fixture(scope="module")
def real() -> tuple[object, dict]:
    expected = json.loads((SHARED / "realdata" / "szfgs2024.json").read_text(encoding="utf-8"))
    return read_pdf(REAL_PDF.read_bytes(), REAL_PDF.name), expected


def _core(label: str) -> str:
    return split_enumerator(label_key(label))[1]


def _figures_after_label(doc, label: str) -> list[list[float]]:
    """For every table row holding ``label``, the figures to its right, in order."""
    found = []
    for table in doc.tables:
        for row in table.rows:
            for i, cell in enumerate(row):
                if cell and _core(cell) == _core(label):
                    cells = [parse_cell(c) for c in row[i + 1 :]]
                    found.append([c.value for c in cells if c.kind is CellKind.NUMBER])
    return found


@needs_shared
def test_every_row_of_table_3_in_the_real_report_has_its_figures_in_order(real) -> None:
    doc, expected = real
    labels = FORMATS[V2021].table3_rows
    for key, values in expected["table3"].items():
        figures = [values[col] for col in TABLE3_COLUMNS]
        assert figures in _figures_after_label(doc, labels[key]), labels[key]
    assert [746, 12, 0, 0, 10, 1, 769] in _figures_after_label(doc, "1.本机关不掌握相关政府信息")


@needs_shared
def test_table_4_of_the_real_report_has_its_headers_and_fifteen_figures(real) -> None:
    doc, expected = real
    t4 = expected["table4"]
    figures = [
        v
        for block in ("review", "litigation_direct", "litigation_after_review")
        for v in t4[block].values()
    ]
    rows = [row for table in doc.tables for row in table.rows]
    assert _n(*figures) in rows
    cells = [cell for row in rows for cell in row]
    for label in ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"):
        assert label in cells
    assert cells.count("结果维持") == 3


@needs_shared
def test_table_2_of_the_real_report_keeps_its_rows(real) -> None:
    doc, _ = real
    rows = [row for table in doc.tables for row in table.rows]
    assert ["规章", "1", "0", "11"] in rows
    assert ["行政规范性文件", "8", "26", "66"] in rows
    assert ["行政事业性收费", "96171.6"] in rows


@needs_shared
def test_the_real_report_reads_as_paragraphs_without_page_furniture(real) -> None:
    doc, _ = real
    texts = [p.text for p in doc.paragraphs]
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "六、其他需要报告的事项",
    ):
        assert heading in texts
    # A paragraph running from page 1 on to page 2, joined where the page broke.
    assert any("“建设‘四最’一流营商环境高质量推进产业发展”" in t for t in texts)
    assert not any(t.strip("- ").isdigit() for t in texts)
    assert doc.pages == 6
    assert doc.problems == []


@needs_shared
def test_the_real_report_is_read_much_faster_than_five_pages_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = REAL_PDF.read_bytes()
    read_pdf(data, "warm-up")  # imports and PDFium's first load are paid once per process
    reread: list[int] = []
    original = pdf_reader._reread_skipped_text

    def spy(data: bytes, pages: list) -> None:
        reread.extend(p.number for p in pages if p.skipped_text)
        original(data, pages)

    monkeypatch.setattr(pdf_reader, "_reread_skipped_text", spy)
    read_pdf(data, REAL_PDF.name)
    assert reread == []  # embedded fonts: PDFium alone reads every page (speed: make bench)
