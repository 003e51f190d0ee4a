"""Table 三 — 收到和处理政府信息公开申请情况 (T3-1 … T3-6).

The arithmetic rules (T3-1, T3-2, T3-3) skip any sum with an unknown operand: T3-4 has
already said that the cell is blank, and a sum over a blank would only repeat it with a
made-up difference.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import FORMAT_2021, OTHER_SUBROWS, TABLE3_APPLICANT_COLUMNS, TABLE3_COLUMNS
from ..model import Finding, Number, Report, Severity, Table
from . import CheckContext, count_problem, fmt_num, num, short_label, t3_row_label, tidy

_HEAD = ("new_received", "carried_in")
# Every data row of either format, in the order of the form (v2019's single （六）其他处理
# row stands where v2021's three sub-rows stand).
_ROW_ORDER: tuple[str, ...] = tuple(
    r
    for key in FORMAT_2021.table3_rows
    for r in ((key,) if key != OTHER_SUBROWS[0] else ("other", key))
)
_COMMON_RESULTS: tuple[str, ...] = tuple(
    r
    for r in _ROW_ORDER[_ROW_ORDER.index("granted") : _ROW_ORDER.index("total_processed")]
    if r != "other" and r not in OTHER_SUBROWS
)


def _single_other(report: Report, table: Table) -> bool:
    """Does this table 三 have one （六）其他处理 row instead of three?"""
    if report.table3_single_other:
        return True
    return "other" in table and not any(r in table for r in OTHER_SUBROWS)


def result_rows(report: Report, table: Table) -> tuple[str, ...]:
    """The rows that add up to （七）总计 in this table."""
    return (*_COMMON_RESULTS, *(("other",) if _single_other(report, table) else OTHER_SUBROWS))


def data_rows(report: Report, table: Table) -> list[str]:
    """Rows that carry figures. With a single （六）其他处理 row, the three empty sub-rows
    the reader adds are not the clerk's blanks (F-2 reports the layout instead)."""
    skip = OTHER_SUBROWS if report.table3_single_other else ()
    return [r for r in _ROW_ORDER if r in table and r not in skip]


def _value(table: Table, row: str, col: str) -> Number | None:
    return num(table.get(row, {}).get(col))


def _diff(a: Number, b: Number) -> str:
    return fmt_num(tidy(abs(a - b)))


def cells_are_counts(ctx: CheckContext) -> Iterator[Finding]:
    """T3-4 (error): a cell of table 三 is blank, "/", "—", negative or not a whole number.

    Applications are counted one by one: every cell holds a whole number ≥ 0, and "none"
    is written 0.
    """
    table = ctx.report.table3
    if not table:
        return
    for row in data_rows(ctx.report, table):
        for col in TABLE3_COLUMNS:
            location = f"table3.{row}.{col}"
            value = table[row].get(col)
            problem = count_problem(ctx.report, location, value)
            if problem is None:
                continue
            why, kind = problem
            yield Finding(
                "T3-4",
                Severity.ERROR,
                location,
                f"表三「{t3_row_label(row)}」行「{TABLE3_COLUMNS[col]}」列{why}，应填写不小于 0 的整数（没有的填 0）",
                {"cell": kind, "value": value, "raw": ctx.report.cell_text.get(location)},
            )


def balance_per_column(ctx: CheckContext) -> Iterator[Finding]:
    """T3-1 (error): in a column, 本年新收 + 上年结转 ≠ 办理结果总计 + 结转下年度继续办理.

    The printed 勾稽关系 of the form: every application in hand is either decided this year
    or carried forward.
    """
    table = ctx.report.table3
    if not table:
        return
    for col, label in TABLE3_COLUMNS.items():
        new, carried_in = _value(table, "new_received", col), _value(table, "carried_in", col)
        done, carried_fwd = (
            _value(table, "total_processed", col),
            _value(table, "carried_forward", col),
        )
        if new is None or carried_in is None or done is None or carried_fwd is None:
            continue
        lhs, rhs = tidy(new + carried_in), tidy(done + carried_fwd)
        if lhs == rhs:
            continue
        yield Finding(
            "T3-1",
            Severity.ERROR,
            f"table3.column.{col}",
            f"表三「{label}」列：本年新收 {fmt_num(new)} + 上年结转 {fmt_num(carried_in)} = {fmt_num(lhs)}，"
            f"但办理结果总计 {fmt_num(done)} + 结转下年度 {fmt_num(carried_fwd)} = {fmt_num(rhs)}，相差 {_diff(lhs, rhs)}",
            {
                "column": col,
                "new_received": new,
                "carried_in": carried_in,
                "total_processed": done,
                "carried_forward": carried_fwd,
                "left": lhs,
                "right": rhs,
            },
        )


def results_add_up(ctx: CheckContext) -> Iterator[Finding]:
    """T3-2 (error): in a column, （七）总计 ≠ the sum of the 办理结果 rows.

    The rows are 予以公开 … 其他处理: the three sub-rows of （六） in v2021, or the single
    （六）其他处理 row when the table has only that one (v2019, or a v2021 report in the
    2019 layout).
    """
    table = ctx.report.table3
    if not table:
        return
    rows = result_rows(ctx.report, table)
    for col, label in TABLE3_COLUMNS.items():
        total = _value(table, "total_processed", col)
        parts = [(row, _value(table, row, col)) for row in rows]
        if total is None or any(v is None for _, v in parts):
            continue
        summed = tidy(sum(v for _, v in parts))  # type: ignore[misc]
        if summed == total:
            continue
        nonzero = "、".join(f"{short_label(t3_row_label(r))} {fmt_num(v)}" for r, v in parts if v)  # type: ignore[arg-type]
        detail = f"（{nonzero}）" if nonzero else "（各项均为 0）"
        yield Finding(
            "T3-2",
            Severity.ERROR,
            f"table3.column.{col}",
            f"表三「{label}」列：办理结果各项之和为 {fmt_num(summed)}{detail}，"
            f"但「（七）总计」填写为 {fmt_num(total)}，相差 {_diff(summed, total)}",
            {
                "column": col,
                "sum": summed,
                "total_processed": total,
                "parts": {r: v for r, v in parts},
            },
        )


def applicants_add_up(ctx: CheckContext) -> Iterator[Finding]:
    """T3-3 (error): in a row, 总计 ≠ the sum of the six applicant columns
    (自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他)."""
    table = ctx.report.table3
    if not table:
        return
    for row in data_rows(ctx.report, table):
        total = _value(table, row, "total")
        parts = [_value(table, row, col) for col in TABLE3_APPLICANT_COLUMNS]
        if total is None or any(v is None for v in parts):
            continue
        summed = tidy(sum(parts))  # type: ignore[arg-type]
        if summed == total:
            continue
        written = " + ".join(fmt_num(v) for v in parts)  # type: ignore[arg-type]
        yield Finding(
            "T3-3",
            Severity.ERROR,
            f"table3.{row}.total",
            f"表三「{t3_row_label(row)}」行：六类申请人之和 {written} = {fmt_num(summed)}，"
            f"但「总计」列填写为 {fmt_num(total)}，相差 {_diff(summed, total)}",
            {
                "row": row,
                "sum": summed,
                "total": total,
                "parts": dict(zip(TABLE3_APPLICANT_COLUMNS, parts, strict=True)),
            },
        )


def table_present(ctx: CheckContext) -> Iterator[Finding]:
    """T3-5 (error): table 三 is missing.

    Every report has it, even with nothing to count: a township with no applications
    fills it with 0.
    """
    if ctx.report.table3 is None:
        yield Finding(
            "T3-5",
            Severity.ERROR,
            "table3",
            "报告中没有表三「收到和处理政府信息公开申请情况」；没有收到申请也要填写此表（各格填 0）",
            {},
        )


def carried_in_matches_last_year(ctx: CheckContext) -> Iterator[Finding]:
    """T3-6 (warning, needs last year's report): 上年结转 ≠ last year's 结转下年度继续办理,
    column by column — what was carried forward must arrive."""
    prev, table = ctx.previous, ctx.report.table3
    if prev is None or not table or not prev.table3:
        return
    if ctx.report.year is not None and prev.year is not None and prev.year != ctx.report.year - 1:
        return
    for col, label in TABLE3_COLUMNS.items():
        now, before = _value(table, "carried_in", col), _value(prev.table3, "carried_forward", col)
        if now is None or before is None or now == before:
            continue
        yield Finding(
            "T3-6",
            Severity.WARNING,
            f"table3.carried_in.{col}",
            f"表三「{label}」列：本年「二、上年结转政府信息公开申请数量」为 {fmt_num(now)}，"
            f"但上一年度报告「四、结转下年度继续办理」为 {fmt_num(before)}，相差 {_diff(now, before)}",
            {
                "column": col,
                "carried_in": now,
                "previous_carried_forward": before,
                "previous_year": prev.year,
            },
        )


RULES = (
    balance_per_column,
    results_add_up,
    applicants_add_up,
    cells_are_counts,
    table_present,
    carried_in_matches_last_year,
)
