"""The .doc/.wps reader: LibreOffice missing, converting, failing, hanging.

LibreOffice is not installed on every machine, so the conversion path is tested twice: with a
stand-in ``soffice`` script that behaves like LibreOffice on the command line (always run), and
with the real one when it is on PATH.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from gongkai.annualreport.document import ReadError
from gongkai.annualreport.readers import read_bytes
from gongkai.annualreport.readers.legacy import read_legacy

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole(*streams: str) -> bytes:
    """Enough of a compound file for the reader to see which streams its directory names."""
    body = b"".join(name.encode("utf-16-le") + b"\x00" * 16 for name in streams)
    return OLE_MAGIC + b"\x00" * 504 + body + b"\x00" * 512


WORD_DOC = _ole("Root Entry", "WordDocument", "1Table")


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_heading("一、总体情况", level=1)
    d.add_paragraph("全年主动公开政府信息52条。")
    table = d.add_table(rows=2, cols=3)
    cells = [row.cells for row in table.rows]
    cells[0][0].text = "行政复议"
    cells[1][0].text = "0"
    cells[1][1].text = "0"
    cells[1][2].text = "0"
    table.cell(0, 0).merge(table.cell(0, 2))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _fake_soffice(bin_dir: Path, name: str, behaviour: str) -> Path:
    """A stand-in for LibreOffice: logs its arguments, then converts, fails or hangs."""
    script = bin_dir / name
    script.write_text(
        f"#!{sys.executable}\n"
        + """import json, os, shutil, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "w") as log:
    json.dump({"args": args, "pid": os.getpid()}, log)
behaviour = os.environ["FAKE_SOFFICE_BEHAVIOUR"]
if behaviour == "hang":
    time.sleep(60)
if behaviour == "cannot-load":
    print("Error: source file could not be loaded", file=sys.stderr)
    sys.exit(0)
if behaviour == "crash":
    sys.exit(81)
outdir = args[args.index("--outdir") + 1]
source = args[-1]
os.makedirs(outdir, exist_ok=True)
stem = os.path.splitext(os.path.basename(source))[0]
shutil.copy(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(outdir, stem + ".docx"))
"""
    )
    script.chmod(0o755)
    return script


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    converted = tmp_path / "converted.docx"
    converted.write_bytes(_docx_bytes())
    log = tmp_path / "soffice.json"
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(converted))
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))

    def install(behaviour: str = "convert", name: str = "soffice") -> Path:
        monkeypatch.setenv("FAKE_SOFFICE_BEHAVIOUR", behaviour)
        _fake_soffice(bin_dir, name, behaviour)
        return log

    return install


# --- LibreOffice missing ---------------------------------------------------------------------


def test_without_libreoffice_a_doc_file_gives_a_chinese_message_naming_the_fix(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice, no libreoffice
    with pytest.raises(ReadError) as caught:
        read_legacy(WORD_DOC, "年报.doc")
    message = str(caught.value)
    assert "旧版 Word/WPS 文件（.doc/.wps）" in message
    assert "LibreOffice" in message
    assert "apt-get install --no-install-recommends libreoffice-writer-nogui" in message
    assert "另存为 .docx" in message


def test_without_libreoffice_the_dispatcher_gives_the_same_message_for_a_wps_file(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError, match="需要 LibreOffice"):
        read_bytes(WORD_DOC, "年报.wps")


def test_an_old_excel_file_is_named_as_such_without_needing_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError, match="Excel"):
        read_legacy(_ole("Root Entry", "Workbook"), "表格.xls")


def test_a_password_protected_docx_is_named_as_encrypted(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError, match="密码"):
        read_legacy(_ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "年报.docx")


# --- conversion, with a stand-in LibreOffice --------------------------------------------------


def test_a_doc_file_is_converted_in_a_private_folder_and_read_as_docx(fake_soffice):
    log = fake_soffice("convert")
    doc = read_legacy(WORD_DOC, "年报.doc")
    assert [p.text for p in doc.paragraphs] == ["一、总体情况", "全年主动公开政府信息52条。"]
    assert doc.tables[0].rows == [["行政复议", "", ""], ["0", "0", "0"]]
    assert doc.source == "年报.doc"

    args = json.loads(log.read_text())["args"]
    assert "--headless" in args
    assert args[args.index("--convert-to") + 1] == "docx"
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    outdir = Path(args[args.index("--outdir") + 1])
    workdir = outdir.parent
    # The profile lives in the same fresh folder as the output, and the folder is gone after.
    assert profile.endswith(f"{workdir}/profile")
    assert Path(args[-1]).parent == workdir and args[-1].endswith(".doc")
    assert not workdir.exists()


def test_a_wps_file_keeps_its_extension_for_libreoffice(fake_soffice):
    log = fake_soffice("convert")
    read_legacy(WORD_DOC, "年报.WPS")
    assert json.loads(log.read_text())["args"][-1].endswith("report.wps")


def test_libreoffice_is_also_found_under_the_name_libreoffice(fake_soffice):
    fake_soffice("convert", name="libreoffice")
    assert read_legacy(WORD_DOC, "年报.doc").tables


def test_a_file_libreoffice_cannot_load_gives_a_read_error_with_its_reason(fake_soffice):
    fake_soffice("cannot-load")
    with pytest.raises(ReadError) as caught:
        read_legacy(WORD_DOC, "年报.doc")
    message = str(caught.value)
    assert (
        "无法转换" in message
        and "source file could not be loaded" in message
        and "另存为 .docx" in message
    )


def test_a_libreoffice_crash_gives_a_read_error(fake_soffice):
    fake_soffice("crash")
    with pytest.raises(ReadError, match="无法转换"):
        read_legacy(WORD_DOC, "年报.doc")


def test_a_hanging_conversion_is_killed_after_the_timeout(fake_soffice):
    log = fake_soffice("hang")
    start = time.monotonic()
    with pytest.raises(ReadError) as caught:
        read_legacy(WORD_DOC, "年报.doc", timeout=1.0)
    assert time.monotonic() - start < 15
    assert "超过 1 秒" in str(caught.value)
    pid = json.loads(log.read_text())["pid"]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


# --- conversion, with the real LibreOffice ----------------------------------------------------


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed on this machine"
)
def test_a_real_doc_file_converted_by_libreoffice_keeps_its_merged_cells(tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(_docx_bytes())
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (tmp_path / "doc" / "report.doc").read_bytes()
    doc = read_bytes(data, "report.doc")
    assert "全年主动公开政府信息52条。" in doc.text()
    assert doc.tables[0].rows == [["行政复议", "", ""], ["0", "0", "0"]]
