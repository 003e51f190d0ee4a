"""Reads of the working-day calendar. `work_calendar()` is what every deadline uses.

The calendar is built from the tables once per process and kept until the stamp row
(`CalendarStamp`, changed by every write) says otherwise. Checking the stamp is one
primary-key read; building the calendar is two small queries and some thousand dates.
A per-process cache alone would not do: gunicorn workers and the Huey worker each hold
their own, and a write in one process must reach the others on their next request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gongkai.workdays import WorkCalendar, YearSchedule

from .models import CalendarDay, CalendarStamp, CalendarYear, DayKind

#: From this day of the year on, next year's notice is expected (it appears in November).
NEXT_YEAR_WATCH_FROM = (11, 1)


def current_token(using: str = DEFAULT_DB_ALIAS) -> str:
    """The stamp of the calendar tables as committed (or as this transaction sees them).
    Empty before the first write or seeding."""
    token = CalendarStamp.objects.using(using).filter(pk=1).values_list("token", flat=True)
    return next(iter(token), "")


def build_calendar(using: str = DEFAULT_DB_ALIAS) -> WorkCalendar:
    """The calendar straight from the tables (no cache): one query for the years, one for
    the dates that differ from Monday–Friday."""
    off: dict[int, set[dt.date]] = {}
    worked: dict[int, set[dt.date]] = {}
    confirmed: dict[int, bool] = {}
    for year, is_confirmed in CalendarYear.objects.using(using).values_list("year", "confirmed"):
        confirmed[year] = is_confirmed
        off[year], worked[year] = set(), set()
    for year, day, kind in CalendarDay.objects.using(using).values_list(
        "year__year", "date", "kind"
    ):
        (off if kind == DayKind.HOLIDAY else worked)[year].add(day)
    # The constructor, not YearSchedule.build: rows were validated when written, and a row
    # edited by hand must not make every deadline page fail.
    return WorkCalendar(
        {
            year: YearSchedule(
                year=year,
                holidays=frozenset(off[year]),
                makeup_days=frozenset(worked[year]),
                confirmed=confirmed[year],
            )
            for year in sorted(confirmed)
        }
    )


class CalendarCache:
    """One process's copy of the calendar, keyed by the stamp it was built under.

    Tests create several of these to play several processes against one database.
    Replacing `_entry` is a single assignment, so threads sharing a cache need no lock: at
    worst two of them build the same calendar once each.
    """

    def __init__(self) -> None:
        self._entry: tuple[str, WorkCalendar] | None = None
        self.builds = 0  # how many times this cache had to go to the tables

    def get(self, using: str = DEFAULT_DB_ALIAS) -> WorkCalendar:
        # The stamp is read *before* the tables: a write landing in between leaves newer
        # data under an older stamp, which only costs one more rebuild, never a stale hit.
        token = current_token(using)
        entry = self._entry
        if entry is not None and entry[0] == token:
            return entry[1]
        calendar = build_calendar(using)
        self._entry = (token, calendar)
        self.builds += 1
        return calendar

    def clear(self) -> None:
        self._entry = None


_process_cache = CalendarCache()


def work_calendar() -> WorkCalendar:
    """The working-day calendar every deadline is computed with: the tables' years,
    administrator entries included; years not entered are Monday–Friday and provisional.

    Costs one tiny query when nothing changed since this process last built it."""
    return _process_cache.get()


def clear_cache() -> None:
    """Forget this process's copy (tests; other processes notice writes by the stamp)."""
    _process_cache.clear()


@dataclass(frozen=True)
class YearRow:
    """One line of the calendar list page."""

    year: int
    confirmed: bool
    source: str
    source_label: str
    notice_ref: str
    holiday_count: int
    makeup_count: int
    confirmed_by: str
    confirmed_at: dt.datetime | None


def calendar_years() -> list[YearRow]:
    """Every stored year, newest first, with how many weekdays off and weekend days worked
    it has (one query)."""
    rows = (
        CalendarYear.objects.select_related("confirmed_by")
        .annotate(
            holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
            makeup_count=Count("days", filter=Q(days__kind=DayKind.MAKEUP)),
        )
        .order_by("-year")
    )
    return [
        YearRow(
            year=row.year,
            confirmed=row.confirmed,
            source=row.source,
            source_label=str(row.get_source_display()),
            notice_ref=row.notice_ref,
            holiday_count=row.holiday_count,
            makeup_count=row.makeup_count,
            confirmed_by=str(row.confirmed_by) if row.confirmed_by else "",
            confirmed_at=row.confirmed_at,
        )
        for row in rows
    ]


def calendar_year(year: int) -> CalendarYear | None:
    return CalendarYear.objects.select_related("confirmed_by").filter(year=year).first()


def year_days(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(year__year=year).order_by("date"))


def unconfirmed_years_ahead(today: dt.date) -> list[int]:
    """Years deadlines started now may fall in whose notice is not confirmed: the current
    year, and from 1 November (when the notice is due) the next one too."""
    calendar = work_calendar()
    years = [today.year]
    if (today.month, today.day) >= NEXT_YEAR_WATCH_FROM:
        years.append(today.year + 1)
    return [y for y in years if not calendar.is_confirmed(y)]


def unconfirmed_year_warning(today: dt.date) -> str | None:
    """The dashboard's sentence, or None when every year that matters is confirmed."""
    years = unconfirmed_years_ahead(today)
    if not years:
        return None
    listed = "、".join(str(y) for y in years)
    return _(
        "%(years)s 年的放假安排尚未确认：期限落在该年的，暂按周一至周五计算并标为“暂定”。"
        "国务院办公厅的放假通知发布后，请在工作日历中录入并确认。"
    ) % {"years": listed}
