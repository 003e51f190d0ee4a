"""Compiling an agency's annual report from plain records (no Django).

The web side gathers documents, entered figures, tables 三/四 and counts into the plain
records below; everything here turns them into an ``annualreport.model.Report``, resolves
the live values in the texts, and runs every rule of the report engine on the result.

Table 二, 第二十条第（一）项 (规章 / 行政规范性文件), from the documents published on the
platform:

- a document is **issued** (本年制发) in the year of its 成文日期 — the date the document
  was made, which is what 制发 means; when a document has no 成文日期, its 发布日期, then
  the date it was first published here, stands in;
- it is **repealed** (本年废止) in the year its validity changed to 已废止 or 已修订 (an
  amended document is replaced by the amending one, which is issued in its turn and
  counted there), dated by 效力变更日期;
- it is **in force** (现行有效) at 31 December when it was issued by then and had not
  ceased by then.

So 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 holds by construction (T2-4).
For v2019 (reports of 2019 and 2020): 本年新制作 = issued in the year, 本年新公开 = first
published in the year, 对外公开总数量 = published by 31 December (in force or not).

Every other cell of table 二 is a figure the clerk enters; a cell not entered stays
blank (None), and the engine's T2-1 reports it: a blank is never a zero.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.annualreport.checks import CheckSettings, run_checks
from gongkai.annualreport.checks.text import similarity
from gongkai.annualreport.formats import FORMATS, SECTIONS, format_for_year
from gongkai.annualreport.model import (
    SECTION_KEYS,
    Finding,
    Number,
    Report,
    Severity,
    Table,
    sorted_findings,
)
from gongkai.annualreport.model import report_from_dict as model_report_from_dict
from gongkai.annualreport.narrative import read_figures

REGULATION = "regulation"
NORMATIVE = "normative"
DOC_ROWS = {REGULATION: "regulations", NORMATIVE: "normative_documents"}


# ---------------------------------------------------------------------------------------
# Plain records


@dataclass(frozen=True)
class DocumentRecord:
    """One 规章 or 行政规范性文件 published on the platform."""

    doc_type: str  # REGULATION | NORMATIVE
    written_on: dt.date | None  # 成文日期
    published_on: dt.date | None  # 发布日期 as stated on the document
    first_published: dt.date | None  # first made public on the platform
    ended_on: dt.date | None = None  # 效力变更日期 when 已废止 / 已修订

    @property
    def issued_on(self) -> dt.date | None:
        return self.written_on or self.published_on or self.first_published


@dataclass(frozen=True)
class Facts:
    """Everything a report of one agency and year is compiled from."""

    agency: str
    year: int
    documents: tuple[DocumentRecord, ...] = ()
    #: ``table2.<row>.<col>`` -> value the clerk entered.
    entered: Mapping[str, Number] = field(default_factory=dict)
    table3: Table | None = None
    table4: Table | None = None
    #: Items first published in the year, by kind ("info", "document", "interpretation").
    items_published: Mapping[str, int] = field(default_factory=dict)
    #: Items published through each channel (label -> count).
    publishing_channels: Mapping[str, int] = field(default_factory=dict)
    #: 互动交流 per channel label: {"received": n, "replied": n}.
    message_channels: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    deadline: dt.date | None = None


# ---------------------------------------------------------------------------------------
# Table 二


def document_cells(documents: Iterable[DocumentRecord], year: int, fmt: str) -> Table:
    """The 第二十条第（一）项 rows of table 二, counted (see the module docstring)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    v2021 = fmt == "v2021"
    cols = ("issued", "repealed", "in_force") if v2021 else (
        "newly_made", "newly_published", "total_published"
    )  # fmt: skip
    table: Table = {row: dict.fromkeys(cols, 0) for row in DOC_ROWS.values()}
    for doc in documents:
        row = DOC_ROWS.get(doc.doc_type)
        issued = doc.issued_on
        if row is None or issued is None:
            continue
        cells = table[row]
        made_this_year = start <= issued <= end
        if v2021:
            cells["issued"] += made_this_year
            ended = doc.ended_on
            if ended is not None and start <= ended <= end:
                cells["repealed"] += 1
            if issued <= end and (ended is None or ended > end):
                cells["in_force"] += 1
        else:
            cells["newly_made"] += made_this_year
            first = doc.first_published or issued
            cells["newly_published"] += start <= first <= end
            cells["total_published"] += first <= end
    return table


def entered_cells(fmt: str) -> list[tuple[str, str, str]]:
    """(key, row label, column label) of every table 二 cell the clerk enters."""
    out = []
    for block in FORMATS[fmt].table2:
        if block.key == "art20_1":
            continue
        for row, row_label in block.rows.items():
            for col, col_label in block.columns.items():
                out.append((f"table2.{row}.{col}", row_label, col_label))
    return out


def table2(facts: Facts, fmt: str) -> Table:
    table = document_cells(facts.documents, facts.year, fmt)
    for key, _row, _col in entered_cells(fmt):
        _, row, col = key.split(".")
        table.setdefault(row, {})[col] = facts.entered.get(key)
    return table


def as_number(value: Decimal | Number | None) -> Number | None:
    """An entered Decimal as the engine's number: 12 rather than 12.0000."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# ---------------------------------------------------------------------------------------
# Live values in the text


PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


@dataclass(frozen=True)
class Figure:
    name: str  # what goes between {{ }}
    label: str  # what it is, in words
    value: Number | str | None
    group: str

    @property
    def shown(self) -> str:
        return show(self.value)

    @property
    def code(self) -> str:
        """What a writer types: {{名称}}."""
        return "{{" + self.name + "}}"


def show(value: Number | str | None) -> str:
    if value is None:
        return "（未填报）"
    if isinstance(value, float):
        value = round(value, 4)
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)


def _cell(table: Table | None, row: str, col: str) -> Number | None:
    if not table:
        return None
    return table.get(row, {}).get(col)


def _sum(table: Table | None, rows: Iterable[str], col: str) -> Number | None:
    values = [_cell(table, r, col) for r in rows]
    if not table or any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def figures(facts: Facts, report: Report) -> list[Figure]:
    """Every value a text may insert, with its current value: the insert menu and the
    resolver use this one list, so what the menu offers is what resolves."""
    fmt = FORMATS[report.format or "v2021"]
    t2, t3, t4 = report.table2, report.table3, report.table4
    out: list[Figure] = [
        Figure("年度", "报告年度", facts.year, "基本"),
        Figure("机构", "机构名称", facts.agency, "基本"),
    ]
    if facts.deadline:
        d = facts.deadline
        out.append(Figure("发布期限", "报告发布期限", f"{d.year}年{d.month}月{d.day}日", "基本"))

    # Table 二, every cell, by its row and column labels.
    for block in fmt.table2:
        for row, row_label in block.rows.items():
            for col, col_label in block.columns.items():
                name = f"表二.{row_label}.{_short(col_label)}"
                out.append(Figure(name, f"{row_label}{col_label}", _cell(t2, row, col), "表二"))

    # Table 三, the figures a narrative usually states.
    tot = "total"
    rows = list(fmt.table3_rows)
    groups = {
        "不予公开": [r for r in rows if r.startswith("denied_")],
        "无法提供": [r for r in rows if r.startswith("unable_")],
        "不予处理": [r for r in rows if r.startswith("notproc_")],
        "其他处理": [r for r in rows if r == "other" or r.startswith("other_")],
    }
    orgs = ["commercial", "research", "public_interest", "legal_service", "other_org"]
    new_orgs = None
    if t3 and all(_cell(t3, "new_received", c) is not None for c in orgs):
        new_orgs = sum(_cell(t3, "new_received", c) for c in orgs)  # type: ignore[misc]
    out += [
        Figure(
            "申请.新收", "本年新收政府信息公开申请（件）", _cell(t3, "new_received", tot), "表三"
        ),
        Figure(
            "申请.自然人",
            "其中自然人申请（件）",
            _cell(t3, "new_received", "natural_person"),
            "表三",
        ),
        Figure("申请.法人或其他组织", "其中法人或其他组织申请（件）", new_orgs, "表三"),
        Figure("申请.上年结转", "上年结转申请（件）", _cell(t3, "carried_in", tot), "表三"),
        Figure("申请.办结", "本年度办理结果总计（件）", _cell(t3, "total_processed", tot), "表三"),
        Figure("申请.予以公开", "予以公开（件）", _cell(t3, "granted", tot), "表三"),
        Figure("申请.部分公开", "部分公开（件）", _cell(t3, "partially_granted", tot), "表三"),
    ]
    for label, group_rows in groups.items():
        out.append(Figure(f"申请.{label}", f"{label}（件）", _sum(t3, group_rows, tot), "表三"))
    out.append(
        Figure(
            "申请.结转下年", "结转下年度继续办理（件）", _cell(t3, "carried_forward", tot), "表三"
        )
    )

    # Table 四.
    col_names = {"upheld": "维持", "corrected": "纠正", "other_result": "其他结果",
                 "pending": "尚未审结", "total": "总数"}  # fmt: skip
    for col, word in col_names.items():
        out.append(
            Figure(f"复议.{word}", f"行政复议{word}（件）", _cell(t4, "review", col), "表四")
        )
    for col, word in col_names.items():
        lit = _sum(t4, ("litigation_direct", "litigation_after_review"), col)
        out.append(Figure(f"诉讼.{word}", f"行政诉讼{word}（件，含复议后起诉）", lit, "表四"))

    # What the platform counted besides the tables.
    kinds = {"info": "信息", "document": "文件", "interpretation": "政策解读"}
    items = facts.items_published
    out.append(Figure("主动公开.总数", "本年主动公开信息（条）", sum(items.values()), "主动公开"))
    for kind, word in kinds.items():
        out.append(Figure(f"主动公开.{word}", f"其中{word}（条）", items.get(kind, 0), "主动公开"))
    for label, n in facts.publishing_channels.items():
        out.append(Figure(f"渠道.{label}", f"通过{label}公开（条）", n, "主动公开"))
    received = sum(c.get("received", 0) for c in facts.message_channels.values())
    replied = sum(c.get("replied", 0) for c in facts.message_channels.values())
    out += [
        Figure("留言.收到", "本年收到网民留言（条）", received, "互动交流"),
        Figure("留言.答复", "其中已答复（条）", replied, "互动交流"),
        Figure("留言.回复率", "留言回复率", _percent(replied, received), "互动交流"),
    ]
    for label, c in facts.message_channels.items():
        if c.get("received"):
            out.append(Figure(f"留言.{label}", f"通过{label}收到（条）", c["received"], "互动交流"))
    return out


def _short(col_label: str) -> str:
    """本年制发件数 -> 本年制发; 本年收费金额（单位：万元） -> 本年收费金额."""
    if col_label == "对外公开总数量":
        return "对外公开总数"
    return re.sub(r"（[^）]*）$", "", col_label).removesuffix("件数").removesuffix("数量")


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "（无留言）"
    return f"{round(100 * part / whole, 1):g}%"


@dataclass(frozen=True)
class UnknownPlaceholder:
    name: str
    section: str

    def finding(self) -> Finding:
        return Finding(
            "Y-1",
            Severity.ERROR,
            f"section.{self.section}",
            f"「{SECTIONS[self.section]}」中的 {{{{{self.name}}}}} 不是可插入的数据名称，"
            "请从“插入数据”菜单中选择，或删除这个占位符",
            {"placeholder": self.name, "section": self.section},
        )


def resolve(
    texts: Mapping[str, str], values: Mapping[str, Figure]
) -> tuple[dict[str, str], list[UnknownPlaceholder]]:
    """Texts with every {{名称}} replaced by its current value; unknown names are left as
    written and listed (an error that blocks publication)."""
    unknown: list[UnknownPlaceholder] = []
    out: dict[str, str] = {}
    for key in SECTION_KEYS:
        text = texts.get(key, "") or ""

        def sub(m: re.Match[str], key: str = key) -> str:
            figure = values.get(m.group(1))
            if figure is None:
                unknown.append(UnknownPlaceholder(m.group(1), key))
                return m.group(0)
            return figure.shown

        out[key] = PLACEHOLDER.sub(sub, text)
    return out, unknown


# ---------------------------------------------------------------------------------------
# The report


def preface(fmt: str) -> str:
    doc = FORMATS[fmt].document
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《中华人民共和国政府信息公开工作年度报告格式》（{doc}）的要求编制。"
        "报告中所列数据的统计期限自1月1日起至12月31日止。"
    )


@dataclass
class Compiled:
    report: Report
    figures: list[Figure]
    unknown: list[UnknownPlaceholder]


def compile_report(
    facts: Facts,
    texts: Mapping[str, str],
    *,
    publication_date: dt.date | None = None,
    previous: Report | None = None,
    settings: CheckSettings | None = None,
) -> Compiled:
    """The Report of ``facts`` with ``texts`` resolved, and every finding on it (C-1/C-2
    with ``settings.dictionary``: the administrators' 词库 when the caller gives it)."""
    fmt = format_for_year(facts.year) or "v2021"
    report = Report(
        source=f"{facts.agency}{facts.year}年度报告（平台编制）",
        format=fmt,
        year=facts.year,
        agency=facts.agency,
        title=f"{facts.agency}{facts.year}年政府信息公开工作年度报告",
        publication_date=publication_date,
        section_titles=dict(SECTIONS),
        section_order=list(SECTION_KEYS),
        preface=preface(fmt),
        table2=table2(facts, fmt),
        table3=facts.table3,
        table4=facts.table4,
    )
    menu = figures(facts, report)
    resolved, unknown = resolve(texts, {f.name: f for f in menu})
    report.texts = resolved
    report.sections = {k: bool(resolved.get(k, "").strip()) for k in SECTION_KEYS}
    report.full_text = "\n".join([report.title or "", report.preface, *resolved.values()])
    report.narrative = read_figures(report.full_text)
    findings = run_checks(report, previous, settings)
    findings += [u.finding() for u in unknown]
    findings += list(prompts_left(resolved))
    report.findings = sorted_findings(findings)
    return Compiled(report, menu, unknown)


def prompts_left(texts: Mapping[str, str]) -> Iterable[Finding]:
    """Y-2 (error): a 【请…】 writing prompt of the starter text is still in a section."""
    from .starter import PROMPT

    for key in SECTION_KEYS:
        m = PROMPT.search(texts.get(key, ""))
        if m:
            yield Finding(
                "Y-2",
                Severity.ERROR,
                f"section.{key}",
                f"「{SECTIONS[key]}」还保留着起草提示「{m.group(0)[:40]}」，请改写为本机关的实际情况后删除提示",
                {"prompt": m.group(0), "section": key},
            )


def finding_key(f: Finding) -> str:
    """A stable name for a finding, under which the clerk's explanation is kept."""
    digest = hashlib.sha1(f.message.encode()).hexdigest()[:10]
    return f"{f.rule}|{f.location}|{digest}"


def unexplained_warnings(findings: Iterable[Finding], explanations: Mapping[str, str]) -> list:
    return [
        f
        for f in findings
        if f.severity is Severity.WARNING and not (explanations.get(finding_key(f)) or "").strip()
    ]


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    errors = warnings = 0
    for f in findings:
        errors += f.severity is Severity.ERROR
        warnings += f.severity is Severity.WARNING
    return errors, warnings


def repeated_sections(
    texts: Mapping[str, str], previous: Mapping[str, str], settings: CheckSettings | None = None
) -> dict[str, float]:
    """Section -> share of its text that is the same as last year's, for the sections at
    or above X-6's threshold (the engine's own measure and settings)."""
    s = settings or CheckSettings()
    from gongkai.annualreport.checks.text import comparable_text

    out = {}
    for key in SECTION_KEYS:
        a, b = texts.get(key, ""), previous.get(key, "")
        if min(len(comparable_text(a)), len(comparable_text(b))) < s.similar_min_chars:
            continue
        ratio = similarity(a, b)
        if ratio >= s.similar_threshold:
            out[key] = ratio
    return out


# ---------------------------------------------------------------------------------------
# Report <-> JSON (the published snapshot)


def report_to_dict(report: Report) -> dict[str, Any]:
    data = report.to_dict()
    data.update(
        {
            "section_titles": report.section_titles,
            "section_order": report.section_order,
            "preface": report.preface,
        }
    )
    return data


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """A published snapshot back as a Report; a snapshot always has all six sections."""
    report = model_report_from_dict(dict(data))
    report.section_titles = report.section_titles or dict(SECTIONS)
    report.section_order = report.section_order or list(SECTION_KEYS)
    return report
