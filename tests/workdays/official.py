"""The State Council's 2026 schedule (notice of 2025-11-04), typed in from DOMAIN.md.

Kept apart from the package's data on purpose: the tests check the package against the
notice, not the package against itself.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from gongkai.workdays import WorkCalendar


def _span(month: int, first: int, last: int) -> set[dt.date]:
    return {dt.date(2026, month, d) for d in range(first, last + 1)}


OFF_2026: frozenset[dt.date] = frozenset(
    _span(1, 1, 3)
    | _span(2, 15, 23)
    | _span(4, 4, 6)
    | _span(5, 1, 5)
    | _span(6, 19, 21)
    | _span(9, 25, 27)
    | _span(10, 1, 7)
)

MAKEUP_2026: frozenset[dt.date] = frozenset(
    {
        dt.date(2026, 1, 4),  # Sun
        dt.date(2026, 2, 14),  # Sat
        dt.date(2026, 2, 28),  # Sat
        dt.date(2026, 5, 9),  # Sat
        dt.date(2026, 9, 20),  # Sun
        dt.date(2026, 10, 10),  # Sat
    }
)


@cache
def seeded() -> WorkCalendar:
    """The package-seeded calendar, built once: it is immutable, so sharing is safe."""
    return WorkCalendar.from_chinese_calendar()


def is_working_by_notice(day: dt.date) -> bool:
    if day in MAKEUP_2026:
        return True
    return day not in OFF_2026 and day.weekday() < 5
