"""The report as a sequence of printable parts, shared by the HTML, DOCX and PDF renderers.

Everything that decides *what* is printed — the title, which sections appear, how a
section's plain text becomes paragraphs, the three tables with their merged header cells,
how a number is written — lives here once, so the three outputs cannot disagree. The
renderers only decide *how* it looks.

The tables are the national format's grids (国办公开办函〔2021〕30号 and 〔2019〕60号),
cell for cell as in the blank official Word template (政务公开年报模版.docx): table 二 on a
grid of 4 columns, one block per 第二十条 item, a block's last column spanning what is
left; table 三 on 3 label columns + 7 applicant columns, with the note cell spanning 3 × 3,
「三、本年度办理结果」 spanning its rows, 「（三）不予公开」 etc. spanning their sub-rows;
table 四 on 15 columns under 行政复议 (5) and 行政诉讼 (10).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..formats import (
    FORMATS,
    OTHER_SUBROWS,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_NOTE,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
    Format,
    format_for_year,
)
from ..model import SECTION_KEYS, Number, Report

CellKind = Literal["note", "group", "col", "row", "value"]
Align = Literal["left", "center"]

# Which table belongs to which section, and the caption that names it for screen readers.
SECTION_TABLES: dict[str, str] = {
    "proactive": "table2",
    "applications": "table3",
    "review_litigation": "table4",
}
CAPTIONS: dict[str, str] = {
    "table2": "主动公开政府信息情况统计表",
    "table3": "收到和处理政府信息公开申请情况统计表",
    "table4": "政府信息公开行政复议、行政诉讼情况统计表",
}

# The statistical tables in 五号 (10.5 pt) on a 14 pt pitch, as offices print them: in the
# body's 小四 表三 runs over two pages and 表四's fifteen columns wrap every label.
TABLE_SIZE_PT = 10.5
TABLE_PITCH_PT = 14.0

# Relative column widths. Table 三's come from the official template's w:tblGrid (754, 921,
# 3271, then 685 for each figure): the long sub-row labels need the room.
_T2_WIDTHS = (1.0, 1.0, 1.0, 1.0)
_T3_WIDTHS = (754, 921, 3271, *([685] * 7))
_T4_WIDTHS = (1.0,) * 15


@dataclass(frozen=True)
class GridCell:
    """One written cell. ``kind`` says what it is for accessibility (column header, row
    header, a value) and for the look (values centred, long labels left)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: CellKind = "value"
    align: Align = "center"


@dataclass(frozen=True)
class Grid:
    """A table as HTML writes it: each row lists the cells that start in it."""

    key: str  # "table2" | "table3" | "table4"
    caption: str
    ncols: int
    rows: tuple[tuple[GridCell, ...], ...]
    header_rows: int
    widths: tuple[float, ...]

    def expanded(self) -> list[list[str]]:
        """The full rectangle: a merged cell's text in its top-left position, ``""`` in the
        positions it covers (what the readers' ``TableBlock`` holds)."""
        out: list[list[str | None]] = [[None] * self.ncols for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while out[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        out[r + dr][c + dc] = ""
                out[r][c] = cell.text
                c += cell.colspan
        return [[x or "" for x in row] for row in out]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...]
    table: Grid | None


@dataclass(frozen=True)
class Layout:
    """Everything printed, in reading order."""

    format: str
    title: str
    title_lines: tuple[str, ...]  # the title as printed: agency, then the year's report
    preface: tuple[str, ...]
    sections: tuple[Section, ...]
    signature: tuple[str, str] | None  # (agency, date) when the report has a date


def value_text(value: Number | None) -> str:
    """A cell's figure as printed: blank stays blank (never 0), integers as integers,
    decimals without exponent or float noise (2.35, not 2.3500000000000001 or 1e-05)."""
    if value is None:
        return ""
    if isinstance(value, bool):  # bool is an int; never meant as a figure
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
        return ""
    if value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def report_format(report: Report) -> str:
    """The report's format; from the year when the report does not name a known one (v2021
    when neither says)."""
    if report.format in FORMATS:
        return report.format
    return format_for_year(report.year) or V2021


def report_title(report: Report) -> str:
    if report.title and report.title.strip():
        return report.title.strip()
    agency = (report.agency or "").strip()
    year = f"{report.year}年" if report.year else ""
    return f"{agency}{year}政府信息公开工作年度报告"


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")


_TITLE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def title_lines(title: str) -> tuple[str, ...]:
    """The title over two lines, the agency first and ``2026年政府信息公开工作年度报告``
    second, as official reports set it (GB/T 9704 §7.3.3: split where the meaning allows).
    One line at 二号 holds about 20 characters, so the one-line title would wrap anywhere,
    e.g. before 报告, which also breaks it apart for anyone reading the PDF back."""
    m = _TITLE_YEAR.search(title)
    if m and m.start() > 0:
        return (title[: m.start()].strip(), title[m.start() :].strip())
    return (title,)


def paragraphs(text: str | None) -> tuple[str, ...]:
    """Plain text to paragraphs: one per line, blank lines dropped (a blank line and a
    single newline both end a paragraph — clerks use either)."""
    if not text:
        return ()
    lines = (line.strip() for line in _LINE_BREAKS.split(text))
    return tuple(line for line in lines if line)


_DATE_LINE = re.compile(
    r"^\s*((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*$"
)


def _without_signature(lines: tuple[str, ...], agency: str | None) -> tuple[str, ...]:
    """A parsed report keeps its closing 署名 and date as the last lines of section 六; the
    renderer prints them once, as the signature, so re-rendering does not double them."""
    out = list(lines)
    if out and _DATE_LINE.match(out[-1]):
        out.pop()
        if out and agency and out[-1].replace(" ", "").endswith(agency.replace(" ", "")):
            out.pop()
    return tuple(out)


def _shown(report: Report, key: str) -> bool:
    """Is section ``key`` printed? All six for a report made from scratch (no section
    marked); for a parsed report only those it had, so a clean copy of a report that lacks
    a section still lacks it (and the checker still says so) instead of inventing one."""
    if not report.sections or not any(report.sections.values()):
        return True
    if report.sections.get(key):
        return True
    table = SECTION_TABLES.get(key)
    return bool(paragraphs(report.texts.get(key))) or (
        table is not None and getattr(report, table) is not None
    )


def build_layout(report: Report) -> Layout:
    fmt_name = report_format(report)
    fmt = FORMATS[fmt_name]
    signature = None
    if report.publication_date is not None:
        d = report.publication_date
        signature = ((report.agency or "").strip(), f"{d.year}年{d.month}月{d.day}日")
    sections: list[Section] = []
    for key in SECTION_KEYS:
        if not _shown(report, key):
            continue
        lines = paragraphs(report.texts.get(key))
        table_key = SECTION_TABLES.get(key)
        grid = table_grid(report, table_key, fmt) if table_key else None
        if grid is not None:
            # Our own caption comes back as a paragraph when our HTML is parsed: drop it.
            lines = tuple(line for line in lines if line != grid.caption)
        if key == "other_matters" and signature is not None:
            lines = _without_signature(lines, report.agency)
        sections.append(Section(key, SECTIONS[key], lines, grid))
    title = report_title(report)
    return Layout(
        format=fmt_name,
        title=title,
        title_lines=title_lines(title),
        preface=paragraphs(report.preface),
        sections=tuple(sections),
        signature=signature,
    )


def table_grid(report: Report, key: str, fmt: Format) -> Grid | None:
    data = getattr(report, key)
    if data is None:
        return None
    if key == "table2":
        return table2_grid(data, fmt)
    if key == "table3":
        single_other = fmt.name == V2019 or report.table3_single_other
        return table3_grid(data, fmt, single_other=single_other)
    return table4_grid(data)


def _value(
    data: dict[str, dict[str, Number | None]], row: str, col: str, span: int = 1
) -> GridCell:
    return GridCell(value_text(data.get(row, {}).get(col)), colspan=span)


def table2_grid(data: dict[str, dict[str, Number | None]], fmt: Format) -> Grid:
    ncols = 4
    rows: list[tuple[GridCell, ...]] = []
    for block in fmt.table2:
        rows.append((GridCell(block.title, colspan=ncols, kind="group"),))
        cols = list(block.columns.items())
        last_span = ncols - len(cols)  # the block's last column takes the rest of the grid
        rows.append(
            (GridCell("信息内容", kind="col"),)
            + tuple(
                GridCell(label, colspan=last_span if i == len(cols) - 1 else 1, kind="col")
                for i, (_, label) in enumerate(cols)
            )
        )
        for row, label in block.rows.items():
            rows.append(
                (GridCell(label, kind="row"),)
                + tuple(
                    _value(data, row, col, last_span if i == len(cols) - 1 else 1)
                    for i, (col, _) in enumerate(cols)
                )
            )
    return Grid("table2", CAPTIONS["table2"], ncols, tuple(rows), 0, _T2_WIDTHS)


def _t3_group(row: str) -> str | None:
    if row in OTHER_SUBROWS:
        return "other"
    for prefix in ("denied", "unable", "notproc"):
        if row.startswith(prefix + "_"):
            return prefix
    return None


def table3_row_keys(fmt: Format, *, single_other: bool) -> list[str]:
    """Table 三's data rows in order; one （六）其他处理 row instead of three when asked
    (v2019, or a v2021 report written with the old row)."""
    keys = [k for k in fmt.table3_rows if not (single_other and k in OTHER_SUBROWS)]
    if single_other and "other" not in keys:
        keys.insert(keys.index("total_processed"), "other")
    return keys


def table3_grid(
    data: dict[str, dict[str, Number | None]], fmt: Format, *, single_other: bool
) -> Grid:
    keys = table3_row_keys(fmt, single_other=single_other)
    labels = {**fmt.table3_rows, "other": TABLE3_GROUPS["other"]}
    results = keys[keys.index("granted") : keys.index("total_processed") + 1]
    group_sizes: dict[str, int] = {}
    for row in keys:
        group = _t3_group(row)
        if group:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    org_columns = ("commercial", "research", "public_interest", "legal_service", "other_org")
    rows: list[tuple[GridCell, ...]] = [
        (
            GridCell(TABLE3_NOTE, rowspan=3, colspan=3, kind="note"),
            GridCell("申请人情况", colspan=7, kind="col"),
        ),
        (
            GridCell(TABLE3_COLUMNS["natural_person"], rowspan=2, kind="col"),
            GridCell("法人或其他组织", colspan=5, kind="col"),
            GridCell(TABLE3_COLUMNS["total"], rowspan=2, kind="col"),
        ),
        tuple(GridCell(TABLE3_COLUMNS[c], kind="col") for c in org_columns),
    ]
    seen: set[str] = set()
    for row in keys:
        label = labels[row]
        cells: list[GridCell] = []
        if row not in results:
            cells.append(GridCell(label, colspan=3, kind="row", align="left"))
        else:
            if row == results[0]:
                cells.append(GridCell(TABLE3_GROUPS["results"], rowspan=len(results), kind="row"))
            group = _t3_group(row)
            if group is None:
                cells.append(GridCell(label, colspan=2, kind="row", align="left"))
            else:
                if group not in seen:
                    seen.add(group)
                    cells.append(
                        GridCell(TABLE3_GROUPS[group], rowspan=group_sizes[group], kind="row")
                    )
                cells.append(GridCell(label, kind="row", align="left"))
        cells.extend(_value(data, row, col) for col in TABLE3_COLUMNS)
        rows.append(tuple(cells))
    return Grid("table3", CAPTIONS["table3"], 10, tuple(rows), 3, _T3_WIDTHS)


def table4_grid(data: dict[str, dict[str, Number | None]]) -> Grid:
    labels = list(TABLE4_COLUMNS.values())
    rows = (
        (GridCell("行政复议", colspan=5, kind="col"), GridCell("行政诉讼", colspan=10, kind="col")),
        tuple(GridCell(label, rowspan=2, kind="col") for label in labels)
        + (
            GridCell("未经复议直接起诉", colspan=5, kind="col"),
            GridCell("复议后起诉", colspan=5, kind="col"),
        ),
        tuple(GridCell(label, kind="col") for label in labels) * 2,
        tuple(_value(data, block, col) for block in TABLE4_BLOCKS for col in TABLE4_COLUMNS),
    )
    return Grid("table4", CAPTIONS["table4"], 15, rows, 3, _T4_WIDTHS)


__all__ = [
    "CAPTIONS",
    "Grid",
    "GridCell",
    "Layout",
    "Section",
    "V2019",
    "V2021",
    "build_layout",
    "paragraphs",
    "report_format",
    "report_title",
    "table2_grid",
    "table3_grid",
    "table4_grid",
    "value_text",
]
