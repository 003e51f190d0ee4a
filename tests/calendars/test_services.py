"""year_save and year_confirm: who may, what they check, what they record, who hears."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.audit.kinds import kind_label
from gongkai.audit.models import AuditEntry
from gongkai.calendars.models import CalendarDay, CalendarStamp, CalendarYear, DayKind, Source
from gongkai.calendars.notice import parse_notice
from gongkai.calendars.selectors import work_calendar
from gongkai.calendars.services import year_confirm, year_save
from gongkai.calendars.signals import on_calendar_changed
from gongkai.workdays import add_working_days
from tests.calendars.conftest import NOTICE_2027, NOTICE_REF_2027
from tests.workdays.official import MAKEUP_2026, OFF_2026

pytestmark = pytest.mark.django_db

D = dt.date
PARSED_2027 = parse_notice(NOTICE_2027, 2027)


def _save_2027(actor, confirm=False, **changes):
    arguments = {
        "actor": actor,
        "year": 2027,
        "holidays": PARSED_2027.holidays,
        "makeup_days": PARSED_2027.makeup_days,
        "names": PARSED_2027.names,
        "notice_ref": NOTICE_REF_2027,
        "confirm": confirm,
    }
    return year_save(**(arguments | changes))


# ---------------------------------------------------------------------------------------
# Who may

ALLOWED = ["sysadmin", "supervisor", "other_supervisor"]
REFUSED = ["drafter", "auditor", "security"]


@pytest.mark.parametrize("who", ALLOWED)
def test_the_system_administrator_and_any_supervisor_may_save_and_confirm(world, who):
    person = getattr(world, who)
    _save_2027(person)
    write = year_confirm(actor=person, year=2027)
    assert write.calendar_year.confirmed and write.calendar_year.confirmed_by == person


@pytest.mark.parametrize("who", REFUSED)
def test_a_township_clerk_and_the_other_system_roles_may_not_save(world, who):
    with pytest.raises(NotAllowed):
        _save_2027(getattr(world, who), confirm=True)
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("who", REFUSED)
def test_nor_confirm(world, who):
    _save_2027(world.sysadmin)
    with pytest.raises(NotAllowed):
        year_confirm(actor=getattr(world, who), year=2027)
    assert not CalendarYear.objects.get(year=2027).confirmed


def test_a_deactivated_supervisor_may_not(world):
    world.supervisor.is_active = False
    world.supervisor.save()
    with pytest.raises(NotAllowed):
        _save_2027(world.supervisor)


def test_anonymous_may_not(world):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        _save_2027(AnonymousUser())


# ---------------------------------------------------------------------------------------
# 2027: from provisional to confirmed


def test_entering_2027_turns_a_provisional_deadline_into_a_confirmed_one(world):
    start = D(2026, 12, 20)  # 20 working days reach into January 2027
    before = add_working_days(work_calendar(), start, 20)
    assert before.provisional and "2027" in before.reason

    _save_2027(world.supervisor)  # a draft: still Monday–Friday, still provisional
    draft = add_working_days(work_calendar(), start, 20)
    assert draft.provisional and draft.date == before.date

    year_confirm(actor=world.supervisor, year=2027)
    after = add_working_days(work_calendar(), start, 20)
    assert not after.provisional and after.reason is None
    # 1 January 2027 (a Friday) is now a holiday, so the deadline moves one working day.
    assert D(2027, 1, 1) in after.explanation.holidays_skipped
    assert after.date == add_working_days(work_calendar(), before.date, 1).date


def test_save_and_confirm_at_once_records_who_and_when(world):
    write = _save_2027(world.sysadmin, confirm=True)
    row = CalendarYear.objects.get(year=2027)
    assert write.changed and row.confirmed and row.source == Source.ADMIN
    assert row.confirmed_by == world.sysadmin and row.confirmed_at is not None
    assert row.notice_ref == NOTICE_REF_2027
    assert CalendarDay.objects.get(date=D(2027, 10, 1)).name == "国庆节"
    # Weekend days of the spans are not stored: they change nothing.
    assert not CalendarDay.objects.filter(date=D(2027, 10, 2)).exists()
    assert set(
        CalendarDay.objects.filter(kind=DayKind.MAKEUP, year=row).values_list("date", flat=True)
    ) == {D(2027, 2, 20), D(2027, 9, 26), D(2027, 10, 9)}


def test_saving_a_confirmed_year_without_confirming_makes_it_provisional_again(world):
    _save_2027(world.sysadmin, confirm=True)
    _save_2027(world.sysadmin, confirm=False, notice_ref="国办发明电〔2026〕10号")
    row = CalendarYear.objects.get(year=2027)
    assert not row.confirmed and row.confirmed_by is None
    assert not work_calendar().is_confirmed(2027)


def test_an_administrator_entry_overrides_the_seed_data(world):
    off = OFF_2026 - {D(2026, 10, 7)}
    year_save(
        actor=world.sysadmin, year=2026, holidays=off, makeup_days=MAKEUP_2026,
        notice_ref="国办发明电〔2025〕7号", confirm=True,
    )  # fmt: skip
    assert CalendarYear.objects.get(year=2026).source == Source.ADMIN
    assert work_calendar().is_working_day(D(2026, 10, 7)) == (True, False)


def test_saving_the_same_thing_again_writes_nothing(world):
    _save_2027(world.sysadmin, confirm=True)
    stamp, entries = CalendarStamp.objects.get().token, AuditEntry.objects.count()
    write = _save_2027(world.sysadmin, confirm=True)
    assert not write.changed
    assert CalendarStamp.objects.get().token == stamp
    assert AuditEntry.objects.count() == entries


# ---------------------------------------------------------------------------------------
# Refusals


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"holidays": [D(2028, 1, 3)]}, "不属于 2027 年"),
        ({"makeup_days": [D(2027, 10, 8)]}, "不是调休上班的周末"),
        ({"holidays": [D(2027, 10, 9)], "makeup_days": [D(2027, 10, 9)]}, "既放假又调休"),
        ({"year": 2003}, "只能录入 2004 年"),
        ({"year": "二〇二七"}, "四位数字"),
        ({"notice_ref": "号" * 101}, "不能超过 100 个字"),
    ],
)
def test_a_wrong_year_is_refused_with_the_calendars_chinese_message(world, changes, message):
    with pytest.raises(InvalidChange, match=message):
        _save_2027(world.sysadmin, **changes)
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_confirming_needs_the_notice_reference_and_some_holidays(world):
    with pytest.raises(InvalidChange, match="文号"):
        _save_2027(world.sysadmin, confirm=True, notice_ref="  ")
    with pytest.raises(InvalidChange, match="没有录入任何放假日期"):
        _save_2027(world.sysadmin, confirm=True, holidays=[], makeup_days=[])
    _save_2027(world.sysadmin, notice_ref="")
    with pytest.raises(InvalidChange, match="文号"):
        year_confirm(actor=world.sysadmin, year=2027)


def test_confirming_a_year_not_entered_or_already_confirmed_is_refused(world):
    with pytest.raises(InvalidChange, match="尚未录入"):
        year_confirm(actor=world.sysadmin, year=2027)
    with pytest.raises(InvalidChange, match="已经确认"):
        year_confirm(actor=world.sysadmin, year=2026)


# ---------------------------------------------------------------------------------------
# The audit log


def test_every_write_is_in_the_audit_log_with_before_and_after(world):
    _save_2027(world.supervisor)
    year_confirm(actor=world.supervisor, year=2027)
    saved, confirmed = AuditEntry.objects.filter(kind__startswith="calendar.").order_by("id")
    assert (saved.kind, confirmed.kind) == ("calendar.year_saved", "calendar.year_confirmed")
    assert saved.actor == world.supervisor and saved.object_id == str(
        CalendarYear.objects.get(year=2027).pk
    )
    assert saved.before is None
    assert saved.after["notice_ref"] == NOTICE_REF_2027
    assert "2027-10-01" in saved.after["holidays"] and "2027-09-26" in saved.after["makeup_days"]
    assert saved.after["confirmed"] is False
    assert (confirmed.before, confirmed.after["confirmed"]) == ({"confirmed": False}, True)


def test_overwriting_a_seeded_year_records_what_it_was(world):
    year_save(
        actor=world.sysadmin, year=2026, holidays=OFF_2026 - {D(2026, 10, 7)},
        makeup_days=MAKEUP_2026, notice_ref="国办发明电〔2025〕7号", confirm=True,
    )  # fmt: skip
    entry = AuditEntry.objects.get(kind="calendar.year_saved")
    assert entry.before["source"] == Source.SEED and "2026-10-07" in entry.before["holidays"]
    assert entry.after["source"] == Source.ADMIN and "2026-10-07" not in entry.after["holidays"]


def test_the_kinds_have_chinese_labels():
    assert kind_label("calendar.year_saved") == "保存工作日历年度"
    assert kind_label("calendar.year_confirmed") == "确认工作日历年度"
    assert kind_label("calendar") == "工作日历"


# ---------------------------------------------------------------------------------------
# The hook


def test_listeners_hear_every_write_with_the_calendar_before_and_after(world):
    heard = []

    @on_calendar_changed
    def moved(change):
        heard.append(change)
        before = add_working_days(change.before, D(2026, 12, 20), 20)
        after = add_working_days(change.after, D(2026, 12, 20), 20)
        return "1 件在办申请的答复期限已调整" if before != after else None

    save = _save_2027(world.supervisor)
    confirm = year_confirm(actor=world.supervisor, year=2027)
    assert [(c.kind, c.year, c.actor) for c in heard] == [
        ("saved", 2027, world.supervisor),
        ("confirmed", 2027, world.supervisor),
    ]
    assert not heard[0].after.is_confirmed(2027) and heard[1].after.is_confirmed(2027)
    assert save.notes == []  # a draft moves no deadline
    assert confirm.notes == ["1 件在办申请的答复期限已调整"]


def test_listeners_are_not_told_of_refused_or_empty_writes(world):
    heard = []
    on_calendar_changed(heard.append)
    with pytest.raises(NotAllowed):
        _save_2027(world.drafter)
    with pytest.raises(InvalidChange):
        _save_2027(world.sysadmin, makeup_days=[D(2027, 10, 8)])
    _save_2027(world.sysadmin)
    _save_2027(world.sysadmin)  # the same again: nothing changed
    assert len(heard) == 1
