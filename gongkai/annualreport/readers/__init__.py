"""Readers: one per input kind, each turning a file into a :class:`Document`.

The kind is recognised from the content, never from the file name: a ``.doc`` that is
really HTML (common on government sites) is read as HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..document import Document, ReadError

MAX_BYTES = 50 * 1024 * 1024  # a 6-page report is ~400 KB; anything this big is not one


def sniff(data: bytes) -> str:
    """The kind of a file from its first bytes: pdf, docx, zip, ole, image, html, text."""
    head = data[:2048]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return "docx" if b"word/" in data[:65536] or _zip_has_word(data) else "zip"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if (
        head[:8] == b"\x89PNG\r\n\x1a\n"
        or head[:3] == b"\xff\xd8\xff"
        or head[:4] in (b"II*\x00", b"MM\x00*")
    ):
        return "image"
    if head[:5] == b"{\\rtf":
        return "rtf"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    lowered = head.lower()
    if re.search(rb"<(!doctype html|html|body|table|div|p)[\s>]", lowered):
        return "html"
    return "text"


def _zip_has_word(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def read_bytes(data: bytes, source: str) -> Document:
    """Read a report from its bytes. Raises ReadError with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"文件过大（{len(data) // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限，不像是一份年度报告"
        )
    if not data.strip():
        raise ReadError("文件是空的")
    kind = sniff(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, source)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, source)
    if kind == "ole":
        from .legacy import read_legacy

        return read_legacy(data, source)
    if kind == "html":
        from .html import read_html

        return read_html(data, source)
    if kind == "text":
        from .text import read_text

        return read_text(decode_text(data), source)
    if kind == "image":
        doc = Document(source=source, kind="image", needs_ocr=True)
        doc.problems.append("这是一张图片（扫描件），没有可读取的文字，需要先做文字识别（OCR）")
        return doc
    if kind == "zip":
        raise ReadError("这是一个压缩包，不是单份报告；请解压后检查其中的文件")
    if kind == "rtf":
        raise ReadError("这是 RTF 格式文件，暂不支持；请在 Word 中另存为 .docx 后再检查")
    raise ReadError("无法识别的文件格式（既不是文本、网页、Word，也不是 PDF）")


def read_path(path: Path) -> Document:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ReadError(f"无法打开文件：{e.strerror or e}") from e
    if size > MAX_BYTES:
        raise ReadError(
            f"文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限，不像是一份年度报告"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取文件：{e.strerror or e}") from e
    return read_bytes(data, path.name)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: detect the encoding, never assume it.

    Order: a byte-order mark; strict UTF-8; the charset the page declares; GB18030 (a
    superset of GBK and GB2312, what Chinese government sites use when not UTF-8); then
    charset-normalizer's best guess.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        # A download cut short ends inside a character: still UTF-8, not GB18030.
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            return data[: e.start].decode("utf-8")
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii").lower() if m else None
    if declared and declared.replace("-", "") not in ("utf8",):
        if declared in ("gb2312", "gbk", "x-gbk", "gb_2312-80"):
            declared = "gb18030"
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("gb18030", errors="replace")
