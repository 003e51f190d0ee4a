"""The notice reader (plain Python): forms it accepts, and every mistake named by line."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.calendars.notice import HOLIDAY, MAKEUP, format_notice, parse_notice
from tests.calendars.conftest import NOTICE_2027
from tests.workdays.official import MAKEUP_2026, OFF_2026

D = dt.date

# The 2026 notice as DOMAIN.md gives it, written the way the State Council writes.
NOTICE_2026 = """\
国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
"""


def test_the_2026_notice_pasted_as_published_reads_to_the_domain_schedule():
    parsed = parse_notice(NOTICE_2026, 2026)
    assert parsed.errors == []
    assert parsed.holidays == OFF_2026
    assert parsed.makeup_days == MAKEUP_2026
    assert parsed.names[D(2026, 10, 1)] == "国庆节"
    assert parsed.names[D(2026, 9, 20)] == "国庆节"  # the make-up day of the same line
    # The title and the closing sentence have no dates: reported, not refused.
    assert [w.line for w in parsed.warnings] == [1, 9]


def test_shorthand_lines_iso_dates_spans_and_keywords():
    parsed = parse_notice(NOTICE_2027, 2027)
    assert parsed.ok
    assert D(2027, 10, 4) in parsed.holidays and D(2027, 10, 7) in parsed.holidays
    assert parsed.makeup_days == {D(2027, 2, 20), D(2027, 9, 26), D(2027, 10, 9)}
    assert parsed.names[D(2027, 1, 1)] == "元旦"
    assert parsed.names[D(2027, 10, 1)] == "国庆节"
    assert D(2027, 9, 26) not in parsed.names  # "调休上班" is a keyword, not a name


@pytest.mark.parametrize(
    "line",
    [
        "2027-10-01 至 2027-10-03",
        "2027/10/1 到 2027/10/3",
        "2027.10.1~2027.10.3",
        "2027年10月1日至2027年10月3日",
        "10月1日至3日",
        "10月1日-10月3日",
        "十月一日至三日",
        "１０月１日至３日",  # full-width digits
        "10月1号至3号",
        "10-1 至 10-3",
        "10月1日、10月2日、10月3日",
        "10月1日（星期五）至3日（周日）",
    ],
)
def test_every_way_of_writing_the_same_span(line):
    parsed = parse_notice(line, 2027)
    assert parsed.errors == []
    assert parsed.holidays == {D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)}


@pytest.mark.parametrize(
    ("line", "holidays", "makeup"),
    [
        ("9月26日上班", set(), {D(2027, 9, 26)}),
        ("9月26日补班", set(), {D(2027, 9, 26)}),
        ("上班：9月26日、10月9日", set(), {D(2027, 9, 26), D(2027, 10, 9)}),
        ("10月1日放假，9月26日上班", {D(2027, 10, 1)}, {D(2027, 9, 26)}),
        ("放假 10月1日，上班 9月26日", {D(2027, 10, 1)}, {D(2027, 9, 26)}),
        ("放假：10月1日；上班：9月26日", {D(2027, 10, 1)}, {D(2027, 9, 26)}),
        ("10月1日 国庆节", {D(2027, 10, 1)}, set()),
    ],
)
def test_keywords_after_or_before_the_dates_say_what_they_are(line, holidays, makeup):
    parsed = parse_notice(line, 2027)
    assert parsed.errors == []
    assert (parsed.holidays, parsed.makeup_days) == (holidays, makeup)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("2027-10-01 国庆节\n2027-13-01", 2, "不是有效的日期"),
        ("10月32日", 1, "不是有效的日期"),
        ("\n\n2026-10-01", 3, "不属于 2027 年"),
        ("10月7日至1日", 1, "写反了"),
        ("1月1日至12月3日", 1, "超过 15 天"),
        ("10月1日（周四）", 1, "2027年10月1日是星期五，不是星期四"),
        ("10月8日上班", 1, "本来就上班"),
        ("10月1日至7日\n10月2日上班", 2, "在第 1 行已列为放假"),
        ("10/1/2027 国庆", 1, "看不出这一行的日期"),
    ],
)
def test_a_mistake_is_an_error_naming_its_line(text, line, message):
    parsed = parse_notice(text, 2027)
    assert not parsed.ok
    assert [e.line for e in parsed.errors] == [line]
    assert message in parsed.errors[0].message
    assert str(parsed.errors[0]).startswith(f"第 {line} 行（")


def test_comments_blank_lines_and_prose_are_skipped_without_error():
    parsed = parse_notice(
        "# 2027 年\n\n  \n经国务院批准，现将2027年放假安排通知如下\n10月1日", 2027
    )
    assert parsed.ok
    assert parsed.holidays == {D(2027, 10, 1)}
    assert [w.line for w in parsed.warnings] == [4]


def test_weekend_days_in_a_span_are_listed_but_change_nothing():
    parsed = parse_notice("10月1日至7日", 2027)
    effects = {d.date: d.effect for d in parsed.days}
    assert effects[D(2027, 10, 1)] == "off"  # Friday
    assert effects[D(2027, 10, 2)] == "none"  # Saturday
    assert [d.date for d in parsed.weekdays_off] == [
        D(2027, 10, 1), D(2027, 10, 4), D(2027, 10, 5), D(2027, 10, 6), D(2027, 10, 7)
    ]  # fmt: skip


def test_format_notice_writes_spans_the_reader_reads_back():
    text = format_notice(OFF_2026, MAKEUP_2026, {D(2026, 10, 1): "国庆节"})
    assert "2026-02-15 至 2026-02-23 放假" in text.splitlines()
    parsed = parse_notice(text, 2026)
    assert parsed.ok
    assert (parsed.holidays, parsed.makeup_days) == (OFF_2026, MAKEUP_2026)
    assert parsed.names == {D(2026, 10, 1): "国庆节"}


def test_a_span_is_not_bridged_across_a_worked_weekend_day():
    # Friday 10/9 and Monday 10/11 off with Saturday 10/10 worked: two lines, not one span
    # (a span would make 10/10 both off and worked).
    text = format_notice({D(2026, 10, 9), D(2026, 10, 12)}, {D(2026, 10, 10)})
    assert parse_notice(text, 2026).makeup_days == {D(2026, 10, 10)}
    assert parse_notice(text, 2026).ok


days_2027 = st.dates(D(2027, 1, 1), D(2027, 12, 31))


@given(st.sets(days_2027, max_size=30), st.sets(days_2027, max_size=10))
def test_format_then_parse_gives_back_the_same_days(off, worked):
    worked = {d for d in worked if d.weekday() >= 5} - off
    text = format_notice(off, worked)
    parsed = parse_notice(text, 2027)
    assert parsed.errors == []
    assert parsed.makeup_days == worked
    # Weekend days may be added inside spans; the weekdays off are exactly the same.
    assert {d for d in parsed.holidays if d.weekday() < 5} == {d for d in off if d.weekday() < 5}
    assert all(day.kind in (HOLIDAY, MAKEUP) for day in parsed.days)


def test_the_reader_imports_nothing_from_django():
    import ast
    import pathlib

    import gongkai.calendars.notice as module

    tree = ast.parse(pathlib.Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name.startswith("django") for name in imported)


def test_numbered_lists_are_not_read_as_dates():
    parsed = parse_notice("1. 2027-10-01 国庆节\n(2) 2027-09-26 上班\n三、10月2日", 2027)
    assert parsed.errors == []
    assert parsed.holidays == {D(2027, 10, 1), D(2027, 10, 2)}
    assert parsed.makeup_days == {D(2027, 9, 26)}
    assert parsed.names[D(2027, 10, 1)] == "国庆节"
