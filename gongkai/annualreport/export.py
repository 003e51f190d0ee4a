"""The dataset of many reports: one row per report, one column per table cell.

A county 政务公开办 checking 80 reports, or a researcher comparing a province, wants the
figures in a spreadsheet. The columns are the union of both formats' cells in the order of
the paper form, so a v2019 and a v2021 report share one sheet (cells a format does not
have stay empty — empty, not zero, as in the model). A file that could not be read still
gets its row, with the reason, so nothing silently drops out of a count.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from gongkai.spreadsheets import csv_cell, keep_as_text

from .model import Report, Severity
from .output import all_cells, count_by_severity

# Excel on Windows reads a CSV without a byte-order mark as the local code page (GBK),
# which garbles every Chinese character; the BOM makes it read UTF-8.
CSV_ENCODING = "utf-8-sig"


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # in Chinese, for the second header row of the spreadsheet


@dataclass(frozen=True)
class ExportItem:
    """One input: its report, or why it could not be read."""

    source: str
    report: Report | None = None
    error: str | None = None


_HEAD = (
    Column("source", "文件"),
    Column("agency", "单位"),
    Column("year", "年度"),
    Column("format", "格式"),
)
_TAIL = (
    Column("errors", "错误数"),
    Column("warnings", "警告数"),
    Column("infos", "提示数"),
    Column("rules", "发现的问题（规则编号）"),
    Column("read_error", "无法读取的原因"),
)


def columns() -> list[Column]:
    """All columns, stable from one run (and one release) to the next."""
    return [*_HEAD, *(Column(c.location, c.label) for c in all_cells()), *_TAIL]


def row_for(item: ExportItem) -> list[Any]:
    """Values in the order of ``columns()``; None for an empty cell."""
    r = item.report
    if r is None:
        cells: list[Any] = [None] * len(all_cells())
        return [
            item.source,
            None,
            None,
            None,
            *cells,
            None,
            None,
            None,
            None,
            item.error or "无法读取",
        ]
    counts = count_by_severity(r.findings)
    rules = " ".join(sorted({f.rule for f in r.findings}, key=_rule_sort_key))
    return [
        item.source,
        r.agency,
        r.year,
        r.format,
        *(r.value(c.location) for c in all_cells()),
        counts[Severity.ERROR],
        counts[Severity.WARNING],
        counts[Severity.INFO],
        rules,
        item.error,
    ]


def _rule_sort_key(rule: str) -> tuple[str, int, str]:
    prefix, _, num = rule.partition("-")
    return (prefix, int(num) if num.isdigit() else 0, rule)


def rows(items: Iterable[ExportItem]) -> list[list[Any]]:
    return [row_for(i) for i in items]


def _csv_value(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    # A file name or an agency name as written can start like a formula.
    return str(csv_cell(v))


def write_csv(target: Path | IO[str], items: Sequence[ExportItem]) -> int:
    """Write the dataset as CSV (UTF-8 with BOM when written to a file). Returns the row count."""
    if isinstance(target, Path):
        with target.open("w", encoding=CSV_ENCODING, newline="") as fh:
            return _write_csv(fh, items)
    return _write_csv(target, items)


def _write_csv(fh: IO[str], items: Sequence[ExportItem]) -> int:
    writer = csv.writer(fh)
    writer.writerow([c.key for c in columns()])
    n = 0
    for item in items:
        writer.writerow([_csv_value(v) for v in row_for(item)])
        n += 1
    return n


def csv_text(items: Sequence[ExportItem]) -> str:
    buf = io.StringIO()
    _write_csv(buf, items)
    return buf.getvalue()


def write_xlsx(target: Path | IO[bytes], items: Sequence[ExportItem]) -> int:
    """Write the dataset as an Excel workbook: keys in row 1, Chinese labels in row 2,
    both frozen with the four identifying columns; numbers stored as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    cols = columns()
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告数据"
    ws.append([c.key for c in cols])
    ws.append([c.label for c in cols])
    n = 0
    for item in items:
        ws.append(row_for(item))
        keep_as_text(ws[ws.max_row])
        n += 1

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEEEEE")
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for cell in ws[2]:
        cell.font = bold
        cell.alignment = wrap
        cell.fill = fill
    ws.row_dimensions[2].height = 75
    for i, c in enumerate(cols, start=1):
        letter = get_column_letter(i)
        if c.key == "source":
            ws.column_dimensions[letter].width = 36
        elif c.key in ("agency", "rules", "read_error"):
            ws.column_dimensions[letter].width = 24
        else:
            ws.column_dimensions[letter].width = 14
    ws.freeze_panes = "E3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(2, n + 2)}"
    if isinstance(target, Path):
        wb.save(str(target))
    else:
        wb.save(target)
    return n


def write_csv_stdout(items: Sequence[ExportItem]) -> int:
    """``--csv -``: no BOM on a pipe, the next program is not Excel."""
    return _write_csv(sys.stdout, items)
