"""Attachments checked by content, with their text extracted for screening."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing.attachments import AttachmentError, accept, extract_text, sniff


def xlsx_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "姓名"
    table.rows[0].cells[1].text = "张三"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_excel_is_recognised_by_content_and_its_cells_read():
    data = xlsx_bytes([["姓名", "金额"], ["张三", 300], ["李四", None]])
    assert sniff(data) == "xlsx"
    [accepted] = accept([SimpleUploadedFile("名单.bin", data)])
    assert accepted.kind == "xlsx"
    assert extract_text("xlsx", data).split("\n") == ["姓名", "金额", "张三", "300", "李四"]


def test_word_paragraphs_and_cells_are_read():
    data = docx_bytes("关于发放补助的通知")
    assert sniff(data) == "docx"
    text = extract_text("docx", data)
    assert "关于发放补助的通知" in text and "张三" in text


def test_a_disguised_file_is_refused_whatever_its_name():
    exe = b"MZ\x90\x00" + b"\x00" * 100
    with pytest.raises(AttachmentError, match="按文件内容判断"):
        accept([SimpleUploadedFile("通知.pdf", exe)])
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("payload.js", "alert(1)")
    with pytest.raises(AttachmentError, match="名单.xlsx"):
        accept([SimpleUploadedFile("名单.xlsx", other_zip.getvalue())])


def test_images_have_no_text_and_damaged_files_give_none():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    assert sniff(png) == "png" and extract_text("png", png) == ""
    assert extract_text("xlsx", b"PK\x03\x04broken") == ""
    assert extract_text("pdf", b"%PDF-1.4 broken") == ""
