import io

from docx import Document as DocxDocument
from openpyxl import Workbook

from gongkai.screening import Severity, screen_file, screen_text

ID_X = "11010519491231002X"


def test_screen_text_runs_every_detector_in_order():
    text = f"存在问题 and 不足，统一布署；王某身份证{ID_X}。"
    found = screen_text(text)
    assert [(f.rule, f.kind, f.start) for f in found] == [
        ("C-1", "english_word", 4),
        ("C-1", "typo", 14),
        ("C-3", "id_card", 22),
    ]
    assert screen_text("") == []
    assert screen_text(text, personal=False, stray=False) == [found[1]]


def test_text_file_is_screened_by_line(tmp_path):
    path = tmp_path / "公示.txt"
    path.write_text(f"低保公示\n\n王某\t{ID_X}\t13812345678\n", encoding="utf-8")
    result = screen_file(path)
    assert [(f.where, f.kind, f.start) for f in result.findings] == [
        ("第 3 行", "id_card", 3),
        ("第 3 行", "mobile", 22),
    ]
    assert result.masked_text() == "低保公示\n\n王某\t110105********002X\t138****5678\n"


def test_gbk_text_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("统一布署工作".encode("gb18030"))
    assert [f.text for f in screen_file(path).findings] == ["布署"]


def test_docx_paragraphs_and_table_cells(tmp_path):
    doc = DocxDocument()
    doc.add_paragraph("关于低保对象的公示")
    doc.add_paragraph("经研究，统一按装设备。")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "身份证号"
    table.cell(1, 0).text = "王某"
    table.cell(1, 1).text = ID_X
    buf = io.BytesIO()
    doc.save(buf)
    path = tmp_path / "公示.docx"
    path.write_bytes(buf.getvalue())
    result = screen_file(path)
    assert [(f.where, f.kind) for f in result.findings] == [
        ("第 2 段", "typo"),
        ("表格 1 第 2 行第 2 列", "id_card"),
    ]
    assert "王某\t110105********002X" in result.masked_text()


def test_xlsx_cells(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["姓名", "手机"])
    sheet.append(["王某", "13812345678"])
    sheet.append(["李某", 13912345678])  # typed as a number
    path = tmp_path / "名单.xlsx"
    book.save(path)
    result = screen_file(path)
    assert [(f.where, f.text, f.severity) for f in result.findings] == [
        ("工作表「名单」B2 单元格", "13812345678", Severity.ERROR),
        ("工作表「名单」B3 单元格", "13912345678", Severity.ERROR),
    ]
    assert result.masked_text().splitlines()[1:] == ["王某\t138****5678", "李某\t139****5678"]


def test_html_links_checked_only_when_asked(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><body><p>详见<a href="http://gk.example.cn/x">这里</a>。</p></body></html>',
        encoding="utf-8",
    )
    assert screen_file(path).findings == []
    result = screen_file(
        path, links=True, own_hosts=["gk.example.cn"], fetch=lambda url, method, timeout: 404
    )
    assert [(f.rule, f.where, f.text) for f in result.findings] == [
        ("C-4", "网页源代码", "http://gk.example.cn/x")
    ]
