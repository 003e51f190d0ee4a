"""Reading a year's holiday notice as an administrator types or pastes it. Plain Python.

The State Council's notice (国务院办公厅关于××年部分节假日安排的通知) says things like
"国庆节：10月1日至7日放假调休，共7天。9月26日（周日）、10月9日（周六）上班。" An
administrator should be able to paste such lines, or type their own shorthand, one entry
per line::

    2027-10-01 至 2027-10-07 国庆节
    2027-09-26 调休上班
    春节：2月6日至12日放假，2月14日（周日）上班
    上班：9月26日、10月9日

What the reader accepts, and why it is strict where it is:

- dates as 2027-10-01, 2027/10/1, 2027.10.1, 2027年10月1日, 10月1日, 10-1 (the page's
  year is assumed), Chinese numerals (十月一日), and 号 for 日;
- spans with 至 / 到 / - / ~ / —, the end possibly shortened to the day (10月1日至7日);
  several dates with 、 or commas;
- 上班 / 补班 / 调休上班 marks make-up working days; 放假 / 休息 / 休假 or nothing marks
  days off. A keyword after the dates applies to them (the notice's word order); one
  before them (上班：…) applies to what follows;
- a name before a colon (一、元旦：) or text left over after the dates (…国庆节) names the
  days.

Anything that would silently shift deadlines is an error naming the line: an impossible
date, a date of another year, a span running backwards or longer than a holiday can be, a
weekday annotation that does not match the date ("10月1日（周四）" when it is a Friday),
a make-up day that is a weekday, a day both off and worked. A line with no date at all
(the notice's preamble) is only a warning, unless it has digits — then it was probably
meant as a date and is an error. Lines starting with # are comments.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HOLIDAY = "holiday"
MAKEUP = "makeup"

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAY_CHARS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}

#: Longer than any holiday the State Council has ever given (Spring Festival: 9 days);
#: a longer span is a typing mistake such as 1月1日至12月3日.
MAX_SPAN_DAYS = 15
NAME_MAX = 20

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+(?=\s*[年月日号])")

_TOKENS = re.compile(
    r"""
    (?P<date>(?:(?P<y>\d{4})\s*(?:年|[-/.])\s*)?(?P<m>\d{1,2})\s*(?:月|[-/.])\s*
             (?P<d>\d{1,2})(?!\d)\s*[日号]?)
    | (?P<dayonly>(?P<d2>\d{1,2})\s*[日号])
    | (?P<wd>\(\s*(?:周|星期|礼拜)\s*(?P<wdc>[一二三四五六日天七])\s*\))
    | (?P<to>至|到|~|—|–|-)
    | (?P<kw>调休上班|补班|上班|放假|休息|休假)
    | (?P<stop>[。;])
    """,
    re.VERBOSE,
)
_HEADER_NAME = re.compile(
    r"^\s*(?:\(?(?:\d{1,2}|[一二三四五六七八九十]+)[)、.]\s*)?(?P<name>[^\d:]{1,20}?)\s*:"
)
_LIST_MARKER = re.compile(r"^\s*\(?(?:\d{1,2}|[一二三四五六七八九十]+)(?:[)、]|\.(?=\s))\s*")
#: Digits that are not dates: a year alone (2027年), a document number (〔2025〕7号), a
#: count of days (共7天). A line with other digits but no date was meant as a date.
_NOT_DATES = re.compile(r"\d{4}\s*年|[〔\[(]\d{4}[〕\])]\s*\d+\s*号|共\s*\d+\s*天")
_FILLER = re.compile(r"共\s*\d+\s*天|调休|[\s,、。;:()\[\]【】《》\"'“”‘’]+")


@dataclass(frozen=True)
class NoticeDay:
    date: dt.date
    kind: str  # HOLIDAY or MAKEUP
    name: str
    line: int

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def effect(self) -> str:
        """What the entry changes: "off" (a weekday becomes a day off), "worked" (a weekend
        day becomes a working day) or "none" (a weekend day inside a span: off anyway)."""
        if self.kind == MAKEUP:
            return "worked"
        return "none" if self.is_weekend else "off"


@dataclass(frozen=True)
class LineProblem:
    line: int
    text: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行（{_shorten(self.text)}）：{self.message}"


@dataclass
class ParsedNotice:
    """The days read from the text, in date order, and what was wrong, line by line."""

    year: int
    days: list[NoticeDay] = field(default_factory=list)
    errors: list[LineProblem] = field(default_factory=list)
    warnings: list[LineProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def holidays(self) -> frozenset[dt.date]:
        """Every day off read, weekend days of spans included (YearSchedule drops those)."""
        return frozenset(d.date for d in self.days if d.kind == HOLIDAY)

    @property
    def makeup_days(self) -> frozenset[dt.date]:
        return frozenset(d.date for d in self.days if d.kind == MAKEUP)

    @property
    def names(self) -> dict[dt.date, str]:
        return {d.date: d.name for d in self.days if d.name}

    @property
    def weekdays_off(self) -> list[NoticeDay]:
        return [d for d in self.days if d.effect == "off"]

    @property
    def weekends_worked(self) -> list[NoticeDay]:
        return [d for d in self.days if d.effect == "worked"]


def _shorten(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _cn_to_int(text: str) -> int:
    """一 → 1, 十 → 10, 二十八 → 28, 二〇二七 → 2027 (digit by digit without 十)."""
    if "十" in text:
        tens, _sep, units = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CN_DIGITS.get(units, 0) if units else 0
        )
    return int("".join(str(_CN_DIGITS[c]) for c in text))


def _normalise(line: str) -> str:
    # NFKC turns full-width digits, colons, parentheses, commas and tildes into ASCII.
    text = unicodedata.normalize("NFKC", line)
    text = text.replace("－", "-").replace("～", "~").replace("——", "—")
    return _CN_NUMBER.sub(lambda m: str(_cn_to_int(m.group(0))), text)


class _LineReader:
    """The state of reading one line: dates waiting for a keyword, the keyword that came
    before them, the last date (for 至7日 and for checking 周几)."""

    def __init__(self, year: int, number: int, raw: str, out: ParsedNotice) -> None:
        self.year, self.number, self.raw, self.out = year, number, raw, out
        self.pending: list[dt.date] = []
        self.prefix: str | None = None
        self.last: dt.date | None = None
        self.range_from: dt.date | None = None
        self.read: list[tuple[dt.date, str]] = []
        self.found_date = False

    def error(self, message: str) -> None:
        self.out.errors.append(LineProblem(self.number, self.raw, message))

    def assign(self, kind: str) -> None:
        self.read.extend((day, kind) for day in self.pending)
        self.pending = []

    def add_date(self, day: dt.date) -> None:
        self.found_date = True
        if self.range_from is not None:
            start, self.range_from = self.range_from, None
            if day < start:
                self.error(f"{_zh(day)}早于{_zh(start)}，起止日期写反了")
            elif (day - start).days + 1 > MAX_SPAN_DAYS:
                self.error(f"{_zh(start)}至{_zh(day)}超过 {MAX_SPAN_DAYS} 天，请检查")
            else:
                span = (day - start).days
                self.pending.extend(start + dt.timedelta(days=i) for i in range(1, span + 1))
        else:
            self.pending.append(day)
        self.last = day

    def make_date(self, year: int, month: int, day: int, text: str) -> dt.date | None:
        try:
            value = dt.date(year, month, day)
        except ValueError:
            self.error(f"“{text.strip()}”不是有效的日期")
            self.found_date = True
            self.range_from = None
            return None
        if year != self.year:
            self.error(f"{_zh(value)}不属于 {self.year} 年")
            self.found_date = True
            self.range_from = None
            return None
        return value

    def token(self, match: re.Match[str]) -> None:
        if match.group("date"):
            year = int(match.group("y")) if match.group("y") else self.year
            day = self.make_date(
                year, int(match.group("m")), int(match.group("d")), match.group("date")
            )
            if day is not None:
                self.add_date(day)
        elif match.group("dayonly"):
            if self.last is None:
                return  # "7号" of a document number, not a date; the digit check decides
            day = self.make_date(
                self.last.year, self.last.month, int(match.group("d2")), match.group("dayonly")
            )
            if day is not None:
                self.add_date(day)
        elif match.group("wd"):
            if self.last is not None:
                said = _WEEKDAY_CHARS[match.group("wdc")]
                actual = self.last.weekday()
                if said != actual:
                    self.error(
                        f"{_zh(self.last)}是{WEEKDAY_NAMES[actual]}，不是{WEEKDAY_NAMES[said]}"
                    )
        elif match.group("to"):
            if self.last is not None and self.pending and self.pending[-1] == self.last:
                self.range_from = self.last
        elif match.group("kw"):
            kind = MAKEUP if match.group("kw") in ("调休上班", "补班", "上班") else HOLIDAY
            if self.pending:
                # After dates: it says what they are — unless a keyword before them
                # already did (放假 10月1日至7日，上班 9月26日).
                self.assign(self.prefix or kind)
                self.prefix = kind if self.prefix else None
            else:
                self.prefix = kind
        elif match.group("stop"):
            if self.prefix:
                self.assign(self.prefix)
            self.prefix = None

    def finish(self) -> None:
        self.assign(self.prefix or HOLIDAY)


def _leftover(text: str, tokens: list[re.Match[str]]) -> str:
    """The line without its dates, spans, weekday notes and keywords."""
    parts, pos = [], 0
    for match in tokens:
        parts.append(text[pos : match.start()])
        pos = match.end()
    parts.append(text[pos:])
    return "".join(parts)


def _line_name(text: str, leftover: str) -> str:
    header = _HEADER_NAME.match(text)
    if header:
        name = header.group("name").strip()
        if name and not _TOKENS.fullmatch(name) and name not in ("调休", "注"):
            return name[:NAME_MAX]
    rest = _FILLER.sub("", _LIST_MARKER.sub("", leftover))
    return rest if 0 < len(rest) <= NAME_MAX else ""


def parse_notice(text: str, year: int) -> ParsedNotice:
    """Read `text` (one entry per line) as the schedule of `year`."""
    out = ParsedNotice(year=year)
    seen: dict[dt.date, NoticeDay] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        line = _normalise(raw)
        reader = _LineReader(year, number, raw, out)
        tokens = list(_TOKENS.finditer(line))
        for match in tokens:
            reader.token(match)
        reader.finish()
        leftover = _leftover(line, tokens)
        stray = re.search(r"\d", _NOT_DATES.sub("", _LIST_MARKER.sub("", leftover)))
        if stray or not reader.found_date:
            if stray:
                # Digits that are not part of a date (10/1/2027, a lost 月, …): the line
                # was meant as dates, and reading only part of it would drop days.
                reader.error("看不出这一行的日期，请写成 2027-10-01 或 10月1日")
            else:
                out.warnings.append(LineProblem(number, raw, "没有日期，已略过"))
            continue
        name = _line_name(line, leftover)
        for day, kind in reader.read:
            _add(out, seen, NoticeDay(day, kind, name, number), raw)
    out.days = sorted(seen.values(), key=lambda d: d.date)
    return out


def _add(out: ParsedNotice, seen: dict[dt.date, NoticeDay], entry: NoticeDay, raw: str) -> None:
    if entry.kind == MAKEUP and not entry.is_weekend:
        out.errors.append(
            LineProblem(
                entry.line,
                raw,
                f"{_zh(entry.date)}是{entry.weekday_name}，本来就上班，不是调休上班的周末",
            )
        )
        return
    earlier = seen.get(entry.date)
    if earlier is None:
        seen[entry.date] = entry
    elif earlier.kind != entry.kind:
        what = "放假" if earlier.kind == HOLIDAY else "调休上班"
        out.errors.append(
            LineProblem(
                entry.line,
                raw,
                f"{_zh(entry.date)}在第 {earlier.line} 行已列为{what}，不能既放假又调休上班",
            )
        )


def format_notice(
    holidays: Iterable[dt.date],
    makeup_days: Iterable[dt.date],
    names: Mapping[dt.date, str] | None = None,
) -> str:
    """Stored days back as text `parse_notice` reads to the same days: consecutive days off
    of one name become one span (bridging the weekends between them, which change nothing),
    make-up days one line each."""
    names = names or {}
    worked = sorted(set(makeup_days))
    off = sorted(set(holidays))
    lines: list[tuple[dt.date, str]] = []
    i = 0
    while i < len(off):
        start = end = off[i]
        name = names.get(start, "")
        j = i + 1
        while j < len(off) and names.get(off[j], "") == name and _bridged(end, off[j], worked):
            end = off[j]
            j += 1
        span = start.isoformat() if start == end else f"{start.isoformat()} 至 {end.isoformat()}"
        lines.append((start, f"{span} {name} 放假".replace("  ", " ")))
        i = j
    for day in worked:
        lines.append((day, f"{day.isoformat()} {names.get(day, '')} 调休上班".replace("  ", " ")))
    return "\n".join(text for _day, text in sorted(lines))


def _bridged(end: dt.date, nxt: dt.date, worked: list[dt.date]) -> bool:
    """True when only weekend days that are not worked lie between `end` and `nxt`."""
    day = end + dt.timedelta(days=1)
    while day < nxt:
        if day.weekday() < 5 or day in worked:
            return False
        day += dt.timedelta(days=1)
    return True
