"""From what a browser sent to the report files worth checking, with a reason for every
file that is not.

An upload is untrusted bytes under untrusted names. This module decides by content
(``readers.sniff``), never by name, and bounds everything it reads: each report file, the
whole upload, and each zip — its number of entries, its total unpacked size and each
entry's compression ratio, all judged from the zip's directory *before* anything is
unpacked, and enforced again while reading (zipfile stops at the declared size and checks
the CRC). Nested zips are not opened; names that climb out of the archive are ignored.

Nothing here touches the database: the result is a list of :class:`Incoming` (bytes to
store and check) and :class:`Refused` (a message naming the file), in upload order, so
that one bad file never costs the others.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.annualreport.readers import MAX_BYTES, sniff

MB = 1024 * 1024

# Kinds the engine reads. "ole" is a .doc/.wps (converted when LibreOffice is installed,
# otherwise the check says so).
CHECKABLE = {"pdf", "docx", "ole", "html", "text"}

_KIND_WORDS = {
    "pdf": "PDF",
    "docx": "Word（.docx）",
    "ole": "Word 97-2003（.doc）",
    "html": "网页",
    "text": "文本",
    "zip": "压缩包",
    "image": "图片",
    "rtf": "RTF 文档",
    "binary": "无法识别的二进制数据",
}
_SUFFIX_KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "ole",
    ".wps": "ole",
    ".htm": "html",
    ".html": "html",
    ".shtml": "html",
    ".txt": "text",
    ".md": "text",
    ".zip": "zip",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".rtf": "rtf",
}


def limit(name: str, default: int) -> int:
    """A bound from settings (``GONGKAI_UPLOAD_MAX_TOTAL`` …), so a deployment — or a
    test — can change it without code."""
    return int(getattr(settings, name, default))


def max_upload_total() -> int:
    return limit("GONGKAI_UPLOAD_MAX_TOTAL", 200 * MB)


def max_zip_entries() -> int:
    return limit("GONGKAI_ZIP_MAX_ENTRIES", 500)


def max_zip_total() -> int:
    return limit("GONGKAI_ZIP_MAX_UNCOMPRESSED", 500 * MB)


def max_zip_ratio() -> int:
    return limit("GONGKAI_ZIP_MAX_RATIO", 100)


def max_file() -> int:
    return limit("GONGKAI_REPORT_MAX_BYTES", MAX_BYTES)


# An entry smaller than this cannot hurt whatever its ratio; tiny, highly repetitive
# text files (a table of zeros) legitimately compress very well.
_RATIO_FLOOR = 1 * MB


class UploadedFileLike(Protocol):
    name: str
    size: int

    def read(self, n: int = -1) -> bytes: ...

    def seek(self, pos: int, whence: int = 0) -> int: ...


@dataclass
class Incoming:
    """A file that looks like a report, ready to store and check."""

    name: str  # the file's own name ("青石镇.pdf")
    data: bytes
    kind: str
    archive: str = ""  # the zip it came from, if any

    @property
    def display(self) -> str:
        return f"{self.archive} › {self.name}" if self.archive else self.name


@dataclass
class Refused:
    """A file that will not be checked, and why, in words naming the file."""

    name: str
    message: str


Item = Incoming | Refused


def mb(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".")


def kind_words(kind: str) -> str:
    return _KIND_WORDS.get(kind, kind)


def _suffix_kind(name: str) -> str | None:
    m = re.search(r"\.[A-Za-z0-9]+$", name)
    return _SUFFIX_KINDS.get(m.group(0).lower()) if m else None


def _mismatch(name: str, kind: str) -> str:
    """ "（文件名是 .pdf，但内容是图片）" when the name claims another kind."""
    claimed = _suffix_kind(name)
    if claimed is None or claimed == kind or {claimed, kind} <= {"html", "text"}:
        return ""
    suffix = name.rsplit(".", 1)[-1].lower()
    return _("（文件扩展名是 .%(suffix)s，但实际内容是%(kind)s）") % {
        "suffix": suffix,
        "kind": kind_words(kind),
    }


def judge(name: str, data: bytes, archive: str = "") -> Item:
    """Accept or refuse one file by its content."""
    shown = f"{archive} › {name}" if archive else name
    if len(data) > max_file():
        return Refused(shown, _too_large(shown, len(data)))
    if not data.strip():
        return Refused(shown, _("文件「%(name)s」是空的。") % {"name": shown})
    kind = sniff(data)
    if kind in CHECKABLE:
        return Incoming(name, data, kind, archive)
    why = _mismatch(name, kind)
    if kind == "zip":
        msg = _("文件「%(name)s」是压缩包中的压缩包，不会展开；请解压后直接上传其中的文件。")
    elif kind == "image":
        msg = _(
            "文件「%(name)s」的内容是图片%(why)s，不是可以检查的报告；扫描件需要先做文字识别（OCR），"
            "或上传带文字的 PDF、Word 或网页版本。"
        )
    elif kind == "rtf":
        msg = _("文件「%(name)s」是 RTF 文档%(why)s，暂不支持；请在 Word 中另存为 .docx 后再上传。")
    else:
        msg = _(
            "文件「%(name)s」的格式无法识别%(why)s；请上传 PDF、Word（.docx/.doc）、网页或文本格式的年度报告。"
        )
    return Refused(shown, msg % {"name": shown, "why": why})


def _too_large(name: str, size: int) -> str:
    return _(
        "文件「%(name)s」有 %(size)s MB，超过每个文件 %(max)s MB 的上限，不像是一份年度报告。"
    ) % {
        "name": name,
        "size": mb(size),
        "max": mb(max_file()),
    }


# --------------------------------------------------------------------------------------------
# Uploaded files


def _head(f: UploadedFileLike, n: int = 8) -> bytes:
    f.seek(0)
    head = f.read(n)
    f.seek(0)
    return head


def read_upload(files: Iterable[UploadedFileLike]) -> Iterator[Item]:
    """Every report file in the upload, in order: plain files, and the files inside zips.

    The upload's total size is bounded first; each file is then bounded before it is read
    into memory.
    """
    files = list(files)
    total = sum(int(getattr(f, "size", 0) or 0) for f in files)
    if total > max_upload_total():
        yield Refused(
            "",
            _("这次上传共 %(size)s MB，超过一次上传 %(max)s MB 的上限；请分几次上传。")
            % {"size": mb(total), "max": mb(max_upload_total())},
        )
        return
    for f in files:
        name = _basename(getattr(f, "name", "") or _("（无名文件）"))
        head = _head(f)
        if head[:4] == b"PK\x03\x04" and not _is_docx(f):
            yield from read_zip(f, name)
            continue
        size = int(getattr(f, "size", 0) or 0)
        if size > max_file():
            yield Refused(name, _too_large(name, size))
            continue
        f.seek(0)
        yield judge(name, f.read(max_file() + 1))


def _is_docx(f: UploadedFileLike) -> bool:
    """A .docx is a zip too; it is a report, not an archive to unpack."""
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as z:  # type: ignore[arg-type]
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False
    finally:
        f.seek(0)


def _basename(name: str) -> str:
    """Browsers send a bare name; older ones sent a whole Windows path."""
    return re.split(r"[\\/]", name)[-1] or name


# --------------------------------------------------------------------------------------------
# Zips


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author saw it.

    Zips made on Chinese Windows store names in GBK without saying so; zipfile then
    decodes them as cp437 and "青石镇.pdf" becomes mojibake. Without the UTF-8 flag, try
    UTF-8 and then GB18030 on the original bytes.
    """
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe(path: str) -> bool:
    """An absolute path, a drive letter or a ".." step: a name that points outside the
    archive. Nothing is ever written under these names, but they are refused anyway."""
    p = path.replace("\\", "/")
    return p.startswith("/") or bool(re.match(r"^[A-Za-z]:", p)) or ".." in p.split("/")


def _junk(path: str) -> bool:
    """What zip tools add on their own: macOS resource forks, .DS_Store, Thumbs.db."""
    parts = path.replace("\\", "/").split("/")
    return (
        parts[0] == "__MACOSX"
        or any(p.startswith(".") and p not in (".", "..") for p in parts)
        or parts[-1].lower() in ("thumbs.db", "desktop.ini")
    )


def read_zip(f: IO[bytes] | UploadedFileLike, zip_name: str) -> Iterator[Item]:
    """The report files inside a zip, refusing the whole zip when its directory shows a
    bomb (too many entries, too much once unpacked) and single entries that are unsafe,
    too large, too compressed, encrypted or corrupt."""
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        yield Refused(
            zip_name,
            _("压缩包「%(name)s」已损坏，无法打开；请重新打包后上传。") % {"name": zip_name},
        )
        return
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        if len(infos) > max_zip_entries():
            yield Refused(
                zip_name,
                _(
                    "压缩包「%(name)s」中有 %(n)d 个文件，超过 %(max)d 个的上限；请分成几个压缩包上传。"
                )
                % {"name": zip_name, "n": len(infos), "max": max_zip_entries()},
            )
            return
        unpacked = sum(i.file_size for i in infos)
        if unpacked > max_zip_total():
            yield Refused(
                zip_name,
                _(
                    "压缩包「%(name)s」解压后共 %(size)s MB，超过 %(max)s MB 的上限"
                    "（可能是恶意构造的“压缩炸弹”），没有解压。"
                )
                % {"name": zip_name, "size": mb(unpacked), "max": mb(max_zip_total())},
            )
            return
        if not infos:
            yield Refused(zip_name, _("压缩包「%(name)s」是空的。") % {"name": zip_name})
            return
        for info in infos:
            path = entry_name(info)
            if _junk(path):
                continue
            yield _read_entry(archive, info, path, zip_name)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, zip_name: str) -> Item:
    shown = f"{zip_name} › {path}"
    if _unsafe(path):
        return Refused(
            shown,
            _("压缩包「%(zip)s」中的文件名「%(path)s」指向压缩包以外的位置，已忽略。")
            % {"zip": zip_name, "path": path},
        )
    if info.flag_bits & 0x1:
        return Refused(shown, _("文件「%(name)s」设置了密码，无法读取。") % {"name": shown})
    if info.file_size > max_file():
        return Refused(shown, _too_large(shown, info.file_size))
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_FLOOR and ratio > max_zip_ratio():
        return Refused(
            shown,
            _(
                "文件「%(name)s」的压缩比异常（%(ratio)d 倍，上限 %(max)d 倍），"
                "可能是恶意构造的“压缩炸弹”，没有解压。"
            )
            % {"name": shown, "ratio": ratio, "max": max_zip_ratio()},
        )
    try:
        with archive.open(info) as member:
            data = member.read(max_file() + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        return Refused(
            shown,
            _("压缩包中的文件「%(name)s」已损坏，无法解压；请重新打包后上传。") % {"name": shown},
        )
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return (
        judge(name, data, archive=zip_name)
        if len(data) <= max_file()
        else Refused(shown, _too_large(shown, len(data)))
    )
