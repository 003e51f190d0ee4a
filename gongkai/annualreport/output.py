"""Human-readable rendering for the terminal: a checked report, a batch summary, a comparison.

The reader is a township clerk who has never seen the tool, so everything is in Chinese and
every machine location (``table3.new_received.total``) is turned back into the words printed
on the paper form (表三「一、本年新收政府信息公开申请数量」行「总计」列). The labels come from
``formats.py`` so a third format needs no change here.

Nothing in this module reads files or runs checks: it takes data and returns strings, which
keeps it testable and lets the web side reuse the wording.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from .formats import (
    FORMATS,
    SECTIONS,
    TABLE3_COLUMNS,
    TABLE3_GROUPS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from .model import SECTION_KEYS, Finding, Report, Severity

if TYPE_CHECKING:
    from .compare import Comparison

FORMAT_NAMES: dict[str | None, str] = {
    V2021: "2021 年版（国办公开办函〔2021〕30号）",
    V2019: "2019 年版（国办公开办函〔2019〕60号）",
    None: "未能识别",
}
TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}
_ORDINALS = "一二三四五六七八九十"
_SECTION_ENUM = re.compile(r"^[一二三四五六七八九十]+、")

# Table 三 sub-rows read "1.属于国家秘密" on the form; alone that is ambiguous (there is a "1."
# under four different headings), so the heading they sit under is named too.
_TABLE3_ROW_GROUP = {
    "denied_": "denied",
    "unable_": "unable",
    "notproc_": "notproc",
    "other_": "other",
}


# --------------------------------------------------------------------------------------------
# The cells of both formats, in one stable order (export columns, comparison rows).


@dataclass(frozen=True)
class CellInfo:
    """One cell of the canonical model: where it is and what the form calls it."""

    location: str  # "table3.new_received.total"
    table: str
    row: str
    column: str
    label: str  # "表三「一、本年新收政府信息公开申请数量」行「总计」列"
    formats: tuple[str, ...]  # the formats that have this cell


def _merge(order: list[str], keys: Iterable[str]) -> None:
    """Insert unseen keys after their predecessor, so v2019's （六）其他处理 lands beside
    v2021's three sub-rows instead of at the end."""
    prev: str | None = None
    for key in keys:
        if key not in order:
            order.insert(order.index(prev) + 1 if prev is not None else len(order), key)
        prev = key


def _build_cells() -> tuple[CellInfo, ...]:
    fmts = list(FORMATS.values())
    cells: list[CellInfo] = []

    # Table 二: rows and columns per block, blocks merged across formats by key.
    block_order: list[str] = []
    for fmt in fmts:
        _merge(block_order, (b.key for b in fmt.table2))
    for block_key in block_order:
        rows: list[str] = []
        for fmt in fmts:
            for b in fmt.table2:
                if b.key == block_key:
                    _merge(rows, b.rows)
        for row in rows:
            cols: list[str] = []
            owners: dict[str, list[str]] = {}
            for fmt in fmts:
                for b in fmt.table2:
                    if b.key == block_key and row in b.rows:
                        _merge(cols, b.columns)
                        for c in b.columns:
                            owners.setdefault(c, []).append(fmt.name)
            for col in cols:
                loc = f"table2.{row}.{col}"
                cells.append(
                    CellInfo(loc, "table2", row, col, location_words(loc), tuple(owners[col]))
                )

    # Table 三: the union of the rows, the seven columns.
    rows3: list[str] = []
    for fmt in fmts:
        _merge(rows3, fmt.table3_rows)
    for row in rows3:
        owners3 = tuple(f.name for f in fmts if row in f.table3_rows)
        for col in TABLE3_COLUMNS:
            loc = f"table3.{row}.{col}"
            cells.append(CellInfo(loc, "table3", row, col, location_words(loc), owners3))

    # Table 四: the same in both formats.
    for block in TABLE4_BLOCKS:
        for col in TABLE4_COLUMNS:
            loc = f"table4.{block}.{col}"
            cells.append(
                CellInfo(
                    loc, "table4", block, col, location_words(loc), tuple(f.name for f in fmts)
                )
            )
    return tuple(cells)


def all_cells() -> tuple[CellInfo, ...]:
    """Every cell of every format, table by table, in the order of the paper form."""
    global _CELLS
    if _CELLS is None:
        _CELLS = _build_cells()
    return _CELLS


_CELLS: tuple[CellInfo, ...] | None = None


# --------------------------------------------------------------------------------------------
# Locations in words.


def _table2_labels(fmt_name: str | None) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Row labels and (row, column) labels of table 二; the report's own format first."""
    order = [FORMATS[fmt_name]] if fmt_name in FORMATS else []
    order += [f for f in FORMATS.values() if f not in order]
    rows: dict[str, str] = {}
    cols: dict[tuple[str, str], str] = {}
    for fmt in order:
        for b in fmt.table2:
            for r, label in b.rows.items():
                rows.setdefault(r, label)
                for c, clabel in b.columns.items():
                    cols.setdefault((r, c), clabel)
    return rows, cols


def _table2_blocks(fmt_name: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    order = [FORMATS[fmt_name]] if fmt_name in FORMATS else []
    for fmt in [*order, *FORMATS.values()]:
        for b in fmt.table2:
            out.setdefault(b.key, b.title)
    return out


def _table3_row_label(row: str, fmt_name: str | None) -> str | None:
    order = [FORMATS[fmt_name]] if fmt_name in FORMATS else []
    for fmt in [*order, *FORMATS.values()]:
        if row in fmt.table3_rows:
            label = fmt.table3_rows[row]
            for prefix, group in _TABLE3_ROW_GROUP.items():
                if row.startswith(prefix):
                    return f"「{TABLE3_GROUPS[group]}」下「{label}」"
            return f"「{label}」"
    if row in TABLE3_GROUPS:
        return f"「{TABLE3_GROUPS[row]}」"
    return None


def _table4_block_label(block: str) -> str | None:
    label = TABLE4_BLOCKS.get(block)
    return label.replace(" / ", "·") if label else None


def section_words(key: str) -> str:
    """``applications`` -> 第三部分「收到和处理政府信息公开申请情况」."""
    if key not in SECTIONS:
        return f"「{key}」部分"
    n = _ORDINALS[SECTION_KEYS.index(key)] if key in SECTION_KEYS else ""
    return f"第{n}部分「{_SECTION_ENUM.sub('', SECTIONS[key])}」"


_SIMPLE_PLACES = {
    "file": "文件",
    "title": "标题",
    "preface": "导语（开头说明）",
    "year": "年度",
    "agency": "单位名称",
    "publication_date": "发布日期",
    "sections": "六个部分",
    "section": "六个部分",
    "text": "正文",
    "narrative": "正文",
    "format": "报告格式",
}


def location_words(location: str, fmt_name: str | None = None) -> str:
    """A finding's location as the clerk would find it on the paper form.

    Unknown shapes are returned unchanged rather than guessed at: a wrong pointer is worse
    than a technical one.
    """
    loc = (location or "").strip()
    if not loc:
        return ""
    if loc in _SIMPLE_PLACES:
        return _SIMPLE_PLACES[loc]
    m = re.fullmatch(r"(?:text|narrative)\s*:\s*line\s*(\d+)", loc)
    if m:
        return f"正文第 {m.group(1)} 行"
    m = re.fullmatch(r"(?:text|narrative)\s*:\s*page\s*(\d+)", loc)
    if m:
        return f"第 {m.group(1)} 页"
    parts = loc.split(".")
    head = parts[0]
    if head in ("section", "sections") and len(parts) == 2:
        return "六个部分的顺序" if parts[1] == "order" else section_words(parts[1])
    if head in ("text", "texts") and len(parts) == 2 and parts[1] in SECTIONS:
        return section_words(parts[1]) + "正文"
    if head not in TABLE_NAMES:
        return loc
    table = TABLE_NAMES[head]
    rest = parts[1:]
    if not rest:
        return table
    if rest[0] in ("columns", "column") and len(rest) == 2:
        col = _column_words(head, rest[1], fmt_name)
        return f"{table}{col}列" if col else loc
    if rest[0] in ("rows", "row") and len(rest) == 2:
        row = _row_words(head, rest[1], fmt_name)
        return f"{table}{row}行" if row else loc
    if rest[0] in ("header", "headers"):
        return f"{table}表头"
    if rest[0] == "extra" and len(rest) >= 2:
        # A label is free text and may itself contain dots.
        return f"{table}中多出的「{'.'.join(rest[1:])}」"
    if head == "table2" and len(rest) == 1 and rest[0] in _table2_blocks(fmt_name):
        return f"{table}「{_table2_blocks(fmt_name)[rest[0]]}」"
    row = _row_words(head, rest[0], fmt_name) if rest[0] != "*" else ""
    if row is None:
        return loc
    if len(rest) == 1:
        return f"{table}{row}" + ("" if head == "table4" else "行")
    col = _column_words(head, rest[1], fmt_name, row=rest[0])
    if col is None or len(rest) > 2:
        return loc
    if head == "table4":
        return f"{table}{row}{col}栏"
    if not row:
        return f"{table}{col}列"
    return f"{table}{row}行{col}列"


def _row_words(table: str, row: str, fmt_name: str | None) -> str | None:
    if table == "table2":
        rows, _ = _table2_labels(fmt_name)
        return f"「{rows[row]}」" if row in rows else None
    if table == "table3":
        return _table3_row_label(row, fmt_name)
    label = _table4_block_label(row)
    return f"「{label}」" if label else None


def _column_words(table: str, col: str, fmt_name: str | None, row: str | None = None) -> str | None:
    if table == "table2":
        rows, cols = _table2_labels(fmt_name)
        if row is not None and (row, col) in cols:
            return f"「{cols[(row, col)]}」"
        for (_, c), label in cols.items():
            if c == col:
                return f"「{label}」"
        return None
    if table == "table3":
        return f"「{TABLE3_COLUMNS[col]}」" if col in TABLE3_COLUMNS else None
    return f"「{TABLE4_COLUMNS[col]}」" if col in TABLE4_COLUMNS else None


# --------------------------------------------------------------------------------------------
# Colour and width.


class Style:
    """ANSI colour, or nothing. Colour only helps on a terminal; in a file or a pipe it is
    noise, and NO_COLOR (https://no-color.org) always wins."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @classmethod
    def for_stream(cls, stream: IO[str]) -> Style:
        if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
            return cls(False)
        isatty = getattr(stream, "isatty", None)
        return cls(bool(isatty and isatty()))

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def red(self, text: str) -> str:
        return self._wrap("31", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def yellow(self, text: str) -> str:
        return self._wrap("33", text)

    def cyan(self, text: str) -> str:
        return self._wrap("36", text)

    def severity(self, sev: Severity, text: str) -> str:
        return {Severity.ERROR: self.red, Severity.WARNING: self.yellow, Severity.INFO: self.cyan}[
            sev
        ](text)


PLAIN = Style(False)


def display_width(text: str) -> int:
    """Columns a string takes on a terminal: CJK characters take two."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
        for ch in text
    )


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def truncate(text: str, width: int) -> str:
    """Cut to ``width`` terminal columns, with an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def fmt_number(value: object) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------------
# One checked report.


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for f in findings:
        counts[f.severity] += 1
    return counts


def counts_words(counts: dict[Severity, int]) -> str:
    return "，".join(f"{counts[s]} 个{s.label}" for s in Severity)


def verdict(report: Report, style: Style = PLAIN) -> str:
    """One line that tells the clerk what to do next."""
    counts = count_by_severity(report.findings)
    if counts[Severity.ERROR]:
        return style.red(f"✗ 有错误，需要改正后再发布（{counts_words(counts)}）")
    if counts[Severity.WARNING]:
        return style.yellow(f"! 没有错误，但有需要人工核对的地方（{counts_words(counts)}）")
    if counts[Severity.INFO]:
        return style.green(f"✓ 没有发现错误（{counts_words(counts)}）")
    return style.green("✓ 没有发现问题")


# Catalogue order of the rule families (checks.md), for reading a report top to bottom.
_RULE_FAMILIES = ("R", "S", "F", "T2", "T3", "T4", "X", "C")
# More findings of one rule than this, and the list is cut: 200 blank cells of an unfilled
# template are one problem to the clerk, not 200.
RULE_LIMIT = 8
_SHOWN_WHEN_CUT = 5


def _rule_key(rule: str) -> tuple[int, int, str]:
    family, _, num = rule.partition("-")
    rank = _RULE_FAMILIES.index(family) if family in _RULE_FAMILIES else len(_RULE_FAMILIES)
    return rank, int(num) if num.isdigit() else 0, rule


def _form_position() -> dict[str, int]:
    global _POSITIONS
    if _POSITIONS is None:
        places = [f"section.{k}" for k in SECTION_KEYS] + [c.location for c in all_cells()]
        _POSITIONS = {loc: i for i, loc in enumerate(places)}
    return _POSITIONS


_POSITIONS: dict[str, int] | None = None


def reading_order(findings: Iterable[Finding]) -> list[Finding]:
    """Severity, then rule in catalogue order, then the place in the order of the paper
    form (表三 row by row), not the alphabetical order of the keys."""
    pos = _form_position()
    return sorted(
        findings,
        key=lambda f: (
            f.severity.rank,
            _rule_key(f.rule),
            pos.get(f.location, len(pos)),
            f.location,
        ),
    )


def render_report(
    report: Report, style: Style = PLAIN, name: str | None = None, limit: int | None = RULE_LIMIT
) -> str:
    """The full terminal view of one checked report. ``limit``: findings of one rule shown
    before the rest are summed up in one line (None = show all)."""
    lines: list[str] = [style.bold(f"■ {name or report.source}")]
    lines.append(f"  单位：{report.agency or '未能识别'}")
    lines.append(f"  年度：{f'{report.year} 年' if report.year else '未能识别'}")
    fmt = FORMAT_NAMES.get(report.format, report.format or FORMAT_NAMES[None])
    lines.append(f"  格式：{fmt}")
    marks = []
    for key, label in TABLE_NAMES.items():
        present = getattr(report, key) is not None
        marks.append(f"{label} {style.green('✓') if present else style.red('✗')}")
    lines.append("  表格：" + "　".join(marks))
    findings = reading_order(report.findings)
    for sev in Severity:
        group = [f for f in findings if f.severity is sev]
        if not group:
            continue
        lines.append("  " + style.severity(sev, style.bold(f"{sev.label}（{len(group)} 项）")))
        by_rule: dict[str, list[Finding]] = {}
        for f in group:
            by_rule.setdefault(f.rule, []).append(f)
        for rule, same in by_rule.items():
            cut = limit is not None and len(same) > limit
            for f in same[:_SHOWN_WHEN_CUT] if cut else same:
                lines.extend(render_finding(f, report.format, style))
            if cut:
                rest = len(same) - _SHOWN_WHEN_CUT
                lines.append(
                    style.dim(f"    …… [{rule}] 同类问题还有 {rest} 处（加 --all 列出全部）")
                )
    lines.append(f"  结论：{verdict(report, style)}")
    return "\n".join(lines)


def render_finding(f: Finding, fmt_name: str | None = None, style: Style = PLAIN) -> list[str]:
    where = location_words(f.location, fmt_name)
    head = f"    {style.severity(f.severity, f'[{f.rule}]')} "
    if where and not _names_place(f.message, where):
        head += f"{where}："
    body = f.message.strip().splitlines() or [""]
    out = [head + body[0]]
    out.extend(f"      {ln}" for ln in body[1:])
    return out


_QUOTED = re.compile(r"「([^」]+)」")


def _names_place(message: str, where: str) -> bool:
    """Does the message already say where (so the location prefix would only repeat it)?

    The first quoted label of the location decides: a long label found anywhere in the
    message, a short one ("总计", "规章") only when quoted, since 总计 also occurs in prose.
    """
    if where in message:
        return True
    labels = _QUOTED.findall(where)
    if not labels:
        return False
    first, text = _plain(labels[0]), _plain(message)
    return f"「{first}」" in text or (len(first) >= 4 and first in text)


def _plain(text: str) -> str:
    """「行政诉讼·复议后起诉」 and 「行政诉讼 / 复议后起诉」 name the same block."""
    return re.sub(r"[\s/·]", "", text)


@dataclass
class BatchSummary:
    """What the last line of a batch run says."""

    reports: int = 0
    with_errors: int = 0
    with_warnings_only: int = 0
    clean: int = 0
    unreadable: int = 0

    def add(self, report: Report) -> None:
        counts = count_by_severity(report.findings)
        self.reports += 1
        if counts[Severity.ERROR]:
            self.with_errors += 1
        elif counts[Severity.WARNING]:
            self.with_warnings_only += 1
        else:
            self.clean += 1


def render_summary(summary: BatchSummary, style: Style = PLAIN) -> str:
    parts = [f"共检查 {summary.reports} 份报告"]
    detail = [
        style.red(f"{summary.with_errors} 份有错误") if summary.with_errors else "0 份有错误",
        f"{summary.with_warnings_only} 份只有警告",
        f"{summary.clean} 份没有发现错误或警告",
    ]
    text = parts[0] + "：" + "，".join(detail)
    if summary.unreadable:
        text += "；" + style.red(f"{summary.unreadable} 个文件无法读取")
    return style.bold(text + "。")


# --------------------------------------------------------------------------------------------
# A comparison of two reports.


def _describe(report: Report) -> str:
    bits = [report.agency or "单位未能识别", f"{report.year} 年" if report.year else "年度未能识别"]
    bits.append(
        FORMAT_NAMES.get(report.format, "格式未能识别") if report.format else "格式未能识别"
    )
    return "，".join(bits)


def _signed(delta: object) -> str:
    if delta is None:
        return ""
    if isinstance(delta, float):
        delta = round(delta, 4)
        if delta.is_integer():
            delta = int(delta)
    return f"+{delta}" if delta > 0 else str(delta)  # type: ignore[operator]


def _cell_text(value: object, present: bool) -> str:
    return fmt_number(value) if present else "无此格"


def _missing_words(report: Report, key: str) -> str:
    return "这一部分没有正文" if report.sections.get(key) else "缺少这一部分"


def render_comparison(cmp: Comparison, style: Style = PLAIN, show_all: bool = False) -> str:
    """Side by side: the cells, the cross-year checks, the sameness of the narrative."""
    a, b = cmp.a, cmp.b
    lines = [
        style.bold("比较两份年度报告"),
        f"  A：{cmp.a_name}（{_describe(a)}）",
        f"  B：{cmp.b_name}（{_describe(b)}）",
    ]
    if a.format and b.format and a.format != b.format:
        lines.append(
            style.yellow("  注意：两份报告的表格格式不同，只有两种格式共有的单元格可以直接比较。")
        )

    changed = [c for c in cmp.cells if c.changed]
    shown = cmp.cells if show_all else changed
    lines.append("")
    both = sum(1 for c in cmp.cells if c.in_a and c.in_b)
    title = f"表格数据（两份都有的 {both} 个单元格中 {len(changed)} 个不同）"
    lines.append(style.bold(title))
    for key, name in TABLE_NAMES.items():
        has_a, has_b = getattr(a, key) is not None, getattr(b, key) is not None
        if has_a != has_b:
            lines.append(style.yellow(f"  {'B' if has_a else 'A'} 没有{name}，{name}无法比较。"))
    if not shown:
        lines.append(
            "  两份报告的表格数据完全相同。" if both else "  两份报告没有可以比较的表格数据。"
        )
    else:
        label_w = min(76, max(display_width(c.label) for c in shown))
        a_w = max(4, *(display_width(_cell_text(c.a, c.in_a)) for c in shown))
        b_w = max(4, *(display_width(_cell_text(c.b, c.in_b)) for c in shown))
        lines.append(
            "  "
            + pad("位置", label_w)
            + "  "
            + pad("A", a_w, True)
            + "  "
            + pad("B", b_w, True)
            + "  变化"
        )
        for c in shown:
            label = truncate(c.label, label_w)
            change = _signed(c.delta) if c.delta is not None else ("不同" if c.changed else "")
            row = (
                "  "
                + pad(label, label_w)
                + "  "
                + pad(_cell_text(c.a, c.in_a), a_w, True)
                + "  "
                + pad(_cell_text(c.b, c.in_b), b_w, True)
            )
            row += "  " + (style.yellow(change) if c.changed else style.dim(change or "—"))
            lines.append(row)

    lines.append("")
    if cmp.cross_year:
        older, newer = ("A", "B") if cmp.cross_year == "a_then_b" else ("B", "A")
        lines.append(style.bold(f"跨年度核对（{newer} 是 {older} 的下一年）"))
        if cmp.cross_year_findings:
            for f in reading_order(cmp.cross_year_findings):
                lines.extend(render_finding(f, (b if newer == "B" else a).format, style))
        else:
            lines.append(
                "  "
                + style.green("✓ 上年结转、现行有效件数等跨年度数据衔接一致，正文也没有大段雷同。")
            )
    else:
        lines.append(style.dim("跨年度核对：两份报告不是相邻的两个年度，不做上下年衔接核对。"))

    lines.append("")
    lines.append(style.bold("正文相似度（六个部分，去掉空白、标点和数字后比较）"))
    title_w = max(display_width(section_words(s.key)) for s in cmp.sections) if cmp.sections else 0
    for s in cmp.sections:
        name = pad(section_words(s.key), title_w)
        if s.ratio is None:
            why = "、".join(
                f"{side}{_missing_words(r, s.key)}"
                for side, r, n in (("A ", a, s.a_chars), ("B ", b, s.b_chars))
                if not n
            )
            lines.append(f"  {name}  {style.dim('  —  ' + why)}")
            continue
        pct = f"{s.ratio * 100:5.1f}%"
        flag = style.red(" 雷同") if s.similar else ""
        lines.append(f"  {name}  {pct}{flag}")
    if any(s.similar for s in cmp.sections):
        lines.append(
            style.yellow(
                f"  相似度达到 {round(cmp.threshold * 100)}% 及以上的部分标为「雷同」：请确认是否照抄了另一份报告的文字。"
            )
        )
    return "\n".join(lines)
