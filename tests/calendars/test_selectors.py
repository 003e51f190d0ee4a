"""work_calendar() and its per-process cache; the admin page's and dashboard's reads."""

import datetime as dt
import threading

import pytest
from django.db import connections, transaction

from gongkai.calendars import selectors
from gongkai.calendars.models import CalendarDay, CalendarStamp, CalendarYear, DayKind, Source
from gongkai.calendars.selectors import (
    CalendarCache,
    calendar_years,
    unconfirmed_year_warning,
    unconfirmed_years_ahead,
    work_calendar,
)
from gongkai.calendars.services import _bump, year_save
from tests.calendars.conftest import NOTICE_REF_2027

pytestmark = pytest.mark.django_db

D = dt.date


def _enter_2027(actor, confirm=True):
    return year_save(
        actor=actor, year=2027, holidays=[D(2027, 1, 1)], makeup_days=[],
        notice_ref=NOTICE_REF_2027, confirm=confirm,
    )  # fmt: skip


def test_a_warm_calendar_costs_one_tiny_query(django_assert_num_queries):
    work_calendar()
    with django_assert_num_queries(1) as captured:
        work_calendar()
    sql = captured.captured_queries[0]["sql"]
    assert "calendars_calendarstamp" in sql and "calendarday" not in sql


def test_a_cold_calendar_reads_the_stamp_and_two_tables(django_assert_num_queries):
    with django_assert_num_queries(3):
        work_calendar()


def test_the_same_calendar_object_is_returned_until_something_changes(world):
    first = work_calendar()
    assert work_calendar() is first
    _enter_2027(world.sysadmin)
    assert work_calendar() is not first
    assert work_calendar().is_confirmed(2027)


def test_another_process_sees_a_write_at_its_next_call(world):
    # Two caches stand for two gunicorn workers (or a worker and the Huey consumer).
    worker_a, worker_b = CalendarCache(), CalendarCache()
    assert not worker_a.get().is_confirmed(2027)
    assert not worker_b.get().is_confirmed(2027)
    _enter_2027(world.sysadmin)  # written "in" worker A's request
    assert worker_b.get().is_confirmed(2027)
    assert worker_b.builds == 2


def test_the_stamp_not_the_tables_is_what_a_process_checks():
    """A change made behind the stamp's back stays invisible until the stamp moves: the
    cache really is keyed by the stamp (which is why every write bumps it)."""
    cache = CalendarCache()
    assert cache.get().is_working_day(D(2026, 10, 7)) == (False, False)
    CalendarDay.objects.filter(date=D(2026, 10, 7)).delete()  # no bump
    assert cache.get().is_working_day(D(2026, 10, 7)) == (False, False)
    _bump()
    assert cache.get().is_working_day(D(2026, 10, 7)) == (True, False)


def test_a_rolled_back_write_can_never_be_mistaken_for_a_later_one(world):
    """The stamp is random, not a counter: version numbers repeat after a rollback."""
    cache = CalendarCache()
    with pytest.raises(RuntimeError), transaction.atomic():
        _enter_2027(world.sysadmin, confirm=False)
        assert not cache.get().is_confirmed(2027) and 2027 in cache.get().years
        raise RuntimeError("rolled back")
    version_after_rollback = CalendarStamp.objects.get().version
    _enter_2027(world.sysadmin, confirm=True)
    assert CalendarStamp.objects.get().version == version_after_rollback + 1
    assert cache.get().is_confirmed(2027)


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_on_another_database_connection_reaches_this_process(world):
    """The writer runs on its own connection (Django gives each thread one), commits, and
    this process's warm cache notices at its next call."""
    assert not work_calendar().is_confirmed(2027)
    errors: list[BaseException] = []
    mine = connections["default"]

    def other_process() -> None:
        try:
            assert connections["default"] is not mine
            year = CalendarYear.objects.create(year=2027, confirmed=True, source=Source.ADMIN)
            CalendarDay.objects.create(year=year, date=D(2027, 1, 1), kind=DayKind.HOLIDAY)
            _bump()
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_process)
    thread.start()
    thread.join()
    assert errors == []
    assert work_calendar().is_working_day(D(2027, 1, 1)) == (False, False)


def test_calendar_years_lists_counts_confirmation_and_source(world):
    _enter_2027(world.supervisor, confirm=False)
    rows = {row.year: row for row in calendar_years()}
    assert sorted(rows) == list(range(2004, 2028))
    assert [r.year for r in calendar_years()][:2] == [2027, 2026]  # newest first
    assert (rows[2026].holiday_count, rows[2026].makeup_count) == (19, 6)
    assert rows[2026].confirmed and rows[2026].source == Source.SEED
    assert (rows[2027].confirmed, rows[2027].source, rows[2027].holiday_count) == (
        False, Source.ADMIN, 1,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (D(2026, 6, 1), []),  # 2026 confirmed; too early to expect 2027's notice
        (D(2026, 10, 31), []),
        (D(2026, 11, 1), [2027]),
        (D(2026, 12, 31), [2027]),
        (D(2027, 1, 4), [2027]),
        (D(2025, 11, 20), []),  # 2025 and 2026 both known
    ],
)
def test_unconfirmed_years_ahead(today, years):
    assert unconfirmed_years_ahead(today) == years


def test_the_warning_names_the_year_and_goes_away_once_confirmed(world):
    warning = unconfirmed_year_warning(D(2026, 11, 22))
    assert warning is not None and "2027 年的放假安排尚未确认" in warning and "暂定" in warning
    _enter_2027(world.sysadmin, confirm=False)
    assert unconfirmed_year_warning(D(2026, 11, 22)) is not None  # a draft is not enough
    selectors.clear_cache()
    CalendarYear.objects.filter(year=2027).update(confirmed=True)
    _bump()
    assert unconfirmed_year_warning(D(2026, 11, 22)) is None
