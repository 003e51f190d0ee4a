"""The text reader: every layout in which a report's tables reach us as plain text."""

import pytest

from gongkai.annualreport.document import Paragraph, TableBlock
from gongkai.annualreport.readers import decode_text, read_bytes, sniff
from gongkai.annualreport.readers.text import read_text


def tables(doc):
    return [b for b in doc.blocks if isinstance(b, TableBlock)]


def test_tab_separated_rows_keep_every_cell_including_empty_ones():
    doc = read_text(
        "二、主动公开政府信息情况\n信息内容\t本年处理决定数量\t\t\n行政许可\t0\t\t\n", "t.txt"
    )
    [table] = tables(doc)
    assert table.rows == [["信息内容", "本年处理决定数量", "", ""], ["行政许可", "0", "", ""]]
    assert table.rows_known


def test_a_blank_line_inside_a_tab_table_does_not_split_it():
    doc = read_text("规章\t0\t0\t0\n\n规范性文件\t15\t0\t15\n", "t.txt")
    assert len(tables(doc)) == 1
    assert tables(doc)[0].rows[1] == ["规范性文件", "15", "0", "15"]


def test_a_title_row_that_lost_its_tabs_stays_with_its_table():
    doc = read_text(
        "第二十条第（九）项\n\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t0\t0\n", "t.txt"
    )
    [table] = tables(doc)
    assert table.rows[0] == ["第二十条第（九）项"]


def test_a_short_sentence_mentioning_a_table_word_before_a_table_stays_prose():
    doc = read_text("本年度未发生行政复议、行政诉讼\n行政复议\t\t\t\t\t行政诉讼\n0\t0\n", "t.txt")
    assert doc.blocks[0] == Paragraph("本年度未发生行政复议、行政诉讼")
    assert tables(doc)[0].rows[0][0] == "行政复议"


def test_markdown_headings_keep_their_level_and_lose_their_hashes():
    doc = read_text(
        "# 某乡 2023 年度政府信息公开工作报告\n\n#### 五、存在的主要问题及改进情况\n", "t.md"
    )
    assert doc.blocks == [
        Paragraph("某乡 2023 年度政府信息公开工作报告", heading_level=1),
        Paragraph("五、存在的主要问题及改进情况", heading_level=4),
    ]


def test_markdown_tables_drop_their_rule_lines_and_outer_pipes():
    doc = read_text("| 信息内容 | 本年制发件数 |\n|---|:---:|\n| 规章 | 0 |\n", "t.md")
    assert tables(doc)[0].rows == [["信息内容", "本年制发件数"], ["规章", "0"]]


def test_pipe_rows_without_outer_pipes_keep_an_empty_cell_at_either_end():
    doc = read_text("行政处罚|0||\n|1|2\n", "t.txt")
    assert tables(doc)[0].rows == [["行政处罚", "0", "", ""], ["", "1", "2"]]


# One cell per line, as text copied out of a web page: four ways of writing the same
# cells 规章 / 0 / (empty) / 3, each of which must come back identical.
FLATTENED = {
    "consecutive lines, empty cell kept as an empty line": "信息内容\n规章\n0\n\n3\n",
    "blank-line separated, an extra blank line for the empty cell": "信息内容\n\n规章\n\n0\n\n\n\n3\n",
    "trailing pipe on each cell, a lone pipe for the empty cell": "信息内容|\n规章|\n0|\n|\n3|\n",
    "lone pipe lines between cells, two in a row around the empty cell": "信息内容\n|\n规章\n|\n0\n|\n|\n3\n",
}


@pytest.mark.parametrize("text", FLATTENED.values(), ids=FLATTENED.keys())
def test_flattened_cells_come_back_in_order_with_the_empty_cell_kept(text):
    [table] = tables(read_text(text, "t.txt"))
    assert not table.rows_known
    assert [c for [c] in table.rows] == ["信息内容", "规章", "0", "", "3"]


def test_a_section_heading_ends_a_flattened_table_but_a_row_label_does_not():
    text = "行政复议\n结果维持\n0\n一、本年新收政府信息公开申请数量\n1\n五、存在的主要问题及改进情况\n正文。\n"
    doc = read_text(text, "t.txt")
    [table] = tables(doc)
    assert [c for [c] in table.rows][-2:] == ["一、本年新收政府信息公开申请数量", "1"]
    assert doc.blocks[-2] == Paragraph("五、存在的主要问题及改进情况")


def test_traditional_characters_are_read_as_simplified():
    doc = read_text("政府信息公開工作年度報告\n", "t.txt")
    assert doc.blocks[0].text == "政府信息公开工作年度报告"


def test_gbk_and_gb18030_bytes_are_detected_without_being_told():
    text = "收到和处理政府信息公开申请情况"
    assert decode_text(text.encode("gbk")) == text
    assert decode_text(text.encode("gb18030")) == text
    assert decode_text(("\ufeff" + text).encode("utf-8")) == text


def test_files_are_recognised_by_content_not_by_name():
    assert sniff(b"%PDF-1.7\n...") == "pdf"
    assert sniff("<html><body><table><tr><td>规章</td></tr></table>".encode()) == "html"
    assert sniff("一、总体情况\n".encode()) == "text"
    assert sniff(b"\x89PNG\r\n\x1a\n....") == "image"


def test_an_image_is_not_garbage_but_a_needs_ocr_problem():
    doc = read_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png")
    assert doc.needs_ocr
    assert "OCR" in doc.problems[0]
