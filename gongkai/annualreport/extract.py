"""From a read Document to the canonical Report: metadata, sections, tables 二/三/四.

One extractor serves every reader. It never relies on where a cell sits in its row —
rows lose leading cells after a page break, HTML and DOCX merge cells, flattened text
loses rows entirely — but on what the cells say: each run of labels is followed by a run
of figures, the last label names the row, earlier labels set the context (which table,
which 第二十条 block, which group of table 三, which columns). The format is recognised
from the table headers, never from the title.

What the extractor notices but cannot judge (a label variant, an extra row, a cell
written as "/") is recorded on the Report for the checks to word as findings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from .document import Document, Paragraph, TableBlock
from .formats import (
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    OTHER_SUBROWS,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from .model import SECTION_KEYS, Finding, LabelVariant, Report, Severity
from .normalize import CellKind, label_key, parse_cell, split_enumerator

# ---------------------------------------------------------------------------------------
# Vocabulary, built once from formats.py


def _core(label: str) -> str:
    return split_enumerator(label_key(label))[1]


_T2_BLOCK_BY_NUMERAL = {
    "一": "art20_1",
    "五": "art20_5",
    "六": "art20_6",
    "八": "art20_8",
    "九": "art20_9",
}
_T2_ROWS: dict[str, str] = {}  # core -> row key, both formats
_T2_ROW_FORMAT: dict[str, set[str]] = {}
_T2_COLS: dict[str, tuple[str, str]] = {}  # core -> (column key, format)
for _fmt in (FORMAT_2021, FORMAT_2019):
    for _block in _fmt.table2:
        for _row, _label in _block.rows.items():
            _T2_ROWS[_core(_label)] = _row
            _T2_ROW_FORMAT.setdefault(_core(_label), set()).add(_fmt.name)
        for _col, _label in _block.columns.items():
            _T2_COLS.setdefault(_core(_label), (_col, _fmt.name))
# "规范性文件" is v2019's row, "行政规范性文件" v2021's: both mean normative_documents.

_T3_ROWS: dict[str, str] = {}
for _row, _label in {**FORMAT_2021.table3_rows, **FORMAT_2019.table3_rows}.items():
    _T3_ROWS[_core(_label)] = _row
_T3_GROUPS = {
    _core("三、本年度办理结果"): "results",
    _core("（三）不予公开"): "denied",
    _core("（四）无法提供"): "unable",
    _core("（五）不予处理"): "notproc",
    _core("（六）其他处理"): "other",
}
_T3_COLS = {_core(label): key for key, label in TABLE3_COLUMNS.items()}
_T3_HEADER_WORDS = ("本列数据的勾稽关系", "申请人情况", "法人或其他组织")
_T4_COLS = {_core(label): key for key, label in TABLE4_COLUMNS.items()}
_T4_HEADER_WORDS = {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"}
_T4_CELLS = [(block, col) for block in TABLE4_BLOCKS for col in TABLE4_COLUMNS]
_EXTRA_WORDS = ("小计", "合计")

_SECTION_KEYWORDS = {
    "overview": ("总体",),
    "proactive": ("主动公开",),
    "applications": ("收到和处理", "依申请", "申请情况"),
    "review_litigation": ("复议", "诉讼"),
    "problems": ("问题", "改进"),
    "other_matters": ("其他需要报告", "其他事项", "需要报告"),
}
_NUMERALS = "一二三四五六"
_SECTION_HEAD = re.compile(r"^([一二三四五六])\s*[、.．,，]\s*(.+)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_TITLE_WORDS = ("信息公开", "政务公开")
_DATE_LINE = re.compile(
    r"^\s*((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*$"
)
_PREFACE_TITLE = re.compile(
    r"《([^《》]{2,40}?)\s*(?:19|20)\d{2}\s*年度?政府信息公开工作年度报告》"
)


@lru_cache(maxsize=4096)
def _fuzzy(core: str, candidates: tuple[str, ...], threshold: float = 0.72) -> str | None:
    best, best_ratio = None, threshold
    for cand in candidates:
        ratio = SequenceMatcher(None, core, cand, autojunk=False).ratio()
        if ratio > best_ratio:
            best, best_ratio = cand, ratio
    return best


# ---------------------------------------------------------------------------------------
# Logical rows: labels then figures


@dataclass
class _Row:
    labels: list[str]
    values: list[str]
    origin: str
    start: int = -1  # where the figures start in the physical row (-1: flattened text)
    # Learned from the complete rows of the same block: (start, cells, figures) -> empty
    # cells before the first figure. Shared by the rows of one block.
    leads: dict[tuple[int, int, int], int] = field(default_factory=dict)
    # Empty cells after the last figure, per number of figures, when every complete row of
    # the block agrees (a grid-faithful export pads every row alike).
    trails: dict[int, int] = field(default_factory=dict)
    cells: list[str] | None = None  # the physical row, when the reader knows rows


def _logical_rows(block: TableBlock) -> list[_Row]:
    rows: list[_Row] = []
    if block.rows_known:
        for cells in block.rows:
            last_label = max(
                (i for i, c in enumerate(cells) if c.strip() and not parse_cell(c).is_value),
                default=-1,
            )
            labels = [
                c for c in cells[: last_label + 1] if c.strip() and not parse_cell(c).is_value
            ]
            values = cells[last_label + 1 :]
            if labels or any(v.strip() for v in values):
                rows.append(_Row(labels, values, block.origin, start=last_label + 1, cells=cells))
    else:
        # Flattened: one cell per entry. A label after a figure starts a new row.
        labels: list[str] = []
        values: list[str] = []
        for cells in block.rows:
            for c in cells:
                is_value = parse_cell(c).is_value
                if is_value and not c.strip() and not labels and not values:
                    continue
                if not is_value:
                    if values:
                        rows.append(_Row(labels, values, block.origin))
                        labels, values = [], []
                    labels.append(c)
                else:
                    values.append(c)
        if labels or values:
            rows.append(_Row(labels, values, block.origin))
    leads, trails = _learn_padding(rows)
    for row in rows:
        row.leads, row.trails = leads, trails
    return rows


def _learn_padding(rows: list[_Row]) -> tuple[dict[tuple[int, int, int], int], dict[int, int]]:
    """How a block pads its rows, learned from the rows that have every figure.

    A merged label leaves empty cells before the figures (how many depends on the writer:
    Word's copy leaves one, a grid-faithful export two), and rows may carry trailing
    padding. A row with a blank cell is ambiguous on its own; complete rows of the same
    shape (figures starting at the same place, as many cells) say where the figures start,
    and when every complete row ends its figures the same distance from the row's end, so
    does that distance. Shapes whose complete rows disagree teach nothing.
    """
    seen: dict[tuple[int, int, int], set[int]] = {}
    ends: dict[int, set[int]] = {}
    for row in rows:
        filled = [i for i, v in enumerate(row.values) if v.strip()]
        if filled and filled[-1] - filled[0] + 1 == len(filled):
            seen.setdefault((row.start, len(row.values), len(filled)), set()).add(filled[0])
            ends.setdefault(len(filled), set()).add(len(row.values) - 1 - filled[-1])
    leads = {shape: next(iter(v)) for shape, v in seen.items() if len(v) == 1}
    trails = {width: next(iter(v)) for width, v in ends.items() if len(v) == 1}
    return leads, trails


def _fit(row: _Row, width: int) -> list[str]:
    """The row's `width` figure cells, blanks in their places; fewer when cut short."""
    values = row.values
    filled = [i for i, v in enumerate(values) if v.strip()]
    if len(filled) == width:
        # Every cell is written: whatever the padding, these are the figures in order.
        return [values[i] for i in filled]
    if len(values) == width:
        return list(values)  # no padding at all: blanks are where they stand
    # Only a row with all `width` figures, of the same shape, can teach where they start.
    lead = row.leads.get((row.start, len(values), width))
    if (
        filled
        and len(filled) < width
        and lead is not None
        and lead <= filled[0]
        and filled[-1] < lead + width
    ):
        return values[lead : lead + width]
    trail = row.trails.get(width)
    if filled and trail is not None:
        end = len(values) - trail
        if 0 <= end - width <= filled[0] and filled[-1] < end:
            return values[end - width : end]
    # Nothing to learn from: trailing empties are taken for padding first, then leading
    # ones for merged label cells.
    vals = list(values)
    while len(vals) > width and not vals[-1].strip():
        vals.pop()
    while len(vals) > width and not vals[0].strip():
        vals.pop(0)
    if len(vals) < width:
        # Shorter than the table: the row was cut off at its end (a truncated file), so
        # the empty cells after its label are the label's merged cells, not blank figures.
        while vals and not vals[0].strip():
            vals.pop(0)
    return vals


# ---------------------------------------------------------------------------------------
# The walk over all table rows of the document


@dataclass
class _State:
    report: Report
    table: str | None = None  # "table2", "table3", "table4"
    t2_columns: list[tuple[str, str]] = field(default_factory=list)  # (col key, format)
    t2_collecting: bool = False
    t2_formats: set[str] = field(default_factory=set)
    t2: dict[str, dict[str, object]] = field(default_factory=dict)
    t3_group: str | None = None
    t3: dict[str, list[str]] = field(default_factory=dict)
    t3_sub_other: bool = False
    t3_single_other: bool = False
    t3_extra_column: bool = False
    t3_header_seen: bool = False
    # Where 自然人 stands in table 三's header, and how wide that header row is: in a grid
    # (HTML, Word, PDF, or text that keeps every cell) the figures stand below it.
    t3_columns_at: tuple[int, int] | None = None
    # Where table 二's column headers stand in the 信息内容 row of the current block, and how
    # wide that row is: in a grid the figures stand below them, blanks included.
    t2_columns_at: tuple[tuple[int, ...], int] | None = None
    t4_values: list[str] | None = None
    t4_header_seen: bool = False
    normative_core: str | None = None
    variants: dict[str, LabelVariant] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)


def _variant(state: _State, location: str, found: str, official: str) -> None:
    state.variants.setdefault(location, LabelVariant(location, found.strip(), official))


def _walk_table_rows(rows: list[_Row], state: _State) -> None:
    state.t3_columns_at = None  # a header's columns hold for its own block only
    for row in rows:
        _note_t3_header(state, row)
        last = len(row.labels) - 1
        target: tuple[str, str] | None = None  # (table, row key) the values belong to
        for i, label in enumerate(row.labels):
            target = _label(state, label, is_last=(i == last), has_values=_has_values(row.values))
        _note_t2_header(state, row)
        if target is None:
            if state.table == "table4" and _has_values(row.values):
                _t4_values(state, row)
            continue
        table, key = target
        if table == "table2":
            _t2_values(state, key, row)
        elif table == "table3":
            state.t3.setdefault(key, _fit_t3(state, row, key))


def _has_values(values: list[str]) -> bool:
    return any(v.strip() for v in values)


def _label(state: _State, label: str, *, is_last: bool, has_values: bool) -> tuple[str, str] | None:
    """Update the context for one label; return (table, row) when it names a data row.

    Exact matches decide first, whatever table we think we are in; only then is a label
    compared loosely with the labels of the current table (a variant, reported as F-3).
    """
    key = label_key(label)
    enum, core = split_enumerator(key)
    if not core:
        return None
    if "第二十条第" in core:
        state.table = "table2"
        m = re.search(r"第\(?([一二三四五六七八九十]+)\)?项", core)
        if m and _T2_BLOCK_BY_NUMERAL.get(m.group(1)) == "art20_9":  # only v2019 has （九）
            state.t2_formats.add(V2019)
        state.t2_columns, state.t2_collecting = [], False
        state.t2_columns_at = None
        return None
    if core == "信息内容":
        state.table = "table2"
        state.t2_columns, state.t2_collecting = [], True
        return None
    if any(w in core for w in _T3_HEADER_WORDS):
        state.table, state.t3_header_seen = "table3", True
        return None
    if core in _T4_HEADER_WORDS:
        state.table, state.t4_header_seen = "table4", True
        return None
    if core in _T2_COLS:
        _t2_column(state, _T2_COLS[core])
        return None
    if core in _T2_ROWS:
        return _t2_row(state, _T2_ROWS[core], core)
    if state.table == "table4" and core in _T4_COLS:
        return None  # 总计 here is table 四's column even when figures follow it
    exact = _t3_exact(state, enum, core, is_last=is_last, has_values=has_values)
    if exact is not _NOT_FOUND:
        return exact  # type: ignore[return-value]
    if state.table == "table4" and _fuzzy(core, tuple(_T4_COLS)):
        return None
    return _loose(state, label, core, is_last=is_last, has_values=has_values)


_NOT_FOUND = object()


def _t2_column(state: _State, col: tuple[str, str]) -> None:
    state.table = "table2"
    if not state.t2_collecting:
        state.t2_columns, state.t2_collecting = [], True
    state.t2_columns.append(col)
    state.t2_formats.add(col[1])


def _t2_row(state: _State, row: str, core: str) -> tuple[str, str]:
    state.table = "table2"
    state.t2_collecting = False
    if row == "other_services":
        state.t2_formats.add(V2019)
    if row == "normative_documents":
        state.normative_core = core
    return ("table2", row)


def _t3_exact(state: _State, enum: str, core: str, *, is_last: bool, has_values: bool) -> object:
    """Exact table 三 vocabulary; _NOT_FOUND when the label is not one of it."""
    data_row = is_last and has_values
    if core == _core("（六）其他处理"):
        if data_row:
            return _t3_row(state, "other")
        state.table, state.t3_group = "table3", "other"
        return None
    if core in _T3_GROUPS:
        state.table, state.t3_group = "table3", _T3_GROUPS[core]
        return None
    if core == "其他" and data_row and (state.t3_group == "other" or enum):
        return _t3_row(state, "other_misc")
    if core == "总计" and data_row and state.t3:
        return _t3_row(state, "total_processed")
    if core in _T3_COLS:
        if state.table != "table4":
            state.table, state.t3_header_seen = "table3", True
        return None
    row = _T3_ROWS.get(core)
    if row is None:
        return _NOT_FOUND
    return _t3_row(state, row) if is_last else None


def _loose(
    state: _State, label: str, core: str, *, is_last: bool, has_values: bool
) -> tuple[str, str] | None:
    """A label that is none of the official ones: a variant of one, or an extra row/column."""
    if state.table == "table2":
        if state.t2_collecting and not has_values:
            near = _fuzzy(core, tuple(_T2_COLS))
            if near is not None:
                col = _T2_COLS[near]
                _variant(
                    state, f"table2.column.{col[0]}", label, _official_t2_column(col[0], col[1])
                )
                _t2_column(state, col)
                return None
        near = _fuzzy(core, tuple(_T2_ROWS))
        if near is not None:
            row = _T2_ROWS[near]
            _variant(state, f"table2.{row}", label, _official_t2_row(row, state))
            return _t2_row(state, row, near)
    elif state.table == "table3":
        if core == "社会组织" or (not state.t3 and not has_values):
            near = _core("社会公益组织") if core == "社会组织" else _fuzzy(core, tuple(_T3_COLS))
            if near is not None:
                col = _T3_COLS[near]
                _variant(state, f"table3.column.{col}", label, TABLE3_COLUMNS[col])
                return None
        near = _fuzzy(core, tuple(_T3_ROWS))
        if near is not None:
            row = _T3_ROWS[near]
            _variant(state, f"table3.{row}", label, _T3_OFFICIAL[row])
            return _t3_row(state, row) if is_last else None
    if state.table is not None and (
        any(w in core for w in _EXTRA_WORDS) or (is_last and has_values)
    ):
        state.report.extra_labels.append((state.table, label.strip()))
        if state.table == "table3" and not state.t3 and not has_values:
            state.t3_extra_column = True
    return None


_T3_OFFICIAL = {**FORMAT_2021.table3_rows, **FORMAT_2019.table3_rows}


def _t3_row(state: _State, row: str) -> tuple[str, str]:
    state.table = "table3"
    if row in OTHER_SUBROWS:
        state.t3_sub_other = True
    elif row == "other":
        state.t3_single_other = True
    return ("table3", row)


def _official_t2_column(col: str, fmt: str) -> str:
    for block in FORMATS[fmt].table2:
        if col in block.columns:
            return block.columns[col]
    return col


def _official_t2_row(row: str, state: _State) -> str:
    fmt = FORMATS[_t2_format(state) or V2021]
    return fmt.table2_row_labels().get(row, row)


def _t2_format(state: _State) -> str | None:
    """The format table 二's headers show; a mixture goes by the majority of columns."""
    if not state.t2_formats:
        return None
    if len(state.t2_formats) == 1:
        return next(iter(state.t2_formats))
    cols = [f for _, f in state.t2_columns]
    return V2019 if cols.count(V2019) > cols.count(V2021) else V2021


def _note_t2_header(state: _State, row: _Row) -> None:
    """Remember where the column headers of a 信息内容 row stand (grids only)."""
    if row.cells is None or not any(
        split_enumerator(label_key(label))[1] == "信息内容" for label in row.labels
    ):
        return
    at = tuple(
        i for i, cell in enumerate(row.cells) if split_enumerator(label_key(cell))[1] in _T2_COLS
    )
    state.t2_columns_at = (at, len(row.cells)) if at else None


def _t2_values(state: _State, row: str, r: _Row) -> None:
    columns = state.t2_columns or _default_t2_columns(state, row)
    at = state.t2_columns_at
    if at and r.cells is not None and len(r.cells) == at[1] and len(at[0]) == len(columns):
        # A grid row as wide as its header: each figure stands below its column, so a blank
        # cell is not confused with the cells a merged column covers (v2019 表二 （九）:
        # 采购总金额 spans two cells, 「规章」 may leave its first one blank).
        values = [r.cells[i] for i in at[0]]
    else:
        values = _fit(r, len(columns))
    if 0 < len(values) < len(columns) and _has_values(values):
        label = _official_t2_row(row, state)
        state.problems.append(
            Finding(
                "R-2",
                Severity.WARNING,
                f"table2.{row}",
                f"表二「{label}」行只读到 {len(values)} 个数（应有 {len(columns)} 个），空着的格子无法确定是哪一列，请核对原表",
                {"found": len(values), "expected": len(columns)},
            )
        )
    cells = state.t2.setdefault(row, {})
    for (col, _fmt), raw in zip(columns, values, strict=False):
        cells.setdefault(col, raw)


def _default_t2_columns(state: _State, row: str) -> list[tuple[str, str]]:
    fmt = FORMATS[_t2_format(state) or V2021]
    for block in fmt.table2:
        if row in block.rows:
            return [(c, fmt.name) for c in block.columns]
    return []


def _note_t3_header(state: _State, row: _Row) -> None:
    if row.cells is None or row.values and _has_values(row.values):
        return
    for i, cell in enumerate(row.cells):
        if cell.strip() and _core(cell) == "自然人":
            state.t3_columns_at = (i, len(row.cells))
            return


# Rows whose label spans every label column: in any writer's layout their figures start in
# the column of 自然人, so the header places them even in a row cut off at its end.
_FULL_SPAN_ROWS = frozenset({"new_received", "carried_in", "carried_forward"})


def _fit_t3(state: _State, row: _Row, key: str) -> list[str]:
    """Table 三's figures of one row. A row missing a figure is placed under the header's
    columns when the block has its header and the row is as wide as the header row (a
    trailing padding cell allowed), or is a full-width row starting at the table's edge;
    otherwise as _fit learns from the block."""
    width = 7 + state.t3_extra_column
    filled = [i for i, v in enumerate(row.values) if v.strip()]
    if len(filled) < width and state.t3_columns_at and row.cells is not None:
        first, header_width = state.t3_columns_at
        absolute = [row.start + i for i in filled]
        inside = all(first <= a < first + width for a in absolute)
        window = row.cells[first : first + width]
        if len(row.cells) in (header_width, header_width + 1) and len(window) == width and inside:
            return window
        at_edge = key in _FULL_SPAN_ROWS and len(row.labels) == 1 and row.cells[0].strip()
        if at_edge and len(row.cells) < header_width and inside:
            return window  # cut short: fewer figures, each in its column; R-2 says so
    return _fit(row, width)


def _t4_values(state: _State, row: _Row) -> None:
    if state.t4_values is None:
        state.t4_values = _fit(row, len(_T4_CELLS))


# ---------------------------------------------------------------------------------------
# Building the report


def extract(doc: Document) -> Report:
    report = Report(source=doc.source)
    for message in doc.problems:
        # A scan with nothing readable is an error; a few scanned pages in a readable
        # report are a warning — the rest was read and checked.
        severity = Severity.ERROR if doc.needs_ocr and not doc.blocks else Severity.WARNING
        report.read_problems.append(
            Finding("R-1" if doc.needs_ocr else "R-2", severity, "file", message)
        )
    state = _State(report)
    _read_paragraphs(doc, report)
    current_section: str | None = None
    heading_blocks = {
        id(b) for b in doc.blocks if isinstance(b, Paragraph) and _section_key(b) is not None
    }
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if id(block) in heading_blocks:
                current_section = _section_key(block)
                state.table = _SECTION_TABLE.get(current_section or "", state.table)
            continue
        _walk_table_rows(_logical_rows(block), state)
    _build_tables(state, report)
    report.label_variants = list(state.variants.values())
    report.read_problems.extend(state.problems)
    return report


_SECTION_TABLE = {"proactive": "table2", "applications": "table3", "review_litigation": "table4"}


def _build_tables(state: _State, report: Report) -> None:
    t2_fmt = _t2_format(state)
    t3_fmt = V2021 if state.t3_sub_other else (V2019 if state.t3_single_other else None)
    if t2_fmt:
        report.formats_seen["table2"] = t2_fmt
    if t3_fmt:
        report.formats_seen["table3"] = t3_fmt
    report.format = t2_fmt or t3_fmt or (V2021 if state.t3 or state.t2 else None)
    fmt = FORMATS[report.format] if report.format else FORMAT_2021

    # 规范性文件 in a v2021 table, 行政规范性文件 in a v2019 one: a label variant (F-3).
    if state.normative_core:
        official = fmt.table2_row_labels()["normative_documents"]
        if _core(official) != state.normative_core:
            _variant(state, "table2.normative_documents", state.normative_core, official)

    data_rows = {k: v for k, v in state.t2.items() if v}
    if data_rows:
        report.table2 = {}
        for row, cols in fmt.table2_rows.items():
            report.table2[row] = {
                col: _cell(report, f"table2.{row}.{col}", data_rows.get(row, {}).get(col))
                for col in cols
            }

    if state.t3:
        rows = list(fmt.table3_rows)
        if report.format == V2021 and state.t3_single_other and not state.t3_sub_other:
            report.table3_single_other = True
            rows.append("other")
        report.table3 = {}
        width = 7 + state.t3_extra_column
        for row in rows:
            raw = state.t3.get(row)
            if raw is not None and state.t3_extra_column and len(raw) == width:
                raw = raw[:6] + raw[7:]  # drop the 小计 column (it sits before 总计)
            if raw is not None and len([v for v in raw if v.strip()]) > 0 and len(raw) < 7:
                label = fmt.table3_rows.get(row, row)
                state.problems.append(
                    Finding(
                        "R-2",
                        Severity.WARNING,
                        f"table3.{row}",
                        f"表三「{label}」行只读到 {len(raw)} 个数（应有 7 个），空着的格子无法确定是哪一列，请核对原表",
                        {"found": len(raw), "expected": 7},
                    )
                )
            report.table3[row] = {
                col: _cell(
                    report,
                    f"table3.{row}.{col}",
                    raw[i] if raw is not None and i < len(raw) else None,
                )
                for i, col in enumerate(TABLE3_COLUMNS)
            }
            if row in OTHER_SUBROWS and report.table3_single_other:
                for col in TABLE3_COLUMNS:
                    report.cell_text.pop(f"table3.{row}.{col}", None)

    if state.t4_values is not None or state.t4_header_seen:
        values = state.t4_values or []
        if 0 < len(values) < len(_T4_CELLS):
            state.problems.append(
                Finding(
                    "R-2",
                    Severity.WARNING,
                    "table4",
                    f"表四只读到 {len(values)} 个数（应有 15 个），空着的格子无法确定是哪一栏，请核对原表",
                    {"found": len(values), "expected": 15},
                )
            )
        report.table4 = {block: {} for block in TABLE4_BLOCKS}
        for i, (block, col) in enumerate(_T4_CELLS):
            raw = values[i] if i < len(values) else None
            report.table4[block][col] = _cell(report, f"table4.{block}.{col}", raw)
        if not values:
            report.table4 = None if not state.t4_header_seen else report.table4


def _cell(report: Report, location: str, raw: str | None) -> int | float | None:
    """The value of one cell; odd cells leave their raw text for the checks."""
    if raw is None:
        return None
    cell = parse_cell(raw)
    if cell.kind is not CellKind.NUMBER or cell.signed or cell.unit:
        report.cell_text[location] = raw.strip()
    return cell.value


# ---------------------------------------------------------------------------------------
# Paragraphs: title, agency, year, sections, texts, date


def _section_key(p: Paragraph) -> str | None:
    text = p.text.strip().lstrip("#").strip()
    if len(text) > 40:
        return None
    key = label_key(text)
    m = _SECTION_HEAD.match(key)
    if not m:
        return None
    numeral, title = m.groups()
    position = _NUMERALS.index(numeral)
    by_word = [k for k, words in _SECTION_KEYWORDS.items() if any(w in title for w in words)]
    expected = SECTION_KEYS[position]
    if expected in by_word:
        return expected
    # Misnumbered but unmistakable titles still count (S-2 reports the order).
    for k in by_word:
        if SequenceMatcher(None, title, _core(SECTIONS[k])).ratio() >= 0.8:
            return k
    return None


def _read_paragraphs(doc: Document, report: Report) -> None:
    paragraphs = doc.paragraphs
    report.full_text = "\n".join(p.text for p in paragraphs)
    title_index = _find_title(paragraphs, report)
    current: str | None = None
    preface: list[str] = []
    texts: dict[str, list[str]] = {}
    for i, p in enumerate(paragraphs):
        if i <= title_index:
            continue
        key = _section_key(p)
        if key is not None and key not in report.sections:
            report.sections[key] = True
            report.section_titles[key] = p.text.strip().lstrip("#").strip()
            report.section_order.append(key)
            current = key
            continue
        if current is None:
            preface.append(p.text)
        else:
            texts.setdefault(current, []).append(p.text)
    for key in SECTION_KEYS:
        report.sections.setdefault(key, False)
    report.preface = "\n".join(preface)
    report.texts = {k: "\n".join(v) for k, v in texts.items()}
    report.publication_date = _publication_date(paragraphs[-4:])
    candidates = [m.group(1) for m in _PREFACE_TITLE.finditer(report.preface)]
    report.agency = _choose_agency(report.agency, candidates)


def _find_title(paragraphs: list[Paragraph], report: Report) -> int:
    for i, p in enumerate(paragraphs[:8]):
        text = p.text.strip().lstrip("#").strip()
        if "报告" in text and any(w in text for w in _TITLE_WORDS) and len(text) <= 80:
            m = _YEAR.search(text)
            report.title = re.sub(r"\s+", "", text)
            if m:
                report.year = int(m.group(1))
                prefix = text[: m.start()].strip()
            else:
                prefix = text.split("政府信息公开")[0].strip()
            if not prefix and i > 0:
                prev = paragraphs[i - 1].text.strip().lstrip("#").strip()
                if 2 <= len(prev) <= 30:
                    prefix = prev
                    report.title = re.sub(r"\s+", "", prev + text)
            report.agency = _clean_agency(prefix) or None
            return i
    return -1


def _clean_agency(name: str) -> str:
    name = re.sub(r"\s+", "", name).strip('《》“”"')
    name = re.sub(r"(关于|的)$", "", name)
    return re.sub(r"(?<=[镇乡])人民政府$", "", name)


def _choose_agency(from_title: str | None, candidates: list[str]) -> str | None:
    """The fullest name: the preface often names the county the title leaves out."""
    best = from_title
    for cand in candidates:
        cand = _clean_agency(cand)
        if not cand:
            continue
        if best is None or (cand.endswith(best) and len(cand) > len(best)):
            best = cand
    return best


_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _cn_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CN_DIGITS.get(ones, 0) if ones else 0
        )
    return _CN_DIGITS.get(s, 0)


def _publication_date(tail: list[Paragraph]) -> dt.date | None:
    for p in reversed(tail):
        m = _DATE_LINE.match(p.text)
        if m:
            try:
                return dt.date(
                    _cn_number(m.group(1)), _cn_number(m.group(2)), _cn_number(m.group(3))
                )
            except ValueError:
                return None
    return None
