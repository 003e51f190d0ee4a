"""Figures stated in the narrative of an annual report ("收到政府信息公开申请 1 件").

The narrative repeats some figures of the tables in words; X-1 compares the two. A reader
that invents a figure would make X-1 accuse a clerk of a contradiction that is not there, so
every pattern here is deliberately narrow: a figure is read only when the sentence says
what it counts in the statutory vocabulary, in one clause (no comma or full stop between
the words and the number), with its unit. Years, dates and document numbers
(〔2021〕30号) never match because they are not followed by 件/条/元.

``read_figures`` is pure and fast: each precompiled pattern is tried only around the
occurrences of its anchor word, and the text is not normalised first (the ``\\d`` class
and ``int`` read full-width digits as they are; the clause classes list both "，" and ",").
The pipeline calls it once per report and stores the result in ``Report.narrative``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .model import Number

__all__ = ["FIGURE_KEYS", "parse_number", "read_figures"]

# The keys of Report.narrative, in the order they are reported.
FIGURE_KEYS = (
    "applications_received",
    "carried_forward",
    "total_processed",
    "review",
    "litigation",
    "review_litigation",
    "proactive_items_website",
    "proactive_items_wechat",
    "proactive_items_weibo",
    "fees_collected_yuan",
)

# One clause: no sentence or clause punctuation (full- or half-width), no line break or
# tab (a tab separates table cells in flattened text).
_G = r"[^。；;，,：:！!？?\n\t]"
# The same without digits: the gap right before the figure must not hide another number.
_GN = r"[^。；;，,：:！!？?\n\t\d]"
# An application clause must not be about 行政复议/诉讼 ("未收到行政复议申请").
_GA = r"[^。；;，,：:！!？?\n\t复诉]"
_GAN = r"[^。；;，,：:！!？?\n\t复诉\d]"
_CN = "零〇一二两三四五六七八九十百"
_NUM = rf"(?<![\d.])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{_CN}]{{1,4}})"
# Counted in 件 (起/宗 for cases) only: "个" and "次" also count days and times
# ("收到申请后一个工作日内").
_COUNT_UNIT = r"\s*件"
_CASE_UNIT = r"\s*(?:件|起|宗)"

# 复议 as a count of its own, not "未经复议直接起诉" / "复议后起诉" (kinds of 诉讼).
_REVIEW = r"(?<!经)复议(?![后直])"

# (figure key, words one of which every match contains, the pattern, how to read a match)
_Pattern = tuple[str, tuple[str, ...], re.Pattern[str], Callable[[re.Match[str]], Number | None]]
# A match lies within this many characters of its anchor word on either side: the
# patterns are searched only there, which keeps a 10 000-character report well under 1 ms.
_WINDOW = 60


def _first_group(m: re.Match[str]) -> Number | None:
    return parse_number(m.group(1))


def _zero(_: re.Match[str]) -> Number:
    return 0


def _yuan(m: re.Match[str]) -> Number | None:
    value = parse_number(m.group(1))
    if value is None:
        return None
    if m.group(2) == "万元":
        return _tidy(value * 10000)
    return value


def _p(
    key: str,
    anchors: str | tuple[str, ...],
    pattern: str,
    read: Callable[[re.Match[str]], Number | None] = _first_group,
) -> _Pattern:
    return (key, (anchors,) if isinstance(anchors, str) else anchors, re.compile(pattern), read)


_PATTERNS: tuple[_Pattern, ...] = (
    # 收到/受理/新收…申请 N 件; "共受理依申请公开件 0 件".
    _p(
        "applications_received",
        "申请",
        rf"(?<![未没无])(?:收到|受理|新收|接收|接到|收悉)了?{_GA}{{0,30}}?申请{_GAN}{{0,8}}?{_NUM}{_COUNT_UNIT}",
    ),
    # 未收到/没有受理…申请 -> 0.
    _p(
        "applications_received",
        "申请",
        rf"(?:未|没有)(?:收到|受理|接到|接收|新收){_GA}{{0,24}}?申请",
        _zero,
    ),
    # N 件结转下年度; 结转下年度（继续办理）N 件; 无结转下年度.
    _p("carried_forward", "结转", rf"{_NUM}\s*件{_GN}{{0,6}}?结转(?:至|到)?下一?年度?"),
    _p(
        "carried_forward",
        "结转",
        rf"结转(?:至|到)?下一?年度?(?:继续)?(?:办理|处理)?{_GN}{{0,6}}?{_NUM}{_COUNT_UNIT}",
    ),
    _p("carried_forward", "结转", r"(?:无|没有)(?:申请)?(?:需要?)?结转(?:至|到)?下一?年", _zero),
    # 办结/答复 M 件.
    _p(
        "total_processed",
        ("办结", "答复", "办理完毕", "处理完毕"),
        rf"(?<![未没无])(?:办结|答复|办理完毕|处理完毕)了?{_GN}{{0,10}}?{_NUM}{_COUNT_UNIT}",
    ),
    # 复议与诉讼 stated together: a count, or "没有…行政复议、行政诉讼".
    _p("review_litigation", "复议", rf"{_REVIEW}{_GN}{{0,8}}?诉讼{_GN}{{0,6}}?{_NUM}{_CASE_UNIT}"),
    _p(
        "review_litigation",
        "复议",
        rf"(?:没有|未(?!经|审)|无)(?:发生|被)?{_G}{{0,20}}?复议{_G}{{0,8}}?诉讼",
        _zero,
    ),
    # Each alone.
    _p("review", "复议", rf"{_REVIEW}{_GN}{{0,8}}?{_NUM}{_CASE_UNIT}"),
    _p(
        "review",
        "复议",
        rf"(?:没有|未(?!经|审)|无)(?:发生|被)?{_G}{{0,15}}?复议(?!{_G}*诉讼)",
        _zero,
    ),
    _p("litigation", "诉讼", rf"诉讼{_GN}{{0,8}}?{_NUM}{_CASE_UNIT}"),
    _p(
        "litigation",
        "诉讼",
        rf"(?:没有|未(?!经|审)|无)(?:发生|被)?(?![^。；;，,\n]*复议){_G}{{0,15}}?诉讼",
        _zero,
    ),
    # Channels of 主动公开: the statutory wording "公开政府信息 N 条".
    _p(
        "proactive_items_website",
        "公开政府信息",
        rf"网站{_GN}{{0,12}}?主动公开政府信息{_GN}{{0,4}}?{_NUM}\s*条",
    ),
    _p(
        "proactive_items_wechat",
        "公开政府信息",
        rf"微信(?:公众号|公众平台)?{_GN}{{0,8}}?公开政府信息{_GN}{{0,4}}?{_NUM}\s*条",
    ),
    _p(
        "proactive_items_weibo",
        "公开政府信息",
        rf"微博{_GN}{{0,8}}?公开政府信息{_GN}{{0,4}}?{_NUM}\s*条",
    ),
    # 信息处理费, only when an amount is stated ("未收取" says nothing about the amount field).
    _p(
        "fees_collected_yuan",
        "处理费",
        rf"(?<![未没无])(?:收取|收缴|收到|共收)了?{_GN}{{0,10}}?处理费{_GN}{{0,6}}?{_NUM}\s*(万元|元)",
        _yuan,
    ),
    _p("fees_collected_yuan", "处理费", rf"处理费(?:共计|合计|共)\s*{_NUM}\s*(万元|元)", _yuan),
)

_SINGLE_CASES = frozenset({"review", "litigation"})

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def parse_number(text: str) -> Number | None:
    """'12', '1,234', '3.5' or a small Chinese numeral ('一', '十二', '二十', '一百零五')."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text[0].isdigit():
        try:
            return _tidy(float(text)) if "." in text else int(text)
        except ValueError:
            return None
    return _chinese_number(text)


def _chinese_number(text: str) -> int | None:
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGIT:
            if digit is not None and digit != 0:
                return None  # "一二": not a number
            digit = _CN_DIGIT[ch]
        elif ch == "十":
            total += (digit if digit else 1) * 10
            digit = None
        elif ch == "百":
            if digit is None:
                return None
            total += digit * 100
            digit = None
        else:
            return None
    return total + (digit or 0)


def _tidy(value: float) -> Number:
    value = round(value, 6)
    return int(value) if value.is_integer() else value


def read_figures(text: str) -> dict[str, Number]:
    """Figures the narrative states, under the keys of ``FIGURE_KEYS``.

    When a figure is stated twice, the first statement in reading order wins: it is the
    one in 总体情况, which is the summary a reader sees first.
    """
    if not text:
        return {}
    positions: dict[str, list[int]] = {}
    found: dict[str, tuple[int, Number]] = {}
    together: list[tuple[int, int]] = []  # spans where 复议 and 诉讼 are stated together
    for key, anchors, pattern, read in _PATTERNS:
        for m in _matches(text, anchors, pattern, positions):
            value = read(m)
            if value is None:
                continue
            if key == "review_litigation":
                together.append(m.span())
            elif key in _SINGLE_CASES and any(a < m.end() and m.start() < b for a, b in together):
                continue  # "复议、诉讼 0 件" is one joint figure, not a 诉讼 count
            if key not in found or m.start() < found[key][0]:
                found[key] = (m.start(), value)
            if key != "review_litigation":
                break  # later matches of this pattern come later in the text: they cannot win
    return {key: found[key][1] for key in FIGURE_KEYS if key in found}


def _matches(
    text: str, anchors: tuple[str, ...], pattern: re.Pattern[str], positions: dict[str, list[int]]
) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` around each occurrence of an anchor word, in text order."""
    spots = sorted(i for a in anchors for i in _positions(text, a, positions))
    last_end = -1
    for i in spots:
        m = pattern.search(text, max(0, i - _WINDOW), i + _WINDOW)
        if m is not None and m.start() >= last_end:
            last_end = m.end()
            yield m


def _positions(text: str, word: str, cache: dict[str, list[int]]) -> list[int]:
    if word not in cache:
        found, i = [], text.find(word)
        while i >= 0:
            found.append(i)
            i = text.find(word, i + 1)
        cache[word] = found
    return cache[word]
