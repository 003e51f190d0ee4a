"""The three tables of a checked report, drawn as the national format draws them, with
every cell a finding points at marked.

The layout is the official one, merged cells and all — table 三's 申请人情况 / 自然人 /
法人或其他组织 (five columns) / 总计 header and its row groups, table 二's 第二十条 blocks,
table 四's 行政复议 / 行政诉讼 (未经复议直接起诉 / 复议后起诉) header — because a clerk
compares the page with the paper form line by line. Labels come from the engine's
``formats`` so a third format needs nothing here.

Each data cell knows its location (``table3.granted.total``) and each header cell the
keys a finding may name (``table3.column.total``, ``table3.row.granted``); marking is
then a lookup. Every marked cell gets a class, a symbol (colour is never the only
signal) and ``aria-describedby`` pointing at its findings; data cells name their header
cells (``headers``) so a screen reader reads "商业企业 · 予以公开: 3".

Pure presentation: plain data in, plain data out. The cells themselves are written out
here (``TableView.head_html`` / ``body_html``), every value escaped — what a cell shows
can come from the uploaded file — because a template include per cell (some 280 of them)
cost most of the page's rendering time; the template draws the rest of each table.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai.annualreport.formats import (
    FORMATS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE3_NOTE,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2021,
    Format,
)

SYMBOLS = {"error": "✗", "warning": "!", "info": "i"}
EXPLAINED_SYMBOL = "✓"
SEVERITY_WORDS = {"error": _("错误"), "warning": _("警告"), "info": _("提示")}
_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Mark:
    finding_id: str
    severity: str
    explained: bool


@dataclass
class Cell:
    text: str = ""
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    id: str = ""
    scope: str = ""
    headers: str = ""
    location: str = ""  # data cells only
    targets: tuple[str, ...] = ()
    kind: str = ""  # "num", "label", "group", "note", "blank"
    marks: list[Mark] = field(default_factory=list)

    @property
    def open_marks(self) -> list[Mark]:
        return [m for m in self.marks if not m.explained]

    @property
    def worst(self) -> str | None:
        """The most severe unexplained finding here, or "explained" when all are."""
        open_ = self.open_marks
        if open_:
            return min(open_, key=lambda m: _RANK.get(m.severity, 9)).severity
        return "explained" if self.marks else None

    @property
    def mark_class(self) -> str:
        worst = self.worst
        return f"mark mark-{worst}" if worst else ""

    @property
    def symbol(self) -> str:
        worst = self.worst
        if worst is None:
            return ""
        return EXPLAINED_SYMBOL if worst == "explained" else SYMBOLS.get(worst, "!")

    @property
    def symbol_words(self) -> str:
        """What the symbol says, for screen readers and for print."""
        worst = self.worst
        if worst is None:
            return ""
        if worst == "explained":
            return str(_("已说明的问题"))
        return str(SEVERITY_WORDS.get(worst, worst))

    @property
    def describedby(self) -> str:
        seen: list[str] = []
        for m in self.marks:
            if m.finding_id not in seen:
                seen.append(m.finding_id)
        return " ".join(seen)

    @property
    def anchor(self) -> str:
        """The id findings link to: a data cell's own id, derived from its location."""
        return "cell-" + self.location.replace(".", "-") if self.location else self.id


@dataclass
class TableView:
    key: str  # "table2"
    number: str  # "二"
    title: str
    present: bool
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 0
    format: str | None = None
    marks: list[Mark] = field(default_factory=list)  # findings about the table as a whole

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows :]

    @property
    def cells(self) -> Iterable[Cell]:
        for row in self.rows:
            yield from row

    @property
    def open_marks(self) -> list[Mark]:
        return [m for m in self.marks if not m.explained]

    @property
    def describedby(self) -> str:
        return " ".join(dict.fromkeys(m.finding_id for m in self.marks))

    @property
    def head_html(self) -> SafeString:
        """The rows of ``<thead>``, as HTML."""
        return rows_html(self.head)

    @property
    def body_html(self) -> SafeString:
        """The rows of ``<tbody>``, as HTML."""
        return rows_html(self.body)


# --------------------------------------------------------------------------------------------
# Cells as HTML


def escape(value: Any) -> str:
    """What ``django.utils.html.escape`` does — ``html.escape`` of ``str(value)``, quotes
    included — without its lazy-string wrapper, which cost a third of drawing a table."""
    return html.escape(str(value))


def cell_html(cell: Cell) -> str:
    """One ``<th>`` or ``<td>``, and a line break after it as the template had.

    A header cell has its id, scope and spans; a data cell its anchor, the header cells
    that name it (``headers``) and its location. A marked cell adds its mark's class,
    ``aria-describedby`` (its findings), the symbol (hidden from screen readers) and the
    symbol in words (for screen readers and print). Every value is escaped.
    """
    tag = "th" if cell.header else "td"
    out = [f"<{tag}"]
    if cell.header:
        if cell.id:
            out.append(f' id="{escape(cell.id)}"')
        if cell.scope:
            out.append(f' scope="{escape(cell.scope)}"')
        if cell.rowspan > 1:
            out.append(f' rowspan="{int(cell.rowspan)}"')
    else:
        out.append(f' id="{escape(cell.anchor)}" headers="{escape(cell.headers)}"')
    if cell.colspan > 1:
        out.append(f' colspan="{int(cell.colspan)}"')
    out.append(f' class="{escape(cell.kind)}')
    if cell.marks:
        out.append(f" {escape(cell.mark_class)}")
    out.append('"')
    if not cell.header:
        out.append(f' data-location="{escape(cell.location)}"')
    if cell.marks:
        out.append(
            f' aria-describedby="{escape(cell.describedby)}">'
            f'<span class="mark-symbol" aria-hidden="true">{escape(cell.symbol)}</span>'
            f"{escape(cell.text)}"
            f'<span class="visually-hidden">（{escape(cell.symbol_words)}）</span>'
        )
    else:
        out.append(f">{escape(cell.text)}")
    out.append(f"</{tag}>\n")
    return "".join(out)


def rows_html(rows: Iterable[list[Cell]]) -> SafeString:
    """``<tr>`` after ``<tr>``: safe, as ``cell_html`` escapes every value it writes."""
    return mark_safe("".join("<tr>" + "".join(cell_html(c) for c in row) + "</tr>" for row in rows))


# --------------------------------------------------------------------------------------------
# Values


def show_value(value: Any, raw: str | None = None) -> str:
    """A cell as the report wrote it: a blank stays blank (never 0), "/" stays "/"."""
    if value is None:
        return (raw or "").strip()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def _pick_format(data: dict[str, Any] | None, declared: str | None, rows_of) -> Format:
    """The format whose rows fit the table's data best; the report's own on a tie.

    A v2021 report may carry a table 三 in the 2019 layout (one （六）其他处理 row); it is
    drawn as written, not with three empty sub-rows.
    """
    order = [FORMATS[declared]] if declared in FORMATS else [FORMATS[V2021]]
    order += [f for f in FORMATS.values() if f not in order]
    if not data:
        return order[0]
    keys = set(data)
    return max(order, key=lambda f: (len(keys & set(rows_of(f))), -order.index(f)))


# --------------------------------------------------------------------------------------------
# The three grids


def _value_cell(
    table: str, row: str, col: str, data, raws, headers: list[str], colspan: int = 1
) -> Cell:
    location = f"{table}.{row}.{col}"
    value = (data.get(row) or {}).get(col) if data else None
    text = show_value(value, raws.get(location))
    return Cell(
        text=text,
        colspan=colspan,
        headers=" ".join(headers),
        location=location,
        targets=(location,),
        kind="num" if text else "num blank",
    )


def table2_view(data, fmt_name, raws) -> TableView:
    fmt = _pick_format(data, fmt_name, lambda f: f.table2_rows)
    ncols = 4
    rows: list[list[Cell]] = []
    for block in fmt.table2:
        bid = f"t2-b-{block.key}"
        rows.append(
            [
                Cell(
                    block.title,
                    header=True,
                    colspan=ncols,
                    id=bid,
                    scope="colgroup",
                    targets=(f"table2.block.{block.key}",),
                    kind="group",
                )
            ]
        )
        cols = list(block.columns.items())
        last_span = ncols - len(cols)
        label_id = f"{bid}-label"
        head = [Cell("信息内容", header=True, id=label_id, scope="col", kind="label")]
        for i, (col, label) in enumerate(cols):
            head.append(
                Cell(
                    label,
                    header=True,
                    colspan=last_span if i == len(cols) - 1 else 1,
                    id=f"{bid}-c-{col}",
                    scope="col",
                    targets=(f"table2.column.{col}",),
                    kind="label",
                )
            )
        rows.append(head)
        for row, label in block.rows.items():
            rid = f"t2-r-{row}"
            line = [
                Cell(
                    label,
                    header=True,
                    id=rid,
                    scope="row",
                    targets=(f"table2.row.{row}",),
                    kind="label",
                )
            ]
            for i, (col, _label) in enumerate(cols):
                line.append(
                    _value_cell(
                        "table2",
                        row,
                        col,
                        data,
                        raws,
                        [bid, rid, f"{bid}-c-{col}"],
                        colspan=last_span if i == len(cols) - 1 else 1,
                    )
                )
            rows.append(line)
    return TableView(
        "table2",
        "二",
        "主动公开政府信息情况",
        data is not None,
        rows,
        header_rows=0,
        format=fmt.name,
    )


def _t3_group(row: str) -> str | None:
    for prefix in ("denied", "unable", "notproc", "other"):
        if row.startswith(prefix + "_"):
            return prefix
    return None


def table3_view(data, fmt_name, raws) -> TableView:
    fmt = _pick_format(data, fmt_name, lambda f: f.table3_rows)
    keys = list(fmt.table3_rows)
    results = keys[keys.index("granted") : keys.index("total_processed") + 1]
    group_sizes: dict[str, int] = {}
    for row in keys:
        g = _t3_group(row)
        if g:
            group_sizes[g] = group_sizes.get(g, 0) + 1
    legal = ("commercial", "research", "public_interest", "legal_service", "other_org")

    def col_head(col: str, **kw) -> Cell:
        return Cell(
            TABLE3_COLUMNS[col],
            header=True,
            id=f"t3-c-{col}",
            scope="col",
            targets=(f"table3.column.{col}",),
            kind="label",
            **kw,
        )

    rows: list[list[Cell]] = [
        [
            Cell(TABLE3_NOTE, header=True, rowspan=3, colspan=3, id="t3-note", kind="note"),
            Cell(
                "申请人情况",
                header=True,
                colspan=7,
                id="t3-applicants",
                scope="colgroup",
                kind="group",
            ),
        ],
        [
            col_head("natural_person", rowspan=2),
            Cell(
                "法人或其他组织",
                header=True,
                colspan=5,
                id="t3-legal",
                scope="colgroup",
                kind="group",
            ),
            col_head("total", rowspan=2),
        ],
        [col_head(c) for c in legal],
    ]
    seen: set[str] = set()
    for row in keys:
        label = fmt.table3_rows[row]
        rid = f"t3-r-{row}"
        line: list[Cell] = []
        row_headers = [rid]
        if row not in results:
            line.append(
                Cell(
                    label,
                    header=True,
                    colspan=3,
                    id=rid,
                    scope="row",
                    targets=(f"table3.row.{row}",),
                    kind="label",
                )
            )
        else:
            row_headers.insert(0, "t3-g-results")
            if row == results[0]:
                line.append(
                    Cell(
                        TABLE3_GROUPS["results"],
                        header=True,
                        rowspan=len(results),
                        id="t3-g-results",
                        scope="rowgroup",
                        kind="group",
                    )
                )
            group = _t3_group(row)
            if group is None:
                line.append(
                    Cell(
                        label,
                        header=True,
                        colspan=2,
                        id=rid,
                        scope="row",
                        targets=(f"table3.row.{row}",),
                        kind="label",
                    )
                )
            else:
                gid = f"t3-g-{group}"
                row_headers.insert(1, gid)
                if group not in seen:
                    seen.add(group)
                    line.append(
                        Cell(
                            TABLE3_GROUPS[group],
                            header=True,
                            rowspan=group_sizes[group],
                            id=gid,
                            scope="rowgroup",
                            targets=(f"table3.row.{group}",),
                            kind="group",
                        )
                    )
                line.append(
                    Cell(
                        label,
                        header=True,
                        id=rid,
                        scope="row",
                        targets=(f"table3.row.{row}",),
                        kind="label",
                    )
                )
        for col in TABLE3_COLUMNS:
            col_headers = ["t3-applicants"]
            if col in legal:
                col_headers.append("t3-legal")
            col_headers.append(f"t3-c-{col}")
            line.append(_value_cell("table3", row, col, data, raws, row_headers + col_headers))
        rows.append(line)
    return TableView(
        "table3",
        "三",
        "收到和处理政府信息公开申请情况",
        data is not None,
        rows,
        header_rows=3,
        format=fmt.name,
    )


def table4_view(data, fmt_name, raws) -> TableView:
    cols = list(TABLE4_COLUMNS.items())

    def col_cell(block: str, col: str, label: str, **kw) -> Cell:
        return Cell(
            label,
            header=True,
            id=f"t4-{block}-c-{col}",
            scope="col",
            targets=(f"table4.column.{col}",),
            kind="label",
            **kw,
        )

    block_label = {k: v.split(" / ")[-1] for k, v in TABLE4_BLOCKS.items()}
    rows: list[list[Cell]] = [
        [
            Cell(
                block_label["review"],
                header=True,
                colspan=5,
                id="t4-b-review",
                scope="colgroup",
                targets=("table4.block.review",),
                kind="group",
            ),
            Cell(
                "行政诉讼",
                header=True,
                colspan=10,
                id="t4-litigation",
                scope="colgroup",
                kind="group",
            ),
        ],
        [col_cell("review", c, label, rowspan=2) for c, label in cols]
        + [
            Cell(
                block_label[b],
                header=True,
                colspan=5,
                id=f"t4-b-{b}",
                scope="colgroup",
                targets=(f"table4.block.{b}",),
                kind="group",
            )
            for b in ("litigation_direct", "litigation_after_review")
        ],
        [
            col_cell(b, c, label)
            for b in ("litigation_direct", "litigation_after_review")
            for c, label in cols
        ],
    ]
    values: list[Cell] = []
    for block in TABLE4_BLOCKS:
        for col, _label in cols:
            headers = [f"t4-b-{block}", f"t4-{block}-c-{col}"]
            if block != "review":
                headers.insert(0, "t4-litigation")
            values.append(_value_cell("table4", block, col, data, raws, headers))
    rows.append(values)
    return TableView(
        "table4",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        data is not None,
        rows,
        header_rows=3,
        format=fmt_name,
    )


# --------------------------------------------------------------------------------------------
# Findings to cells


def finding_targets(location: str, evidence: dict[str, Any] | None = None) -> list[str]:
    """The cell keys a finding at ``location`` points at, most specific first.

    ``table3.granted.total`` is one cell; ``table3.column.total`` is a column — its header,
    and the cells the evidence names (the four of the 勾稽关系 for T3-1, （七）总计 for T3-2);
    ``table3.granted`` a row label; ``table4.review`` a block; ``table3`` the whole table.
    """
    parts = (location or "").split(".")
    table = parts[0]
    if table not in ("table2", "table3", "table4"):
        return []
    if len(parts) == 1 or parts[1] == "extra":
        return [table]
    head = parts[1]
    if head in ("column", "columns") and len(parts) >= 3:
        col = parts[2]
        out = [f"{table}.column.{col}"]
        if table == "table3":
            rows = {r for f in FORMATS.values() for r in f.table3_rows}
            out += [f"table3.{k}.{col}" for k in (evidence or {}) if k in rows]
        return out
    if head in ("row", "rows") and len(parts) >= 3:
        return [f"{table}.row.{parts[2]}"]
    if len(parts) == 2:
        if table == "table4":
            return [f"table4.block.{head}"]
        if table == "table2" and head.startswith("art20_"):
            return [f"table2.block.{head}"]
        return [f"{table}.row.{head}"]
    return [".".join(parts[:3])]


def raw_texts(findings: Iterable[dict[str, Any]]) -> dict[str, str]:
    """What the report wrote in cells that are not numbers ("/", "—"), from the evidence."""
    out: dict[str, str] = {}
    for f in findings:
        raw = (f.get("evidence") or {}).get("raw")
        if isinstance(raw, str) and raw.strip():
            out.setdefault(f.get("location", ""), raw)
    return out


def build_tables(report: dict[str, Any], findings: list[dict[str, Any]]) -> list[TableView]:
    """The three tables of ``report`` (Report.to_dict) with ``findings`` marked.

    ``findings`` carry ``id`` (the page anchor of the finding) and ``explained`` (bool).
    """
    fmt = report.get("format")
    raws = raw_texts(findings)
    tables = [
        table2_view(report.get("table2"), fmt, raws),
        table3_view(report.get("table3"), fmt, raws),
        table4_view(report.get("table4"), fmt, raws),
    ]
    index: dict[str, list[Cell]] = {}
    for t in tables:
        for cell in t.cells:
            for key in cell.targets:
                index.setdefault(key, []).append(cell)
    by_key = {t.key: t for t in tables}
    for f in findings:
        mark = Mark(f["id"], f.get("severity", "error"), bool(f.get("explained")))
        targets = finding_targets(f.get("location", ""), f.get("evidence"))
        if not targets:
            continue
        hit = False
        for key in targets:
            for cell in index.get(key, []):
                cell.marks.append(mark)
                hit = True
        table = by_key.get(targets[0].split(".")[0])
        if table is not None and (not hit or targets == [table.key]):
            table.marks.append(mark)
        if hit:
            f.setdefault("cell", _first_anchor(targets, index))
    return tables


def _first_anchor(targets: list[str], index: dict[str, list[Cell]]) -> str:
    """Where "在表中查看" jumps: the first data cell named, else the header."""
    for key in targets:
        cells = index.get(key)
        if cells and cells[0].location:
            return cells[0].anchor
    for key in targets:
        cells = index.get(key)
        if cells:
            return cells[0].anchor
    return ""
