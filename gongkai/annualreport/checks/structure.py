"""Structure and format of the report: the six sections (S) and the table format (F)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..formats import SECTIONS, V2019, V2021, format_for_year
from ..model import SECTION_KEYS, Finding, Severity
from ..normalize import label_key
from . import TABLE_NAMES, CheckContext, format_document

_NUMERALS = "一二三四五六"
_TITLE_CLUTTER = re.compile(r"^[#\s]+|[\s：:。]+$")


def _section_name(key: str) -> str:
    return f"第{_NUMERALS[SECTION_KEYS.index(key)]}部分「{SECTIONS[key]}」"


def missing_sections(ctx: CheckContext) -> Iterator[Finding]:
    """S-1 (error): one of the six sections of the national format is missing.

    One finding per missing section, so a clerk sees exactly which part to add.
    """
    for key in SECTION_KEYS:
        if not ctx.report.sections.get(key):
            yield Finding(
                "S-1",
                Severity.ERROR,
                f"section.{key}",
                f"报告缺少{_section_name(key)}，年度报告必须包括规定的六个部分",
                {"section": key, "official_title": SECTIONS[key]},
            )


def section_order_and_titles(ctx: CheckContext) -> Iterator[Finding]:
    """S-2 (warning): the sections are out of order, or a title differs from the official one.

    Titles are compared after ``label_key`` (width, spaces, bracket and quote styles do not
    count; wording does), so "四、因政府信息公开工作被申请复议、提起行政诉讼情况" — the 2019
    wording — and "一、总体工作情况" are reported, "一、 总体情况" is not.
    """
    r = ctx.report
    order = [k for k in r.section_order if k in SECTION_KEYS]
    if order != sorted(order, key=SECTION_KEYS.index):
        written = "、".join(SECTIONS[k].split("、", 1)[0] for k in order)
        yield Finding(
            "S-2",
            Severity.WARNING,
            "section.order",
            f"各部分顺序与规定不一致：报告中的顺序为 {written}，应依次为一至六",
            {"order": order, "official_order": list(SECTION_KEYS)},
        )
    for key in SECTION_KEYS:
        title = r.section_titles.get(key)
        if not title:
            continue
        written = _TITLE_CLUTTER.sub("", title)
        if label_key(written) != label_key(SECTIONS[key]):
            yield Finding(
                "S-2",
                Severity.WARNING,
                f"section.{key}",
                f"标题「{written}」与规定的「{SECTIONS[key]}」不一致",
                {"found": written, "official": SECTIONS[key]},
            )


def format_fits_year(ctx: CheckContext) -> Iterator[Finding]:
    """F-1 (error): the table format does not fit the report year.

    Reports for 2019 and 2020 use the 60号 format, reports for 2021 on the 30号 one. The
    format is the one the table headers show (``Report.format``), never the title's.
    """
    r = ctx.report
    used, due = ctx.format_name, format_for_year(r.year)
    if used is None or due is None or used == due:
        return
    yield Finding(
        "F-1",
        Severity.ERROR,
        "format",
        f"本报告为 {r.year} 年度报告，应使用{format_document(due)}，但表格使用的是{format_document(used)}",
        {"year": r.year, "format": used, "expected_format": due},
    )


def mixed_formats(ctx: CheckContext) -> Iterator[Finding]:
    """F-2 (warning): two formats mixed in one report.

    Either the tables' headers show different formats, or a v2021 report's （六）其他处理 is
    one row without its three sub-rows (the 2019 layout). The single row explains a
    table 三 read as v2019, so that case is reported once, not twice.
    """
    r = ctx.report
    seen = dict(r.formats_seen)
    if r.table3_single_other:
        seen.pop("table3", None)
    if len(set(seen.values())) > 1:
        parts = "，".join(
            f"{TABLE_NAMES.get(t, t)}为{format_document(f)}" for t, f in sorted(seen.items())
        )
        yield Finding(
            "F-2",
            Severity.WARNING,
            "format",
            f"同一份报告中混用了两种格式：{parts}",
            {"formats_seen": seen},
        )
    if r.table3_single_other and ctx.format_name != V2019:
        yield Finding(
            "F-2",
            Severity.WARNING,
            "table3.other",
            "表三「（六）其他处理」只有一行，这是 2019 年格式的写法；2021 年格式应分为"
            "「1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请」"
            "「2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」「3.其他」三行",
            {"format": ctx.format_name or V2021, "single_other_row": True},
        )


def label_variants(ctx: CheckContext) -> Iterator[Finding]:
    """F-3 (info): a row or column label differs from the official one.

    One finding per variant the reader noticed, naming both labels: "表二「现有有效件数」应为
    「现行有效件数」". The values were read all the same; this is about the form.
    """
    for v in ctx.report.label_variants:
        table = TABLE_NAMES.get(v.location.split(".", 1)[0], "表格")
        yield Finding(
            "F-3",
            Severity.INFO,
            v.location,
            f"{table}「{v.found}」应为「{v.official}」",
            {"found": v.found, "official": v.official},
        )


def extra_labels(ctx: CheckContext) -> Iterator[Finding]:
    """F-4 (warning): a row or column the format does not have (a 小计 row, an extra column).

    Extra rows are not added into any sum; the clerk should remove them from the table.
    """
    for table, label in ctx.report.extra_labels:
        name = TABLE_NAMES.get(table, "表格")
        yield Finding(
            "F-4",
            Severity.WARNING,
            f"{table}.extra.{label}",
            f"{name}中有格式规定之外的行或列「{label}」，请按规定格式删除",
            {"table": table, "label": label},
        )


RULES = (
    missing_sections,
    section_order_and_titles,
    format_fits_year,
    mixed_formats,
    label_variants,
    extra_labels,
)
