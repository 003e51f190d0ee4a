"""Old binary Word and WPS files (.doc, .wps): OLE compound files, still common on county sites.

Their format is only worth reading through LibreOffice, which converts them to .docx with
merged cells kept (about 1.2 s a file); the .docx reader then reads the result. LibreOffice
is optional: without it the clerk is told how to install it or how to save the file as
.docx. Each conversion runs in a fresh temporary folder with its own LibreOffice profile,
because two instances sharing a profile block each other, and is killed after a timeout,
because LibreOffice can hang on a damaged file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..document import Document, ReadError
from .docx import read_docx

CONVERT_TIMEOUT_S = 60.0

NEEDS_LIBREOFFICE = (
    "这是旧版 Word/WPS 文件（.doc/.wps），读取它需要 LibreOffice；请安装（Debian：apt-get install "
    "--no-install-recommends libreoffice-writer-nogui）或在 Word/WPS 中另存为 .docx 后再检查"
)
_SAVE_AS_DOCX = "请在 Word 或 WPS 中打开它，另存为 .docx 后再检查"

# OLE directory entries name their streams in UTF-16LE; the names say what the file holds.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_OTHER_KINDS = (
    ("Workbook".encode("utf-16-le"), "旧版 Excel 表格（.xls）"),
    ("PowerPoint Document".encode("utf-16-le"), "旧版 PowerPoint 演示文稿（.ppt）"),
)


def read_legacy(data: bytes, source: str, *, timeout: float | None = None) -> Document:
    """Read a .doc/.wps file by converting it to .docx. Raises ReadError with the reason."""
    if _ENCRYPTED_STREAM in data and _WORD_STREAM not in data:
        # A password-protected .docx is stored as an OLE file around the encrypted package.
        raise ReadError("文件设置了打开密码（已加密），无法读取；请取消密码后再检查")
    if _WORD_STREAM not in data:
        for marker, kind in _OTHER_KINDS:
            if marker in data:
                raise ReadError(
                    f"这是{kind}，不是 Word 文档；请把年度报告另存为 .docx 或 PDF 后再检查"
                )
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(NEEDS_LIBREOFFICE)
    docx = _convert(
        soffice, data, _input_name(source), CONVERT_TIMEOUT_S if timeout is None else timeout
    )
    return read_docx(docx, source)


def _input_name(source: str) -> str:
    # LibreOffice picks its import filter partly by extension; WPS files keep theirs.
    suffix = Path(source).suffix.lower()
    return "report" + (suffix if suffix in (".doc", ".wps", ".dot", ".wpt") else ".doc")


def _convert(soffice: str, data: bytes, name: str, timeout: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as tmp:
        work = Path(tmp)
        src = work / name
        src.write_bytes(data)
        out = work / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(src),
        ]
        # A session of its own, so that a timeout kills soffice.bin too, not only the
        # wrapper script that started it.
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ReadError(
                f"LibreOffice 转换这个旧版 Word/WPS 文件超过 {timeout:g} 秒仍未完成，文件可能已损坏；{_SAVE_AS_DOCX}"
            ) from None
        result = out / (Path(name).stem + ".docx")
        if proc.returncode != 0 or not result.is_file():
            # soffice reports a file it cannot load on stderr and still exits 0.
            detail = err.decode("utf-8", errors="replace").strip().splitlines()
            why = f"（{detail[-1][:200]}）" if detail else ""
            raise ReadError(
                f"LibreOffice 无法转换这个旧版 Word/WPS 文件{why}，文件可能已损坏或加密；{_SAVE_AS_DOCX}"
            )
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.communicate()
