"""Table 四 — 政府信息公开行政复议、行政诉讼情况 (T4-1 … T4-3)."""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import TABLE4_BLOCKS, TABLE4_COLUMNS
from ..model import Finding, Severity
from . import CheckContext, count_problem, fmt_num, num, tidy

_RESULTS = ("upheld", "corrected", "other_result", "pending")


def cells_are_counts(ctx: CheckContext) -> Iterator[Finding]:
    """T4-2 (error): a cell of table 四 is blank, "/", "—" or not a whole number ≥ 0.

    A township with no appeals writes 0 in all fifteen cells; a blank 行政复议 block (seed
    003) is a report that did not say.
    """
    table = ctx.report.table4
    if not table:
        return
    for block, block_label in TABLE4_BLOCKS.items():
        for col, col_label in TABLE4_COLUMNS.items():
            location = f"table4.{block}.{col}"
            value = table.get(block, {}).get(col)
            problem = count_problem(ctx.report, location, value)
            if problem is None:
                continue
            why, kind = problem
            yield Finding(
                "T4-2",
                Severity.ERROR,
                location,
                f"表四「{block_label}」的「{col_label}」{why}，应填写不小于 0 的整数（没有的填 0）",
                {"cell": kind, "value": value, "raw": ctx.report.cell_text.get(location)},
            )


def blocks_add_up(ctx: CheckContext) -> Iterator[Finding]:
    """T4-1 (error): in a block, 总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    Skipped when a cell of the block is unknown (T4-2 reports it).
    """
    table = ctx.report.table4
    if not table:
        return
    for block, block_label in TABLE4_BLOCKS.items():
        cells = table.get(block, {})
        parts = [num(cells.get(col)) for col in _RESULTS]
        total = num(cells.get("total"))
        if total is None or any(v is None for v in parts):
            continue
        summed = tidy(sum(parts))  # type: ignore[arg-type]
        if summed == total:
            continue
        written = " + ".join(
            f"{TABLE4_COLUMNS[c]} {fmt_num(v)}" for c, v in zip(_RESULTS, parts, strict=True)
        )  # type: ignore[arg-type]
        yield Finding(
            "T4-1",
            Severity.ERROR,
            f"table4.{block}.total",
            f"表四「{block_label}」：{written} = {fmt_num(summed)}，但「总计」填写为 {fmt_num(total)}，"
            f"相差 {fmt_num(tidy(abs(summed - total)))}",
            {
                "block": block,
                "sum": summed,
                "total": total,
                "parts": dict(zip(_RESULTS, parts, strict=True)),
            },
        )


def table_present(ctx: CheckContext) -> Iterator[Finding]:
    """T4-3 (error): table 四 is missing; a body with no appeals fills it with 0."""
    if ctx.report.table4 is None:
        yield Finding(
            "T4-3",
            Severity.ERROR,
            "table4",
            "报告中没有表四「政府信息公开行政复议、行政诉讼情况」；没有复议、诉讼也要填写此表（各格填 0）",
            {},
        )


RULES = (blocks_add_up, cells_are_counts, table_present)
