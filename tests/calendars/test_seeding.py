"""Seeding from the chinese-calendar package, on migrate and on demand."""

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.calendars.models import CalendarDay, CalendarStamp, CalendarYear, DayKind, Source
from gongkai.calendars.selectors import build_calendar, work_calendar
from gongkai.calendars.services import seed_from_package, year_save
from gongkai.workdays import WorkCalendar
from tests.workdays.official import MAKEUP_2026, OFF_2026, is_working_by_notice

pytestmark = pytest.mark.django_db

D = dt.date


def _days(year: int, kind: str) -> set[dt.date]:
    return set(
        CalendarDay.objects.filter(year__year=year, kind=kind).values_list("date", flat=True)
    )


def test_migrate_has_stored_2004_to_2026_as_confirmed_seed_years():
    rows = CalendarYear.objects.order_by("year")
    assert [r.year for r in rows] == list(range(2004, 2027))
    assert all(r.confirmed and r.source == Source.SEED for r in rows)


def test_the_stored_2026_is_exactly_the_domain_schedule():
    weekdays_off = {d for d in OFF_2026 if d.weekday() < 5}
    assert _days(2026, DayKind.HOLIDAY) == weekdays_off
    assert _days(2026, DayKind.MAKEUP) == MAKEUP_2026
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2026, 2, 14)).name == "春节"


def test_the_tables_calendar_agrees_with_the_package_and_the_notice_on_every_day_of_2026():
    stored, package = work_calendar(), WorkCalendar.from_chinese_calendar()
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert stored.is_working_day(day) == package.is_working_day(day), day
        assert stored.is_working_day(day) == (is_working_by_notice(day), False), day
        day += dt.timedelta(days=1)
    assert stored.years == package.years  # every seeded year, not only 2026


def test_seeding_again_changes_nothing_and_keeps_the_stamp():
    stamp = CalendarStamp.objects.get()
    assert seed_from_package() == []
    call_command("migrate", verbosity=0)  # the post_migrate handler runs it again
    assert CalendarStamp.objects.get().token == stamp.token
    assert CalendarDay.objects.filter(year__year=2026).count() == len(
        {d for d in OFF_2026 if d.weekday() < 5} | MAKEUP_2026
    )


def test_a_seeded_year_that_drifted_from_the_package_is_put_back():
    CalendarDay.objects.filter(date=D(2026, 10, 7)).delete()
    before = CalendarStamp.objects.get().token
    assert seed_from_package() == [2026]
    assert CalendarDay.objects.filter(date=D(2026, 10, 7), kind=DayKind.HOLIDAY).exists()
    assert CalendarStamp.objects.get().token != before


def test_a_year_an_administrator_entered_is_never_overwritten(world):
    off = OFF_2026 - {D(2026, 10, 7)}  # an imaginary correction: 10/7 worked
    year_save(
        actor=world.sysadmin, year=2026, holidays=off, makeup_days=MAKEUP_2026,
        notice_ref="国办发明电〔2025〕7号", confirm=True,
    )  # fmt: skip
    assert seed_from_package() == []
    call_command("migrate", verbosity=0)
    row = CalendarYear.objects.get(year=2026)
    assert row.source == Source.ADMIN
    assert not CalendarDay.objects.filter(date=D(2026, 10, 7)).exists()
    assert build_calendar().is_working_day(D(2026, 10, 7)) == (True, False)
