"""Files an applicant or a clerk attaches to a case, checked by what they contain.

An applicant attaches an ID card scan, a business licence, a letter of authority: images,
PDF, Word. The name says nothing (a renamed .exe is still an .exe), so the first bytes
decide; sizes are bounded before anything is read whole. Messages name the file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
MAX_FILE = 10 * MB
MAX_FILES = 5

KIND_LABELS = {"pdf": "PDF", "jpeg": "JPEG 图片", "png": "PNG 图片", "docx": "Word 文档"}


class AttachmentError(ValueError):
    """A file that will not be kept; the message names it and says what to do."""


@dataclass(frozen=True)
class Accepted:
    name: str
    kind: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
    return None


def accept(
    files: list,
    *,
    sniff=sniff,
    max_files: int = MAX_FILES,
    max_file: int = MAX_FILE,
    kinds_zh: str = "PDF、JPEG、PNG 图片或 Word（.docx）文档",
) -> list[Accepted]:
    """Every file, or an AttachmentError naming the first one refused (nothing is kept
    from a refused upload, so nobody is left with half of it). Other apps pass their own
    ``sniff``, limits and the words for what they take."""
    if len(files) > max_files:
        raise AttachmentError(f"最多上传 {max_files} 个附件，这次选择了 {len(files)} 个。")
    accepted = []
    for f in files:
        name = (getattr(f, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200]
        size = int(getattr(f, "size", 0) or 0)
        if size > max_file:
            raise AttachmentError(
                f"附件“{name}”有 {size / MB:.1f} MB，超过每个附件 {max_file // MB} MB 的上限。"
            )
        f.seek(0)
        data = f.read(max_file + 1)
        if len(data) > max_file:
            raise AttachmentError(f"附件“{name}”超过每个附件 {max_file // MB} MB 的上限。")
        kind = sniff(data)
        if kind is None:
            raise AttachmentError(
                f"附件“{name}”不是 {kinds_zh}（按文件内容判断，与文件名无关），请转换后再上传。"
            )
        accepted.append(Accepted(name, kind, data))
    return accepted
