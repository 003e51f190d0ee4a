"""The DOCX reader: documents built here with python-docx, merged with ``cell.merge`` so that
real ``w:gridSpan`` / ``w:vMerge`` markup is read back."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from gongkai.annualreport.document import Paragraph, ReadError, TableBlock
from gongkai.annualreport.readers import read_bytes
from gongkai.annualreport.readers.docx import read_docx
from tests.annualreport.readers.table3_expected import TABLE3

# Table 三, v2021 layout: what the reader must return. The merges below produce it.
# (top, left, bottom, right) of every merged cell in TABLE3.
TABLE3_MERGES = [
    (0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9),
    (3, 0, 3, 2), (4, 0, 4, 2), (27, 0, 27, 2),
    (5, 0, 26, 0), (5, 1, 5, 2), (6, 1, 6, 2), (26, 1, 26, 2),
    (7, 1, 14, 1), (15, 1, 17, 1), (18, 1, 22, 1), (23, 1, 25, 1),
]  # fmt: skip


def _add_table(document, grid: list[list[str]], merges=()) -> None:
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    # Cached rows: table.cell() recomputes the layout on every call.
    cells = [row.cells for row in table.rows]
    for r, line in enumerate(grid):
        for c, text in enumerate(line):
            if text:
                cells[r][c].text = text
    for top, left, bottom, right in merges:
        table.cell(top, left).merge(table.cell(bottom, right))


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report() -> bytes:
    d = docx.Document()
    d.add_heading("青石镇2023年政府信息公开工作年度报告", level=0)
    d.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》编制。")
    d.add_heading("一、总体情况", level=1)
    d.add_paragraph("全年主动公开政府信息52条。")
    d.add_heading("三、收到和处理政府信息公开申请情况", level=1)
    _add_table(d, TABLE3, TABLE3_MERGES)
    d.add_heading("（一）依申请公开", level=2)
    d.add_paragraph("本年度收到申请8件。")
    return _bytes(d)


def _xml_raw(document) -> str:
    return document.element.xml


# --- tables -------------------------------------------------------------------------------


def test_merged_cells_are_real_gridspan_and_vmerge_markup():
    xml = _xml_raw(docx.Document(io.BytesIO(_report())))
    assert (
        'w:gridSpan w:val="3"' in xml and 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    )


def test_rowspan_and_colspan_are_expanded_with_text_in_the_top_left_cell():
    doc = read_docx(_report(), "report.docx")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.rows_known and table.origin == "第 1 个表格"
    assert table.rows == TABLE3


def test_columns_in_which_no_cell_starts_are_dropped():
    grid = [
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "7", "", ""],
    ]
    d = docx.Document()
    _add_table(d, grid, [(0, 0, 0, 3), (1, 1, 1, 3), (2, 1, 2, 3)])
    # Grid columns 3 and 4 are covered in every row: they only split merged cells and go.
    assert read_docx(_bytes(d), "t.docx").tables[0].rows == [
        ["第二十条第（五）项", ""],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "7"],
    ]


def test_a_blank_row_of_figures_is_kept():
    grid = [["结果维持", "结果纠正", "总计"], ["", "", ""]]
    d = docx.Document()
    _add_table(d, grid)
    assert read_docx(_bytes(d), "t.docx").tables[0].rows == grid


def test_a_table_inside_a_cell_becomes_part_of_the_cell_text():
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    cells = [row.cells for row in table.rows]
    cells[0][0].text = "备注"
    cells[0][1].text = "见下表"
    inner = cells[0][1].add_table(rows=2, cols=2)
    for r, line in enumerate([["甲", "乙"], ["1", "2"]]):
        for c, text in enumerate(line):
            inner.rows[r].cells[c].text = text
    cells[1][0].text = "合计"
    cells[1][1].text = "3"
    doc = read_docx(_bytes(d), "n.docx")
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == [["备注", "见下表 甲 乙 1 2"], ["合计", "3"]]


def test_line_breaks_and_paragraphs_inside_a_cell_are_joined_with_one_space():
    d = docx.Document()
    table = d.add_table(rows=1, cols=2)
    cells = table.rows[0].cells
    run = cells[0].paragraphs[0].add_run("商业")
    run.add_break()
    cells[0].paragraphs[0].add_run("企业")
    cells[1].text = "科研"
    cells[1].add_paragraph("机构")
    assert read_docx(_bytes(d), "c.docx").tables[0].rows == [["商业 企业", "科研 机构"]]


# --- paragraphs ---------------------------------------------------------------------------


def test_paragraphs_and_tables_come_out_in_document_order_with_heading_levels():
    doc = read_docx(_report(), "report.docx")
    summary = [
        ("表" if isinstance(b, TableBlock) else b.text, getattr(b, "heading_level", None))
        for b in doc.blocks
    ]
    assert summary == [
        ("青石镇2023年政府信息公开工作年度报告", 1),  # the Title style
        ("本报告根据《中华人民共和国政府信息公开条例》编制。", None),
        ("一、总体情况", 1),
        ("全年主动公开政府信息52条。", None),
        ("三、收到和处理政府信息公开申请情况", 1),
        ("表", None),
        ("（一）依申请公开", 2),
        ("本年度收到申请8件。", None),
    ]
    assert doc.kind == "docx" and doc.problems == []


def test_a_chinese_heading_style_name_and_an_outline_level_give_heading_levels():
    from docx.enum.style import WD_STYLE_TYPE

    d = docx.Document()
    d.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    based = d.styles.add_style("我的章节标题", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = d.styles["Heading 2"]
    d.add_paragraph("（二）依申请公开", style="标题 3")
    d.add_paragraph("四、复议诉讼", style="我的章节标题")
    p = d.add_paragraph("五、存在的主要问题")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
    d.add_paragraph("正文", style="Body Text")
    levels = [(p.text, p.heading_level) for p in read_docx(_bytes(d), "h.docx").paragraphs]
    assert levels == [
        ("（二）依申请公开", 3),
        ("四、复议诉讼", 2),
        ("五、存在的主要问题", 1),
        ("正文", None),
    ]


def test_a_line_break_inside_a_paragraph_splits_it():
    d = docx.Document()
    run = d.add_paragraph().add_run("一是公开内容不够全面；")
    run.add_break()
    run.add_text("二是解读形式比较单一。")
    page_break = d.add_paragraph().add_run("分页符不是换行")
    page_break.add_break(WD_BREAK.PAGE)
    texts = [p.text for p in read_docx(_bytes(d), "b.docx").paragraphs]
    assert texts == ["一是公开内容不够全面；", "二是解读形式比较单一。", "分页符不是换行"]


def test_automatic_list_numbers_are_part_of_the_text():
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
            '<w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
            '<w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(text: str, level: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
        )

    numbered("总体情况", 0)
    numbered("主动公开", 1)
    numbered("依申请公开", 1)
    numbered("属于国家秘密", 2)
    numbered("主动公开政府信息情况", 0)
    numbered("规章", 1)
    for _ in range(9):
        numbered("占位", 0)
    numbered("第十二项", 0)
    texts = [p.text for p in read_docx(_bytes(d), "n.docx").paragraphs]
    assert texts[:6] == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "1. 属于国家秘密",
        "二、主动公开政府信息情况",
        "（一）规章",
    ]
    assert texts[-1] == "十二、第十二项"


def test_hidden_text_deleted_revisions_and_text_boxes_are_not_read():
    d = docx.Document()
    p = d.add_paragraph("公开")
    hidden = p.add_run("（隐藏）")
    hidden.font.hidden = True
    p.add_run("信息")
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>删掉的字</w:delText></w:r></w:del>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>共9条</w:t></w:r></w:ins>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        )
    )
    assert [p.text for p in read_docx(_bytes(d), "h.docx").paragraphs] == ["公开信息共9条"]


def test_traditional_characters_are_converted_to_simplified():
    d = docx.Document()
    d.add_paragraph("本年度報告")
    _add_table(d, [["申請數量", "3"]])
    doc = read_docx(_bytes(d), "t.docx")
    assert doc.paragraphs[0].text == "本年度报告"
    assert doc.tables[0].rows == [["申请数量", "3"]]


def test_empty_paragraphs_are_not_blocks():
    d = docx.Document()
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_paragraph("一、总体情况")
    assert read_docx(_bytes(d), "e.docx").blocks == [Paragraph("一、总体情况")]


def test_a_document_with_no_text_says_so():
    doc = read_docx(_bytes(docx.Document()), "blank.docx")
    assert doc.blocks == [] and "没有可读取的文字" in doc.problems[0]


def test_a_macro_enabled_docm_is_read_like_a_docx():
    source = zipfile.ZipFile(io.BytesIO(_report()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            z.writestr(item, data)
    doc = read_docx(out.getvalue(), "report.docm")
    assert doc.tables[0].rows == TABLE3
    assert doc.paragraphs[2] == Paragraph("一、总体情况", heading_level=1)


def test_an_html_page_embedded_as_an_altchunk_is_read_in_place():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    d.add_paragraph("导出说明")
    html = "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr></table></body></html>"
    chunk = Part(PackURI("/word/afchunk1.htm"), "text/html", html.encode("utf-8"), d.part.package)
    rid = d.part.relate_to(chunk, RT.A_F_CHUNK)
    body = d.element.body
    body.insert(len(body) - 1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    doc = read_docx(_bytes(d), "export.docx")
    assert [p.text for p in doc.paragraphs] == ["导出说明", "一、总体情况"]
    assert doc.tables[0].rows == [["规章", "0"]]


# --- damaged files ----------------------------------------------------------------------------


def _assert_damaged(data: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_docx(data, "bad.docx")
    assert "损坏" in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_truncated_docx_raises_a_read_error_in_chinese():
    data = _report()
    _assert_damaged(data[: len(data) // 2])


def test_garbage_behind_a_zip_signature_raises_a_read_error_in_chinese():
    _assert_damaged(b"PK\x03\x04" + bytes(range(256)) * 20)


def test_a_zip_without_a_word_document_raises_a_read_error_in_chinese():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/readme.txt", "not a document")
    _assert_damaged(out.getvalue())


def test_a_docx_with_broken_xml_raises_a_read_error_in_chinese():
    source = zipfile.ZipFile(io.BytesIO(_report()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            z.writestr(item, data)
    _assert_damaged(out.getvalue())


def test_a_damaged_docx_read_through_the_dispatcher_raises_a_read_error():
    data = _report()
    with pytest.raises(ReadError, match="损坏"):
        read_bytes(data[: len(data) // 3], "bad.docx")


def test_a_docx_is_dispatched_to_the_docx_reader():
    doc = read_bytes(_report(), "年报.docx")
    assert doc.kind == "docx" and len(doc.tables) == 1


def test_a_large_table_is_read_whole():
    # Speed (python-docx's table.cell() takes seconds on such a table) is measured by
    # `make bench`, not asserted here.
    grid = [[f"第{r}行"] + [str(r * c) for c in range(1, 10)] for r in range(60)]
    d = docx.Document()
    _add_table(d, grid)
    doc = read_docx(_bytes(d), "big.docx")
    assert doc.tables[0].rows == grid
