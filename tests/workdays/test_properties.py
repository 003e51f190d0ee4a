"""Properties that must hold on any day, including the unknown year 2027."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import Event, EventKind, add_working_days, count_working_days, deadlines
from tests.workdays.official import seeded

starts = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 6, 30))
counts = st.integers(min_value=1, max_value=60)
day_one_settings = st.booleans()


@given(start=starts, n=counts)
def test_counting_the_working_days_up_to_the_due_date_gives_back_n(start, n):
    due = add_working_days(seeded(), start, n)
    assert count_working_days(seeded(), start, due.date) == n


@given(start=starts, n=counts, next_day=day_one_settings)
def test_a_due_date_is_always_a_working_day(start, n, next_day):
    due = add_working_days(seeded(), start, n, day_one_is_next_working_day=next_day)
    assert seeded().is_working_day(due.date)[0]


@given(start=starts, n=counts, next_day=day_one_settings)
def test_one_more_working_day_never_gives_an_earlier_date(start, n, next_day):
    shorter = add_working_days(seeded(), start, n, day_one_is_next_working_day=next_day)
    longer = add_working_days(seeded(), start, n + 1, day_one_is_next_working_day=next_day)
    assert longer.date > shorter.date


@given(start=starts, n=counts)
def test_a_due_date_is_provisional_exactly_when_it_reaches_an_unconfirmed_year(start, n):
    due = add_working_days(seeded(), start, n)
    assert due.provisional == (due.date.year >= 2027)


@settings(max_examples=50)
@given(
    start=starts,
    pause_offset=st.integers(min_value=0, max_value=40),
    pause_length=st.integers(min_value=0, max_value=40),
)
def test_pausing_never_shortens_the_answer_deadline(start, pause_offset, pause_length):
    begin = start + dt.timedelta(days=pause_offset)
    end = begin + dt.timedelta(days=pause_length)
    plain = deadlines(seeded(), [Event(EventKind.RECEIVED, start)])["answer"]
    paused = deadlines(
        seeded(),
        [
            Event(EventKind.RECEIVED, start),
            Event(EventKind.CONSULTATION_STARTED, begin),
            Event(EventKind.CONSULTATION_ENDED, end),
        ],
    )["answer"]
    assert paused.date >= plain.date


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)), st.integers(0, 800))
def test_counting_by_running_totals_equals_walking_day_by_day(start, span):
    calendar = seeded()
    end = start + dt.timedelta(days=span)
    walked = sum(
        calendar.is_working_day(start + dt.timedelta(days=i))[0] for i in range(1, span + 1)
    )
    assert count_working_days(calendar, start, end) == walked
