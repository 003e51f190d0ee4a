import datetime as dt

import pytest

from gongkai.workdays import WorkCalendar
from tests.workdays.official import MAKEUP_2026, OFF_2026, is_working_by_notice, seeded

D = dt.date


def test_the_seeded_calendar_agrees_with_the_2026_notice_on_every_day():
    calendar = seeded()
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert calendar.is_working_day(day) == (is_working_by_notice(day), False), day
        day += dt.timedelta(days=1)


def test_the_seeded_years_are_2004_to_2026_and_all_confirmed():
    calendar = seeded()
    assert sorted(calendar.years) == list(range(2004, 2027))
    assert all(calendar.is_confirmed(y) for y in calendar.years)


def test_an_unknown_year_counts_monday_to_friday_and_says_it_is_provisional():
    calendar = seeded()
    assert calendar.is_working_day(D(2027, 1, 1)) == (True, True)  # a Friday
    assert calendar.is_working_day(D(2027, 1, 2)) == (False, True)  # a Saturday


def test_an_entered_but_unconfirmed_year_is_still_monday_to_friday():
    calendar = seeded().with_year(2027, [D(2027, 1, 1)], [], confirmed=False)
    assert calendar.is_working_day(D(2027, 1, 1)) == (True, True)


def test_administrator_dates_take_precedence_over_the_package():
    # An imaginary correction of 2026: National Day shortened, 10/7 worked.
    off = OFF_2026 - {D(2026, 10, 7)}
    calendar = seeded().with_year(2026, off, MAKEUP_2026)
    assert calendar.is_working_day(D(2026, 10, 7)) == (True, False)
    assert seeded().is_working_day(D(2026, 10, 7)) == (False, False)


def test_with_year_leaves_the_original_calendar_untouched():
    before = seeded()
    after = before.with_year(2027, [D(2027, 1, 1)], [])
    assert not before.is_confirmed(2027)
    assert after.is_confirmed(2027)
    assert after.is_working_day(D(2027, 1, 1)) == (False, False)


def test_weekend_days_in_a_holiday_span_are_dropped_as_changing_nothing():
    calendar = WorkCalendar().with_year(2026, OFF_2026, MAKEUP_2026)
    assert D(2026, 10, 3) not in calendar.years[2026].holidays  # a Saturday
    assert D(2026, 10, 2) in calendar.years[2026].holidays


@pytest.mark.parametrize(
    ("holidays", "makeup", "message"),
    [
        ([D(2027, 1, 1)], [], "不属于"),
        ([D(2026, 10, 10)], [D(2026, 10, 10)], "既放假又调休"),
        ([], [D(2026, 10, 9)], "不是调休上班的周末"),
    ],
)
def test_a_mistyped_notice_is_refused(holidays, makeup, message):
    with pytest.raises(ValueError, match=message):
        WorkCalendar().with_year(2026, holidays, makeup)


def test_the_calendar_cannot_be_changed_in_place():
    with pytest.raises(TypeError):
        seeded().years[2027] = seeded().years[2026]  # type: ignore[index]
