"""Files attached to a revision, checked by what they contain, with their text extracted.

Builds on the applications app's sniffing (PDF, JPEG, PNG, Word .docx by their first
bytes) and adds Excel (.xlsx), which 主动公开 needs for lists and tables (补助名单, 预算表).
The text of PDF and Word files comes from the annual-report readers (paragraphs and table
cells), of Excel files from their cell values; images have none. The text is what search
and the screening for personal data read — a 低保名单 in an attachment is screened like the
body.
"""

from __future__ import annotations

import io
import zipfile

from gongkai.applications.attachments import MB, Accepted, AttachmentError
from gongkai.applications.attachments import accept as accept_files
from gongkai.applications.attachments import sniff as sniff_base

MAX_FILE = 20 * MB
MAX_FILES = 10
MAX_TEXT = 500_000  # characters kept per file: enough for a long list, bounded for the row

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
}

__all__ = ["Accepted", "AttachmentError", "KIND_LABELS", "accept", "extract_text", "sniff"]


def sniff(data: bytes) -> str | None:
    """The kind of ``data`` from its content (never its name), or None when not allowed."""
    kind = sniff_base(data)
    if kind is not None:
        return kind
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "xl/workbook.xml" in z.namelist():
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
    return None


def accept(files: list) -> list[Accepted]:
    """Every file, or an AttachmentError naming the first one refused (nothing is kept from
    a refused upload)."""
    return accept_files(
        files,
        sniff=sniff,
        max_files=MAX_FILES,
        max_file=MAX_FILE,
        kinds_zh="PDF、Word（.docx）、Excel（.xlsx）文件或 JPEG、PNG 图片",
    )


def extract_text(kind: str, data: bytes) -> str:
    """The text of an attachment for search and screening; "" when it has none or cannot
    be read (a scanned PDF: screening then relies on the people in the chain)."""
    if kind in ("pdf", "docx"):
        return _document_text(data, kind)
    if kind == "xlsx":
        return _xlsx_text(data)
    return ""


def _document_text(data: bytes, kind: str) -> str:
    from gongkai.annualreport.document import Paragraph, ReadError
    from gongkai.annualreport.readers import read_bytes

    try:
        document = read_bytes(data, f"attachment.{kind}")
    except ReadError:
        return ""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for row in block.rows:
                lines.extend(cell for cell in row if cell)
    return "\n".join(lines)[:MAX_TEXT]


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (openpyxl raises many kinds on a damaged file)
        return ""
    lines: list[str] = []
    size = 0
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if value is None or value == "":
                        continue
                    # One cell per line: two numbers in neighbouring cells stay two.
                    text = str(value)
                    lines.append(text)
                    size += len(text) + 1
                    if size > MAX_TEXT:
                        return "\n".join(lines)[:MAX_TEXT]
    finally:
        book.close()
    return "\n".join(lines)
