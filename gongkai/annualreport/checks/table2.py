"""Table 二 — 主动公开政府信息情况 (T2-1 … T2-4)."""

from __future__ import annotations

from collections.abc import Iterator

from ..formats import FORMAT_2019, FORMAT_2021, V2021
from ..model import Finding, Report, Severity
from . import AgencyKind, CheckContext, explain_missing, fmt_num, num, t2_labels, tidy

# Bodies that cannot make 规章 (立法法: only 国务院部门, provinces and 设区的市 can).
_NO_RULE_MAKING = frozenset({AgencyKind.TOWNSHIP, AgencyKind.COUNTY_GOV, AgencyKind.COUNTY_DEPT})
_FEE = ("admin_fees", "amount_wan_yuan")


def _labels(ctx: CheckContext) -> tuple[dict[str, str], dict[str, str]]:
    """Labels of the table's own format first, the other format's for anything else."""
    own = ctx.table_format("table2")
    other = FORMAT_2019 if own is FORMAT_2021 else FORMAT_2021
    rows_o, cols_o = t2_labels(other)
    rows, cols = t2_labels(own)
    return {**rows_o, **rows}, {**cols_o, **cols}


def cells_are_numbers(ctx: CheckContext) -> Iterator[Finding]:
    """T2-1 (error): a cell of table 二 is blank, "/", "—" or not a number.

    A blank is not zero: "没有" must be written 0, or the reader cannot tell "none" from
    "not reported". The message says what the cell holds.
    """
    table = ctx.report.table2
    if not table:
        return
    rows, cols = _labels(ctx)
    for row, values in table.items():
        for col, value in values.items():
            if num(value) is not None:
                continue
            location = f"table2.{row}.{col}"
            why, kind = explain_missing(ctx.report, location)
            yield Finding(
                "T2-1",
                Severity.ERROR,
                location,
                f"表二「{rows.get(row, row)}」的「{cols.get(col, col)}」{why}，应填写数字（没有的填 0）",
                {"cell": kind, "raw": ctx.report.cell_text.get(location)},
            )


def regulations_by_a_body_that_cannot_make_them(ctx: CheckContext) -> Iterator[Finding]:
    """T2-2 (warning): 规章 counts are not zero for a body that cannot make 规章.

    乡镇、街道, county governments and their departments cannot make 规章; a number there is
    usually their 行政规范性文件 (or the city's 规章) entered in the wrong row.
    """
    kind = ctx.agency_kind
    table = ctx.report.table2
    if kind not in _NO_RULE_MAKING or not table:
        return
    rows, cols = _labels(ctx)
    nonzero = {col: v for col, v in table.get("regulations", {}).items() if num(v)}
    if not nonzero:
        return
    stated = "、".join(f"「{cols.get(c, c)}」{fmt_num(v)}" for c, v in nonzero.items())  # type: ignore[arg-type]
    yield Finding(
        "T2-2",
        Severity.WARNING,
        "table2.regulations",
        f"{ctx.report.agency}是{kind.label}，无权制定规章，但表二「{rows['regulations']}」填写了{stated}；"
        "请核对是否把规范性文件或上级的规章填在了这一行",
        {"agency": ctx.report.agency, "agency_kind": str(kind), "values": nonzero},
    )


def fee_amount_in_yuan(ctx: CheckContext) -> Iterator[Finding]:
    """T2-3 (warning): 本年收费金额 is in 万元, and the figure looks like 元.

    Strong evidence: the cell itself says 元 ("251000元"). Otherwise an amount implausibly
    large for the kind of body (``CheckSettings.fee_limits_wan_yuan``, e.g. ≥ 1000 万元 for
    a township); cities and provinces have no such bound.
    """
    table = ctx.report.table2
    row, col = _FEE
    if not table or col not in table.get(row, {}):
        return
    value = num(table[row][col])
    if value is None:
        return
    location = f"table2.{row}.{col}"
    raw = ctx.report.cell_text.get(location, "")
    label = "表二「行政事业性收费」的「本年收费金额（单位：万元）」"
    if "元" in raw and "万元" not in raw:
        yield Finding(
            "T2-3",
            Severity.WARNING,
            location,
            f"{label}填写为“{raw}”，单位是元；本栏单位为万元，{fmt_num(value)} 元应填写为 {fmt_num(tidy(value / 10000))}",
            {"value": value, "raw": raw, "as_wan_yuan": tidy(value / 10000)},
        )
        return
    limit = ctx.settings.fee_limits_wan_yuan.get(str(ctx.agency_kind))
    if limit is not None and value >= limit:
        yield Finding(
            "T2-3",
            Severity.WARNING,
            location,
            f"{label}为 {fmt_num(value)} 万元，对{ctx.agency_kind.label}来说过大，可能是按“元”填写的"
            f"（{fmt_num(value)} 元只有 {fmt_num(tidy(value / 10000))} 万元），请核对单位",
            {"value": value, "limit_wan_yuan": limit, "agency_kind": str(ctx.agency_kind)},
        )


def _is_previous_year(report: Report, previous: Report) -> bool:
    return report.year is None or previous.year is None or previous.year == report.year - 1


def _format_of(report: Report, table: str) -> str | None:
    return report.formats_seen.get(table) or report.format


def in_force_carried_on(ctx: CheckContext) -> Iterator[Finding]:
    """T2-4 (warning, needs last year's report): 现行有效件数 ≠ last year's 现行有效件数 +
    本年制发件数 − 本年废止件数.

    Only between two v2021 tables: the 2019 columns (新制作/新公开/对外公开总数) do not carry
    a stock from year to year.
    """
    prev = ctx.previous
    table = ctx.report.table2
    if prev is None or not table or not prev.table2 or not _is_previous_year(ctx.report, prev):
        return
    if _format_of(ctx.report, "table2") != V2021 or _format_of(prev, "table2") != V2021:
        return
    rows, _ = _labels(ctx)
    for row in ("regulations", "normative_documents"):
        now, before = table.get(row, {}), prev.table2.get(row, {})
        last, issued, repealed, in_force = (
            num(before.get("in_force")),
            num(now.get("issued")),
            num(now.get("repealed")),
            num(now.get("in_force")),
        )
        if last is None or issued is None or repealed is None or in_force is None:
            continue
        expected = tidy(last + issued - repealed)
        if expected == in_force:
            continue
        yield Finding(
            "T2-4",
            Severity.WARNING,
            f"table2.{row}.in_force",
            f"表二「{rows.get(row, row)}」：上年现行有效 {fmt_num(last)} + 本年制发 {fmt_num(issued)} − "
            f"本年废止 {fmt_num(repealed)} = {fmt_num(expected)}，但本年「现行有效件数」填写为 {fmt_num(in_force)}，"
            f"相差 {fmt_num(tidy(abs(in_force - expected)))}",
            {
                "previous_in_force": last,
                "issued": issued,
                "repealed": repealed,
                "expected": expected,
                "in_force": in_force,
                "previous_year": prev.year,
            },
        )


RULES = (
    cells_are_numbers,
    regulations_by_a_body_that_cannot_make_them,
    fee_amount_in_yuan,
    in_force_carried_on,
)
