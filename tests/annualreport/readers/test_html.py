"""The HTML reader: encodings, portal chrome, layout tables, merged cells, hidden text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annualreport.document import Paragraph, TableBlock
from gongkai.annualreport.normalize import label_key
from gongkai.annualreport.readers import read_bytes
from gongkai.annualreport.readers.html import read_html
from tests.annualreport.readers.table3_expected import TABLE3

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def _read(name: str):
    return read_html((FIXTURES / name).read_bytes(), name)


def _page(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


# Table 三 of the portal fixture as the reader must give it: 3 label columns, 7 figure columns,
# every merged cell's text in its top-left position and "" wherever it covers.


# --- encodings -------------------------------------------------------------------------


def test_a_gbk_page_that_declares_its_charset_is_decoded_as_gbk():
    doc = _read("word_export_gbk.html")
    assert doc.kind == "html"
    assert doc.paragraphs[0].text == "白沙乡2022年政府信息公开工作年度报告"
    assert doc.tables[0].rows[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]


def test_a_gb18030_page_without_any_charset_declaration_is_detected():
    raw = (FIXTURES / "plain_gb18030_no_meta.html").read_bytes()
    assert b"charset" not in raw
    doc = _read("plain_gb18030_no_meta.html")
    # 䶮 and 㙟 exist in GB18030 but not in GBK: they survive only if detection was right.
    assert "联系人：刘䶮；地址：石桥镇㙟口村。" in doc.text()
    assert doc.tables[0].rows == [["信息内容", "本年处理决定数量"], ["行政许可", "0"]]


def test_a_utf8_page_is_read_as_utf8():
    doc = _read("portal_utf8.html")
    assert doc.paragraphs[0] == Paragraph("青石镇2023年政府信息公开工作年度报告", heading_level=1)


def test_a_byte_order_mark_is_not_part_of_the_text():
    doc = read_html(
        b"\xef\xbb\xbf<p>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5</p>",
        "bom.html",
    )
    assert [p.text for p in doc.paragraphs] == ["一、总体情况"]


def test_an_xhtml_page_with_an_xml_encoding_declaration_is_read():
    page = '<?xml version="1.0" encoding="gb2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><p>二、主动公开政府信息情况</p></body></html>'
    doc = read_html(page.encode("gb2312"), "x.html")
    assert [p.text for p in doc.paragraphs] == ["二、主动公开政府信息情况"]


def test_traditional_characters_are_converted_to_simplified():
    doc = read_html(
        _page("<p>本年度報告</p><table><tr><td>申請數量</td><td>3</td></tr></table>"), "t.html"
    )
    assert doc.paragraphs[0].text == "本年度报告"
    assert doc.tables[0].rows == [["申请数量", "3"]]


def test_zero_width_characters_and_entities_are_cleaned():
    doc = read_html(_page("<p>政府&#8203;信息&nbsp;公开\u200b</p>"), "z.html")
    assert doc.paragraphs[0].text == "政府信息 公开"


# --- chrome, hidden elements, paragraphs -----------------------------------------------------


def test_navigation_header_footer_and_share_chrome_around_the_article_is_dropped():
    doc = _read("portal_utf8.html")
    everything = doc.text() + "".join(c for t in doc.tables for row in t.rows for c in row)
    for chrome in ("首页", "政务公开", "当前位置", "栏目导航", "分享到", "版权所有", "技术支持", "打印本页",
                   "青石县人民政府门户网站", "政府信息公开专栏", "主办"):  # fmt: skip
        assert chrome not in everything, chrome


def test_scripts_styles_and_the_page_title_are_not_text():
    doc = _read("portal_utf8.html")
    assert "脚本写出的文字" not in doc.text()
    assert "display" not in doc.text()
    assert "_青石县人民政府" not in doc.text()


def test_the_article_paragraphs_come_out_in_document_order_with_heading_levels():
    doc = _read("portal_utf8.html")
    headings = [(p.text, p.heading_level) for p in doc.paragraphs if p.heading_level]
    assert headings == [
        ("青石镇2023年政府信息公开工作年度报告", 1),
        ("一、总体情况", 2),
        ("二、主动公开政府信息情况", 2),
        ("三、收到和处理政府信息公开申请情况", 2),
        ("四、政府信息公开行政复议、行政诉讼情况", 2),
        ("五、存在的主要问题及改进情况", 2),
        ("六、其他需要报告的事项", 2),
    ]
    kinds = ["T" if isinstance(b, TableBlock) else b.text[:2] for b in doc.blocks]
    assert kinds.index("二、") < kinds.index("T") < kinds.index("三、")
    assert kinds[-2:] == ["本年", "其他"]  # the two list items of section 六


def test_text_separated_by_br_becomes_separate_paragraphs():
    doc = _read("portal_utf8.html")
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("一是公开内容不够全面；")
    assert texts[i + 1] == "二是解读形式比较单一。"
    assert "本报告根据《中华人民共和国政府信息公开条例》编制。" in texts
    assert "全文包括总体情况、主动公开政府信息情况等六部分。" in texts


def test_hidden_elements_are_not_read_but_the_text_after_them_is():
    doc = _read("portal_utf8.html")
    assert "内部草稿" not in doc.text()
    assert "隐藏批注" not in doc.text()
    assert "2023年，青石镇认真落实政府信息公开工作要求，主动公开政府信息52条。" in doc.text()
    # The hidden table row (display:none on the <tr>) is not a row of the grid either.
    assert all("旧版本" not in row[0] for row in doc.tables[1].rows)


def test_a_line_break_in_the_source_between_chinese_characters_is_not_a_space():
    doc = _read("word_export_gbk.html")
    assert (
        "本报告由白沙乡人民政府根据《中华人民共和国政府信息公开条例》要求编制，统计期限为 2022年1月1日至12月31日。"
        "全乡政府信息公开工作按照上级部署有序推进。"
    ) in doc.text()


def test_inline_markup_inside_a_paragraph_does_not_split_it():
    doc = _read("portal_utf8.html")
    assert "全年未发生因信息公开引发的行政复议案件。" in doc.text()


def test_word_list_numbers_in_conditional_comments_are_kept():
    doc = _read("word_export_gbk.html")
    assert [label_key(p.text) for p in doc.paragraphs[2:5:2]] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
    ]


def test_a_header_inside_the_article_is_the_articles_own_and_is_kept():
    body = (
        "<header><p>市政府门户网站</p></header>"
        "<main><article><header><h1>2023年政府信息公开工作年度报告</h1></header><p>一、总体情况</p>"
        "<footer>发布日期：2024-01-20</footer></article></main>"
        "<footer><p>网站地图</p></footer>"
    )
    doc = read_html(_page(body), "a.html")
    assert [(p.text, p.heading_level) for p in doc.paragraphs] == [
        ("2023年政府信息公开工作年度报告", 1),
        ("一、总体情况", None),
        ("发布日期：2024-01-20", None),
    ]


def test_chrome_between_two_paragraphs_still_separates_them():
    doc = read_html(_page("<div>前文<div class='share'>分享</div>后文</div>"), "s.html")
    assert [p.text for p in doc.paragraphs] == ["前文", "后文"]


def test_a_page_whose_content_box_has_a_chrome_like_name_is_still_read():
    body = (
        "<div class='menu-content'>"
        + "".join(f"<p>第{i}段：本镇政府信息公开工作持续推进，成效明显。</p>" for i in range(20))
        + "</div>"
    )
    doc = read_html(_page(body), "m.html")
    assert len(doc.paragraphs) == 20


def test_an_empty_page_gives_a_problem_not_an_exception():
    doc = read_html(b"   ", "empty.html")
    assert doc.blocks == [] and doc.problems
    doc = read_html(_page("<script>load()</script>"), "js.html")
    assert doc.blocks == [] and "正文" in doc.problems[0]


# --- tables -------------------------------------------------------------------------------


def test_rowspan_and_colspan_are_expanded_with_text_in_the_top_left_cell():
    table3 = _read("portal_utf8.html").tables[1]
    assert table3.rows_known
    assert len(table3.rows) == 28 and {len(r) for r in table3.rows} == {10}
    assert table3.rows == TABLE3


def test_a_label_written_one_character_per_line_keeps_its_label_key():
    table3 = _read("portal_utf8.html").tables[1]
    assert label_key(table3.rows[5][0]) == "三、本年度办理结果"


def test_table_four_with_two_header_levels_is_a_rectangle():
    table4 = _read("portal_utf8.html").tables[2]
    assert table4.rows[0] == ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9]
    assert table4.rows[1][:6] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "未经复议直接起诉",
    ]
    assert table4.rows[1][10] == "复议后起诉"
    assert table4.rows[2][:5] == ["", "", "", "", ""]
    assert table4.rows[3] == ["0"] * 15


def test_a_layout_table_wrapping_the_article_is_not_a_data_table():
    doc = _read("portal_utf8.html")
    # Three data tables; the outer layout table is not one of them, its text is paragraphs.
    assert len(doc.tables) == 3
    assert doc.tables[0].rows[0] == ["第二十条第（一）项", "", "", ""]
    assert "一、总体情况" in [p.text for p in doc.paragraphs]


def test_a_single_cell_table_wrapping_paragraphs_is_read_as_paragraphs():
    doc = read_html(
        _page("<table><tr><td><p>一、总体情况</p><p>全年公开信息9条。</p></td></tr></table>"),
        "s.html",
    )
    assert doc.tables == []
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "全年公开信息9条。"]


def test_a_table_whose_cell_holds_running_text_is_a_layout_table():
    long_text = "本镇严格落实政府信息公开条例。" * 20
    doc = read_html(
        _page(f"<table><tr><td>正文</td><td><p>{long_text}</p><p>第二段。</p></td></tr></table>"),
        "l.html",
    )
    assert doc.tables == []
    assert [p.text for p in doc.paragraphs] == ["正文", long_text, "第二段。"]


def test_br_and_paragraphs_inside_a_cell_are_joined_with_one_space():
    page = _page("<table><tr><td>商业<br>企业</td><td><p>科研</p><p>机构</p></td><td>社会\n  公益<span>组织</span></td></tr>"
                 "<tr><td>1</td><td>2</td><td>3</td></tr></table>")  # fmt: skip
    # A line break in the markup between Chinese characters is not a break: no space there.
    assert read_html(page, "c.html").tables[0].rows[0] == ["商业 企业", "科研 机构", "社会公益组织"]


def test_a_caption_is_a_paragraph_before_its_table():
    doc = read_html(
        _page("<table><caption>表一</caption><tr><td>a</td><td>1</td></tr></table>"), "c.html"
    )
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text == "表一"
    assert doc.tables[0].rows == [["a", "1"]]


def test_words_zero_height_row_and_columns_no_cell_starts_in_are_dropped():
    # Word's misaligned-column fix-up row declares five columns for a table that has four.
    table = _read("word_export_gbk.html").tables[0]
    assert table.rows == [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "1", "", "3"],
    ]


def test_a_rowspan_of_zero_reaches_the_end_of_the_table():
    page = _page(
        "<table><tr><td rowspan=0>合计</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>"
    )
    assert read_html(page, "z.html").tables[0].rows == [["合计", "1"], ["", "2"], ["", "3"]]


def test_garbage_spans_do_not_break_the_grid():
    page = _page(
        "<table><tr><td colspan='2;'>a</td><td rowspan='x'>b</td><td colspan=99999>c</td></tr>"
        "<tr><td rowspan=50>d</td><td>e</td></tr></table>"
    )
    rows = read_html(page, "g.html").tables[0].rows
    assert rows[0][:4] == ["a", "", "b", "c"]
    assert rows[1][:2] == ["d", "e"]
    assert len({len(r) for r in rows}) == 1


def test_short_rows_are_padded_to_a_rectangle():
    page = _page(
        "<table><tr><td>规章</td><td>1</td><td>2</td></tr><tr><td>行政规范性文件</td></tr></table>"
    )
    assert read_html(page, "p.html").tables[0].rows == [
        ["规章", "1", "2"],
        ["行政规范性文件", "", ""],
    ]


def test_a_page_that_is_a_doc_file_on_the_server_is_dispatched_to_the_html_reader():
    doc = read_bytes((FIXTURES / "portal_utf8.html").read_bytes(), "年报.doc")
    assert doc.kind == "html" and len(doc.tables) == 3


def test_a_page_nested_far_deeper_than_the_recursion_limit_is_read():
    page = _page("<div>" * 1500 + "深处的文字" + "</div>" * 1500 + "<p>之后</p>")
    assert [p.text for p in read_html(page, "deep.html").paragraphs] == ["深处的文字", "之后"]


# --- properties ---------------------------------------------------------------------------

_cell = st.tuples(st.integers(1, 3), st.integers(1, 3))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_cell, min_size=1, max_size=5), min_size=2, max_size=6))
def test_any_table_of_merged_cells_becomes_a_rectangle_with_every_text_once(spans):
    html = ["<table>"]
    names = []
    for r, row in enumerate(spans):
        html.append("<tr>")
        for c, (rowspan, colspan) in enumerate(row):
            name = f"r{r}c{c}"
            names.append(name)
            html.append(f"<td rowspan={rowspan} colspan={colspan}>{name}</td>")
        html.append("</tr>")
    html.append("</table>")
    doc = read_html(_page("".join(html)), "p.html")
    rows = doc.tables[0].rows
    assert len({len(r) for r in rows}) == 1
    cells = [c for row in rows for c in row if c]
    assert sorted(cells) == sorted(names)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data):
    doc = read_html(b"<html><body>" + data, "fuzz.html")
    assert doc.kind == "html"
