"""Working days (工作日) and the statutory clocks of 依申请公开, in plain Python.

Nothing here imports Django: the calendar and the clocks are pure functions of data, so
the same code serves the case pages, the recomputation when a year is confirmed, the
benchmarks and the tests. Storage of calendar years belongs to the Django layer.
"""

from gongkai.workdays.calendar import WorkCalendar, YearSchedule
from gongkai.workdays.clocks import (
    ClockError,
    ClockSettings,
    DueDate,
    Event,
    EventKind,
    Explanation,
    PausedSpan,
    add_working_days,
    consultation_dues,
    count_working_days,
    deadlines,
)

__all__ = [
    "ClockError",
    "ClockSettings",
    "DueDate",
    "Event",
    "EventKind",
    "Explanation",
    "PausedSpan",
    "WorkCalendar",
    "YearSchedule",
    "add_working_days",
    "consultation_dues",
    "count_working_days",
    "deadlines",
]
