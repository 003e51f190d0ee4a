"""China's calendar of working days, as data an administrator can extend.

The State Council publishes each year's holidays and make-up working days (调休) in
November. The ``chinese-calendar`` package knows 2004–2026 and raises for anything later,
so the calendar is our own data: seeded from the package, overridden by what an
administrator enters, and honest about years nobody has entered yet — those are counted
Monday–Friday and flagged *provisional*, never guessed silently and never refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

SATURDAY = 5  # date.weekday(): Monday is 0, so 5 and 6 are the weekend


def is_weekend(day: dt.date) -> bool:
    return day.weekday() >= SATURDAY


@dataclass(frozen=True)
class YearSchedule:
    """One year's State Council schedule.

    ``holidays`` holds only days off that would otherwise be weekdays, and
    ``makeup_days`` only weekend days that are worked: those are the only dates where the
    year differs from Monday–Friday, so nothing else needs storing.
    """

    year: int
    holidays: frozenset[dt.date] = frozenset()
    makeup_days: frozenset[dt.date] = frozenset()
    confirmed: bool = True

    @classmethod
    def build(
        cls,
        year: int,
        holidays: Iterable[dt.date],
        makeup_days: Iterable[dt.date],
        confirmed: bool = True,
    ) -> YearSchedule:
        """Normalise what an administrator types in from the notice.

        The notice gives spans (\"10月1日至7日放假\") that include weekends; a weekend day
        off changes nothing, so it is dropped rather than rejected. A make-up day on a
        weekday, a date outside the year, or a day both off and worked is a typing mistake
        that would silently shift deadlines, so it is refused.
        """
        off = frozenset(holidays)
        worked = frozenset(makeup_days)
        outside = sorted(d for d in off | worked if d.year != year)
        if outside:
            raise ValueError(f"{outside[0].isoformat()} 不属于 {year} 年")
        both = sorted(off & worked)
        if both:
            raise ValueError(f"{both[0].isoformat()} 不能既放假又调休上班")
        weekday_makeup = sorted(d for d in worked if not is_weekend(d))
        if weekday_makeup:
            raise ValueError(f"{weekday_makeup[0].isoformat()} 是工作日，不是调休上班的周末")
        return cls(
            year=year,
            holidays=frozenset(d for d in off if not is_weekend(d)),
            makeup_days=worked,
            confirmed=confirmed,
        )


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days, year by year; immutable so a computed deadline can
    never be changed behind its back — confirming a year makes a new calendar."""

    years: Mapping[int, YearSchedule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Freeze the mapping too: a shared calendar mutated in place would change due
        # dates that were already shown to a clerk.
        object.__setattr__(self, "years", MappingProxyType(dict(self.years)))
        # Answers per day, filled as days are asked about: a queue page walks the same
        # few months for every case. Safe because the calendar never changes.
        object.__setattr__(self, "_days", {})
        object.__setattr__(self, "_running", {})

    def day(self, day: dt.date) -> tuple[bool, bool, bool, bool]:
        """``(working, provisional, holiday, makeup)`` for ``day``, remembered."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = (
                *self._is_working_day(day),
                self._is_holiday(day),
                self._is_makeup_day(day),
            )
        return known

    @classmethod
    def from_chinese_calendar(cls, years: Iterable[int] = range(2004, 2027)) -> WorkCalendar:
        """Seed from the ``chinese-calendar`` package; its years are confirmed notices.

        Its dictionaries are read, never patched (see DEPENDENCIES.md: adding one 2027 date
        would make the whole of 2027 look known).
        """
        import chinese_calendar

        wanted = set(years)
        off: dict[int, set[dt.date]] = {y: set() for y in wanted}
        worked: dict[int, set[dt.date]] = {y: set() for y in wanted}
        for day in chinese_calendar.holidays:
            if day.year in wanted:
                off[day.year].add(day)
        for day in chinese_calendar.workdays:
            if day.year in wanted and is_weekend(day):
                worked[day.year].add(day)
        return cls({y: YearSchedule.build(y, off[y], worked[y]) for y in sorted(wanted)})

    def with_year(
        self,
        year: int,
        holidays: Iterable[dt.date],
        makeup_days: Iterable[dt.date],
        confirmed: bool = True,
    ) -> WorkCalendar:
        """A new calendar in which the administrator's entry for ``year`` replaces any
        seeded data: the notice as entered is the authority, the package only a default."""
        years = dict(self.years)
        years[year] = YearSchedule.build(year, holidays, makeup_days, confirmed)
        return WorkCalendar(years)

    def is_confirmed(self, year: int) -> bool:
        schedule = self.years.get(year)
        return schedule is not None and schedule.confirmed

    def _running_count(self, year: int) -> list[int]:
        """``counts[i]``: working days among the first ``i`` days of ``year``."""
        counts = self._running.get(year)
        if counts is None:
            counts = [0]
            day = dt.date(year, 1, 1)
            while day.year == year:
                counts.append(counts[-1] + self.day(day)[0])
                day += dt.timedelta(days=1)
            self._running[year] = counts
        return counts

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``, from running counts per year: a queue asks
        this for every row, over spans of months."""
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            counts = self._running_count(year)
            low = start.timetuple().tm_yday if year == start.year else 0
            high = end.timetuple().tm_yday if year == end.year else len(counts) - 1
            total += counts[high] - counts[low]
        return total

    def is_working_day(self, day: dt.date) -> tuple[bool, bool]:
        """``(working, provisional)``; provisional means the year's notice is not entered
        and the answer is plain Monday–Friday."""
        working, provisional, _holiday, _makeup = self.day(day)
        return working, provisional

    def is_holiday(self, day: dt.date) -> bool:
        """A weekday off by the notice: what an explanation calls a holiday skipped."""
        return self.day(day)[2]

    def is_makeup_day(self, day: dt.date) -> bool:
        """A weekend day worked by the notice (调休): counted, and worth saying so."""
        return self.day(day)[3]

    def _is_working_day(self, day: dt.date) -> tuple[bool, bool]:
        schedule = self.years.get(day.year)
        if schedule is None or not schedule.confirmed:
            return (not is_weekend(day), True)
        if day in schedule.makeup_days:
            return (True, False)
        if day in schedule.holidays:
            return (False, False)
        return (not is_weekend(day), False)

    def _is_holiday(self, day: dt.date) -> bool:
        schedule = self.years.get(day.year)
        return schedule is not None and schedule.confirmed and day in schedule.holidays

    def _is_makeup_day(self, day: dt.date) -> bool:
        schedule = self.years.get(day.year)
        return schedule is not None and schedule.confirmed and day in schedule.makeup_days
