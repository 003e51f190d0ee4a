"""The narrative against the tables, years and dates (X-1 … X-6)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from ..formats import SECTIONS, V2019, V2021
from ..model import SECTION_KEYS, Finding, Number, Severity
from . import AgencyKind, CheckContext, fmt_num, format_document, num, tidy

# ---------------------------------------------------------------------------------------
# figures in the text against the tables

# (narrative key, what the text says, table, cells whose sum the figure is, where the table shows it)
_FIGURES: tuple[tuple[str, str, str, tuple[tuple[str, str], ...], str], ...] = (
    (
        "applications_received",
        "收到政府信息公开申请",
        "table3",
        (("new_received", "total"),),
        "表三「一、本年新收政府信息公开申请数量」总计",
    ),
    (
        "carried_forward",
        "结转下年度继续办理",
        "table3",
        (("carried_forward", "total"),),
        "表三「四、结转下年度继续办理」总计",
    ),
    (
        "total_processed",
        "办结（答复）申请",
        "table3",
        (("total_processed", "total"),),
        "表三办理结果「（七）总计」",
    ),
    ("review", "行政复议", "table4", (("review", "total"),), "表四「行政复议」总计"),
    (
        "litigation",
        "行政诉讼",
        "table4",
        (("litigation_direct", "total"), ("litigation_after_review", "total")),
        "表四「行政诉讼」两栏（未经复议直接起诉、复议后起诉）总计之和",
    ),
    (
        "review_litigation",
        "行政复议、行政诉讼",
        "table4",
        (("review", "total"), ("litigation_direct", "total"), ("litigation_after_review", "total")),
        "表四三栏总计之和",
    ),
)
_TABLE_TITLES = {
    "table3": "表三「收到和处理政府信息公开申请情况」",
    "table4": "表四「政府信息公开行政复议、行政诉讼情况」",
}


def text_matches_tables(ctx: CheckContext) -> Iterator[Finding]:
    """X-1 (warning): a figure stated in the text contradicts the table that shows it.

    收到/受理/新收申请 N 件 vs 表三 new_received, 结转 vs carried_forward, 办结/答复 vs
    total_processed, 复议/诉讼 vs 表四. Also a figure stated for a table that is missing
    (the text says 1 application, and there is no table 三 to show it) — one finding per
    missing table. A table cell that is blank is left to T3-4/T4-2.
    """
    figures = ctx.narrative
    if not figures:
        return
    r = ctx.report
    unshown: dict[str, list[tuple[str, Number]]] = {}
    for key, words, table_name, cells, shown_in in _FIGURES:
        stated = figures.get(key)
        if stated is None:
            continue
        table = getattr(r, table_name)
        if table is None:
            unshown.setdefault(table_name, []).append((words, stated))
            continue
        values = [num(table.get(row, {}).get(col)) for row, col in cells]
        if any(v is None for v in values):
            continue
        shown = tidy(sum(values))  # type: ignore[arg-type]
        if shown == stated:
            continue
        location = f"{table_name}.{cells[0][0]}.{cells[0][1]}" if len(cells) == 1 else table_name
        yield Finding(
            "X-1",
            Severity.WARNING,
            location,
            f"正文写明{words} {fmt_num(stated)} 件，但{shown_in}为 {fmt_num(shown)}，两者不一致",
            {"figure": key, "text": stated, "table": shown},
        )
    for table_name, stated_list in unshown.items():
        said = "、".join(f"{words} {fmt_num(n)} 件" for words, n in stated_list)
        yield Finding(
            "X-1",
            Severity.WARNING,
            table_name,
            f"正文写明{said}，但报告中没有{_TABLE_TITLES[table_name]}，这些数字无法与表格核对",
            {"figures": {words: n for words, n in stated_list}, "table": None},
        )


# ---------------------------------------------------------------------------------------
# years

# \d rather than [0-9]: full-width digits (２０２３年) are read as they are, then int().
_YEAR = re.compile(r"(?<![\d.])(\d{4})\s*年")
_YEAR_TYPO = re.compile(r"(?<![\d.])(\d{5,8})\s*年")
_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起?\s*[,，]?\s*(?:至|到|—+|-+|~|～)\s*"
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)


def _years(text: str) -> Iterator[int]:
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        if 1990 <= year <= 2099:
            yield year


def _period(text: str) -> tuple[int, int | None] | None:
    """(first year, last year or None) of "2023年1月1日至(2023年)12月31日"."""
    for m in _PERIOD.finditer(text):
        start, m1, d1, end, m2, d2 = m.groups()
        if (int(m1), int(d1), int(m2), int(d2)) == (1, 1, 12, 31):
            return int(start), int(end) if end else None
    return None


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def consistent_year(ctx: CheckContext) -> Iterator[Finding]:
    """X-2 (error): the year is inconsistent — the title's year, the statistics period
    (1月1日 to 12月31日 of that year) and the year the text talks about — or a year is
    mistyped ("202020年").

    The text's year is judged only when the report's year appears nowhere in the
    narrative while another year appears at least twice: a report copied from last
    year's with the title changed.
    """
    r = ctx.report
    text = ctx.text
    title = r.title or ""
    yield from _year_typos(title, text)

    title_year = next(_years(title), None)
    period = _period(text)
    sources: dict[str, int] = {}
    if title_year is not None:
        sources["标题"] = title_year
    elif r.year is not None:
        sources["报告年度"] = r.year
    if period:
        sources["统计期限起"] = period[0]
        if period[1] is not None:
            sources["统计期限止"] = period[1]
    if len(set(sources.values())) > 1:
        said = "，".join(f"{where}为 {year} 年" for where, year in sources.items())
        yield Finding(
            "X-2",
            Severity.ERROR,
            "year",
            f"报告年度前后不一致：{said}；统计期限应为报告年度的 1 月 1 日至 12 月 31 日",
            {"years": sources},
        )

    year = r.year or title_year
    narrative = " ".join(r.texts.values())
    if year is None or not narrative:
        return
    counts = Counter(_years(narrative))
    if not counts or any(y in counts for y in {year, *sources.values()}):
        return  # the text talks about a year the title or the period names: reported above if at all
    other, times = counts.most_common(1)[0]
    if times >= 2:
        yield Finding(
            "X-2",
            Severity.ERROR,
            "text",
            f"这是 {year} 年度的报告，但正文中没有一处写到 {year} 年，却 {times} 次写到 {other} 年，"
            "请核对正文是否沿用了其他年度的内容",
            {"year": year, "text_year": other, "times": times},
        )


def _year_typos(title: str, text: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for where, source in (("title", title), ("text", text)):
        for m in _YEAR_TYPO.finditer(source):
            written = str(int(m.group(1)))
            if not written.startswith(("19", "20")) or written in seen:
                continue
            seen.add(written)
            location = "title" if where == "title" else f"text:line {_line_of(source, m.start())}"
            yield Finding(
                "X-2",
                Severity.ERROR,
                location,
                f"“{written}年”不是有效的年份，应为笔误，请改正",
                {"written": written + "年"},
            )


# ---------------------------------------------------------------------------------------
# a total and its parts

_TOTAL_WORD = re.compile(r"共计|合计|总计|累计|总额|共(?![同享建产性识])")
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万元|亿元|元|人次|件|条|户|人|个|篇|份|场|项)")
_BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")
_SENTENCE_END = "。！？!?\n"
_OTHER_PARTS = re.compile("其中")


def _amounts(segment: str) -> dict[str, list[Number]]:
    found: dict[str, list[Number]] = {}
    for m in _AMOUNT.finditer(segment):
        value = float(m.group(1)) if "." in m.group(1) else int(m.group(1))
        found.setdefault(m.group(2), []).append(value)
    return found


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    begin = max(text.rfind(ch, 0, start) for ch in _SENTENCE_END) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    return begin, (min(ends) if ends else len(text))


def totals_cover_parts(ctx: CheckContext) -> Iterator[Finding]:
    """X-3 (warning): a total stated in the text is smaller than the sum of its stated
    parts: "共计 504.8 万元，其中…410 万元…77.38 万元…30.9 万元…53.65 万元" (571.93).

    Deliberately careful. The total is an amount between 共计/合计/总计/累计/共 and 其中, alone
    with its unit there, or else the amount that ends the clause right before 其中
    ("行政复议 351 件，其中…"). The parts are the amounts of the same unit after 其中 in the
    same sentence; text in brackets is left out, and so is everything from the clause that
    opens a next 其中 (the next total and its own parts). Parts adding up to less than the
    total are not reported: 其中 need not list everything.
    """
    text = ctx.text
    for m in _OTHER_PARTS.finditer(text):
        start, end = _sentence_bounds(text, m.start(), m.end())
        totals = _amounts(_total_segment(text[start : m.start()]))
        if not totals:
            continue
        parts = _amounts(_BRACKETED.sub("", _parts_segment(text[m.end() : end])))
        for unit, (total, *more) in totals.items():
            listed = parts.get(unit, [])
            if more or len(listed) < 2:
                continue
            summed = tidy(sum(listed))
            if summed <= total + 1e-9:
                continue
            written = " + ".join(fmt_num(v) for v in listed)
            yield Finding(
                "X-3",
                Severity.WARNING,
                f"text:line {_line_of(text, start)}",
                f"正文中总数为 {fmt_num(total)} {unit}，但“其中”列出的各项 {written} = {fmt_num(summed)} {unit}，"
                f"比总数多 {fmt_num(tidy(summed - total))} {unit}，请核对",
                {
                    "total": total,
                    "unit": unit,
                    "parts": listed,
                    "sum": summed,
                    "sentence": text[start:end].strip()[:200],
                },
            )


_CLAUSE_SEP = "，,；;"
_LAST_AMOUNT = re.compile(_AMOUNT.pattern + r"\s*[，,：:]?\s*$")


def _total_segment(head: str) -> str:
    """The words of ``head`` (the sentence up to 其中) that state the total."""
    words = list(_TOTAL_WORD.finditer(head))
    if words:
        return head[words[-1].end() :]
    m = _LAST_AMOUNT.search(head)
    return m.group(0) if m else ""


_NEW_STATEMENT = re.compile(r"[，,；;]\s*(?:已|另|均|全部|共|合计|此外|同时|办结|答复|结转)")


def _parts_segment(tail: str) -> str:
    """The words of ``tail`` (the sentence after 其中) that list the parts.

    "其中：a；b；c" lists its parts across semicolons (seed 003); without the colon a
    semicolon ends the list ("其中自然人 3 件、企业 1 件；已办结 3 件"). A clause that opens
    a new statement (已…, 另…, 办结…) or a next 其中 ends it too.
    """
    if not tail.lstrip().startswith(("：", ":")):
        tail = re.split(r"[；;]", tail, maxsplit=1)[0]
    m = _NEW_STATEMENT.search(tail)
    if m:
        tail = tail[: m.start()]
    nested = tail.find("其中")
    if nested < 0:
        return tail
    before = tail[:nested].rstrip(_CLAUSE_SEP + "：: ")
    cut = max(before.rfind(ch) for ch in _CLAUSE_SEP)
    return before[:cut] if cut >= 0 else ""


# ---------------------------------------------------------------------------------------
# publication deadline


def _deadline(ctx: CheckContext) -> tuple[int, int, str] | None:
    """(month, day, the rule in words) in the year after the report year, by kind of body."""
    kind = ctx.agency_kind
    if kind is AgencyKind.TOWNSHIP:
        local = ctx.settings.township_deadline
        return (local[0], local[1], "本地规定的乡镇（街道）发布期限") if local else None
    if kind.is_department:
        return (
            1,
            31,
            "县级以上人民政府部门应于每年 1 月 31 日前公布上一年度报告（《条例》第四十九条）",
        )
    if kind.is_government:
        return (
            3,
            31,
            "县级以上地方人民政府应于每年 3 月 31 日前公布本级政府上一年度报告（《条例》第四十九条）",
        )
    return None


def published_in_time(ctx: CheckContext) -> Iterator[Finding]:
    """X-4 (warning): published after the deadline.

    1月31日 for 县级以上人民政府部门 (条例第四十九条), 3月31日 for a 县级以上地方人民政府's own
    report; 乡镇/街道 follow a local deadline (``CheckSettings.township_deadline``), not
    judged when none is set.
    """
    r = ctx.report
    if r.publication_date is None or r.year is None:
        return
    rule = _deadline(ctx)
    if rule is None:
        return
    month, day, why = rule
    try:
        deadline = dt.date(r.year + 1, month, day)
    except ValueError:
        return
    if r.publication_date <= deadline:
        return
    late = (r.publication_date - deadline).days
    yield Finding(
        "X-4",
        Severity.WARNING,
        "publication_date",
        f"报告落款日期为 {_date(r.publication_date)}，晚于发布期限 {_date(deadline)}（迟了 {late} 天）；{why}",
        {
            "publication_date": r.publication_date.isoformat(),
            "deadline": deadline.isoformat(),
            "days_late": late,
        },
    )


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------------------
# the format circular cited in the preface

_CITATION = re.compile(r"国办公开办函\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d{1,3})\s*号")
_CITED_FORMAT = {(2019, 60): V2019, (2021, 30): V2021}


def _cited(text: str) -> set[str]:
    found = ((int(m.group(1)), int(m.group(2))) for m in _CITATION.finditer(text))
    return {_CITED_FORMAT[g] for g in found if g in _CITED_FORMAT}


def cited_format_matches_tables(ctx: CheckContext) -> Iterator[Finding]:
    """X-5 (warning): the preface cites the 60号 format while the tables are v2021, or the
    30号 format while they are v2019.

    Reports without a preface cite it at the start of 总体情况, which is read too.
    """
    used = ctx.format_name
    if used is None:
        return
    r = ctx.report
    cited = _cited(r.preface) or _cited(r.texts.get("overview", "")[:800])
    if len(cited) != 1:
        return
    (fmt,) = cited
    if fmt == used:
        return
    yield Finding(
        "X-5",
        Severity.WARNING,
        "preface",
        f"报告开头引用的是{format_document(fmt)}，但表格使用的是{format_document(used)}，两者不一致",
        {"cited_format": fmt, "table_format": used},
    )


# ---------------------------------------------------------------------------------------
# the same text as last year

_NOT_WORDS = re.compile(r"[\W\d_]+")
_SHINGLE = 4


def comparable_text(text: str) -> str:
    """Text as compared for sameness: letters only, no spaces, punctuation or digits."""
    return _NOT_WORDS.sub("", text or "")


def _shingles(text: str) -> set[str]:
    return {text[i : i + _SHINGLE] for i in range(max(1, len(text) - _SHINGLE + 1))}


def similarity(a: str, b: str) -> float:
    """Share of two texts that is the same, 0..1: the Dice coefficient of their
    4-character shingles, after dropping spaces, punctuation and digits (so a paragraph
    copied with the year and the figures changed still counts as copied). Linear time."""
    na, nb = comparable_text(a), comparable_text(b)
    if not na or not nb:
        return 0.0
    sa, sb = _shingles(na), _shingles(nb)
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def narrative_not_copied(ctx: CheckContext) -> Iterator[Finding]:
    """X-6 (info, needs last year's report): the narrative is largely the same text as
    last year's (条文雷同): one finding naming the sections and how much of each is the same."""
    prev = ctx.previous
    if prev is None:
        return
    threshold, min_chars = ctx.settings.similar_threshold, ctx.settings.similar_min_chars
    similar: dict[str, float] = {}
    for key in SECTION_KEYS:
        a, b = ctx.report.texts.get(key, ""), prev.texts.get(key, "")
        if min(len(comparable_text(a)), len(comparable_text(b))) < min_chars:
            continue
        ratio = similarity(a, b)
        if ratio >= threshold:
            similar[key] = round(ratio, 3)
    if not similar:
        return
    said = "、".join(f"「{SECTIONS[k]}」（相同 {round(v * 100)}%）" for k, v in similar.items())
    year = f" {prev.year} 年度" if prev.year else "上一年度"
    yield Finding(
        "X-6",
        Severity.INFO,
        "text",
        f"与{year}报告相比，{said}的文字基本相同，请确认内容已按本年度的实际情况撰写",
        {"sections": similar, "previous_year": prev.year, "threshold": threshold},
    )


RULES = (
    text_matches_tables,
    consistent_year,
    totals_cover_parts,
    published_in_time,
    cited_format_matches_tables,
    narrative_not_copied,
)
