"""Screening a text or a file: every detector, one list of findings.

``screen_text`` runs the dictionary (C-1 typos, C-2 expressions and leaders), the stray
token detectors (C-1) and the personal-data detectors (C-3) over one string. Links (C-4)
need the network and are checked only when asked (``screen_file(..., links=True)`` or
``links.check_links``), never as a side effect of screening.

``screen_file`` reads any file the annual-report readers read (text, HTML, DOCX, PDF,
.doc/.wps through LibreOffice) plus XLSX, and screens it block by block so that each
finding says where it is: a line of a text file, a paragraph, a table cell, a sheet cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..annualreport.document import Document, Paragraph, ReadError, TableBlock
from .dictionary import Dictionary, default_dictionary
from .findings import ScreeningFinding
from .links import Fetcher, check_links, extract_links, link_findings
from .personal import find_personal_data, mask
from .stray import find_stray_tokens

__all__ = ["FileScreening", "ReadError", "Unit", "screen_document", "screen_file", "screen_text"]

# Labels after which a number is the office's published contact, not a private person's
# (used by the annual-report checker, whose reports end with the office's 联系电话).
_CONTACT_LABEL = re.compile(
    r"(?:联系电话|咨询电话|办公电话|监督电话|投诉电话|举报电话|服务热线|热线电话|联系方式|传真|电话号码)"
    r"[^。；;\n]{0,12}$"
)


def screen_text(
    text: str,
    dictionary: Dictionary | None = None,
    *,
    own_numbers: Iterable[str] = (),
    personal: bool = True,
    stray: bool = True,
    landlines: bool = True,
    emails: bool = True,
    contact_labels_are_own: bool = False,
    today: dt.date | None = None,
) -> list[ScreeningFinding]:
    """Every C-1, C-2 and C-3 finding in ``text``, ordered by position.

    ``dictionary``: defaults to the starter dictionary (built once per process).
    ``own_numbers``: the office's published phone numbers and e-mail addresses.
    ``contact_labels_are_own``: a number right after 联系电话/咨询电话/… is taken as the
    office's own (for texts the office writes about itself, such as the annual report;
    not for a list of residents, where a 联系电话 column holds private numbers).
    """
    if not text:
        return []
    found = list((dictionary or default_dictionary()).screen(text))
    if stray:
        found.extend(find_stray_tokens(text))
    if personal:
        own = list(own_numbers)
        for f in find_personal_data(text, own, landlines=landlines, emails=emails, today=today):
            if contact_labels_are_own and _CONTACT_LABEL.search(
                text, max(0, f.start - 30), f.start
            ):
                continue
            found.append(f)
    return sorted(found, key=lambda f: (f.start, f.end, f.rule))


@dataclass
class Unit:
    """One screened piece of a file: a line, a paragraph or a table cell."""

    where: str
    text: str
    row: str = ""  # the table row a cell belongs to; cells of one row are masked as one line


@dataclass
class FileScreening:
    source: str
    kind: str
    units: list[Unit] = field(default_factory=list)
    findings: list[ScreeningFinding] = field(default_factory=list)  # .where = unit.where
    problems: list[str] = field(default_factory=list)  # what the reader could not read

    def unit(self, where: str) -> Unit | None:
        return next((u for u in self.units if u.where == where), None)

    def masked_text(self) -> str:
        """The file's text with its personal data masked: a text file keeps its lines; the
        cells of one table row (or sheet row) are joined by tabs, one row a line."""
        by_unit: dict[str, list[ScreeningFinding]] = {}
        for f in self.findings:
            by_unit.setdefault(f.where, []).append(f)
        lines: list[str] = []
        current_row: str | None = None
        for u in self.units:
            masked = mask(u.text, by_unit.get(u.where, []))
            if u.row and u.row == current_row:
                lines[-1] += "\t" + masked.replace("\n", " ")
                continue
            current_row = u.row
            lines.append(masked.replace("\n", " ") if u.row else masked)
        return "\n".join(lines)


def _units_of_document(doc: Document) -> list[Unit]:
    units: list[Unit] = []
    paragraph = table = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            paragraph += 1
            if block.text.strip():
                units.append(Unit(f"第 {paragraph} 段", block.text))
        elif isinstance(block, TableBlock):
            table += 1
            for r, cells in enumerate(block.rows, start=1):
                for c, cell in enumerate(cells, start=1):
                    if cell.strip():
                        units.append(Unit(f"表格 {table} 第 {r} 行第 {c} 列", cell, f"{table}:{r}"))
    return units


def screen_document(
    doc: Document, dictionary: Dictionary | None = None, **options: object
) -> FileScreening:
    """Screen every paragraph and table cell of a document read by the annual-report readers."""
    result = FileScreening(
        doc.source, doc.kind, _units_of_document(doc), problems=list(doc.problems)
    )
    _screen_units(result, dictionary, options)
    return result


def _screen_units(result: FileScreening, dictionary: Dictionary | None, options: dict) -> None:
    for unit in result.units:
        for f in screen_text(unit.text, dictionary, **options):  # type: ignore[arg-type]
            result.findings.append(f.at(unit.where))


def _is_xlsx(data: bytes) -> bool:
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "xl/workbook.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _xlsx_units(data: bytes) -> list[Unit]:
    """Cells of every sheet. The annual-report readers have no spreadsheet reader (a report
    is never published as one), but 低保/救助 lists mostly are: read them with openpyxl."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 — openpyxl raises many kinds on a damaged file
        raise ReadError(f"无法读取 Excel 文件（{type(e).__name__}）") from e
    units: list[Unit] = []
    for sheet in book.worksheets:
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                # A number typed into a cell (a 身份证号 saved as a number loses nothing up
                # to 15 digits; bank cards are usually text) is screened as its digits.
                text = (
                    str(int(value))
                    if isinstance(value, float) and value.is_integer()
                    else str(value)
                )
                if text.strip():
                    units.append(
                        Unit(
                            f"工作表「{sheet.title}」{get_column_letter(c)}{r} 单元格",
                            text,
                            f"{sheet.title}:{r}",
                        )
                    )
    book.close()
    return units


def screen_file(
    path: str | Path,
    dictionary: Dictionary | None = None,
    *,
    links: bool = False,
    own_hosts: Iterable[str] = (),
    external: bool = False,
    fetch: Fetcher | None = None,
    **options: object,
) -> FileScreening:
    """Read and screen one file. Raises ``ReadError`` (Chinese message) when unreadable.

    A plain-text file is screened line by line ("第 n 行") and keeps its lines when masked;
    other files block by block through the annual-report readers. ``links=True`` also
    checks the links (own hosts; external ones with ``external=True``).
    """
    from ..annualreport.readers import MAX_BYTES, decode_text, read_bytes, sniff

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"无法读取文件：{e.strerror or e}") from e
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件过大（{len(data) // (1024 * 1024)} MB）")
    if not data.strip():
        raise ReadError("文件是空的")
    kind = sniff(data)
    raw_text: str | None = None
    if kind == "text":
        raw_text = decode_text(data)
        lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        result = FileScreening(
            path.name, "text", [Unit(f"第 {i} 行", line) for i, line in enumerate(lines, 1)]
        )
    elif _is_xlsx(data):
        result = FileScreening(path.name, "xlsx", _xlsx_units(data))
    else:
        doc = read_bytes(data, path.name)
        result = FileScreening(
            path.name, doc.kind, _units_of_document(doc), problems=list(doc.problems)
        )
        if kind == "html":
            raw_text = decode_text(data)
    _screen_units(result, dictionary, options)
    if links:
        _screen_links(result, raw_text, own_hosts, external, fetch)
    return result


def _screen_links(
    result: FileScreening,
    raw_html: str | None,
    own_hosts: Iterable[str],
    external: bool,
    fetch: Fetcher | None,
) -> None:
    found = [(u.where, link) for u in result.units for link in extract_links(u.text)]
    if result.kind == "html" and raw_html is not None:
        known = {link.url for _, link in found}
        found += [("网页源代码", link) for link in extract_links(raw_html) if link.url not in known]
    results = check_links([link for _, link in found], own_hosts, fetch, external=external)
    for where, link in found:
        for f in link_findings([link], results):
            result.findings.append(f.at(where))
