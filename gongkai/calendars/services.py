"""Writes of the working-day calendar: seeding from the package, an administrator's year,
confirming a year.

Every write locks and changes the stamp row in the same transaction (so other processes
rebuild their cached calendar, and concurrent writes take turns), and every write by a
person is checked (`require_manage_calendar`) and recorded in the audit log. After the
commit, the listeners registered with `signals.on_calendar_changed` are told; what they
answer is returned to the caller to show.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange
from gongkai.audit.services import audit_record
from gongkai.workdays import WorkCalendar, YearSchedule

from .models import CalendarDay, CalendarStamp, CalendarYear, DayKind, Source
from .permissions import require_manage_calendar
from .selectors import build_calendar
from .signals import CalendarChange, calendar_changed

#: Years an administrator may enter: the package starts at 2004, and a notice is never
#: published more than a year ahead (a wider window would only let typos in).
FIRST_YEAR = 2004
YEARS_AHEAD = 2
NOTICE_REF_MAX = CalendarYear._meta.get_field("notice_ref").max_length
NAME_MAX = CalendarDay._meta.get_field("name").max_length


@dataclass(frozen=True)
class CalendarWrite:
    """What a write did: the year row, whether anything changed, and the listeners'
    sentences to show (e.g. how many open cases' deadlines moved)."""

    calendar_year: CalendarYear
    changed: bool
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# The stamp


def _lock(using: str = DEFAULT_DB_ALIAS) -> CalendarStamp:
    """Take the calendar's write lock: the stamp row, locked for the transaction (on
    PostgreSQL; SQLite's IMMEDIATE transactions already admit one writer at a time)."""
    stamp, _created = CalendarStamp.objects.using(using).select_for_update().get_or_create(pk=1)
    return stamp


def _bump(using: str = DEFAULT_DB_ALIAS) -> None:
    CalendarStamp.objects.using(using).filter(pk=1).update(
        version=F("version") + 1, token=uuid.uuid4().hex
    )


# ---------------------------------------------------------------------------------------
# Seeding


def _package_years() -> range:
    import chinese_calendar

    known = [day.year for day in chinese_calendar.holidays]
    return range(min(known), max(known) + 1)


def _package_names() -> dict[dt.date, str]:
    """The package's Chinese holiday name for each date it lists (off and worked alike)."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    chinese = {h.value: h.chinese for h in Holiday}
    names: dict[dt.date, str] = {}
    for table in (chinese_calendar.holidays, chinese_calendar.workdays):
        for day, english in table.items():
            if english:
                names[day] = chinese.get(english, "")[:NAME_MAX]
    return names


def _days_of(schedule: YearSchedule, names: Mapping[dt.date, str]) -> set[tuple]:
    return {(d, DayKind.HOLIDAY.value, names.get(d, "")) for d in schedule.holidays} | {
        (d, DayKind.MAKEUP.value, names.get(d, "")) for d in schedule.makeup_days
    }


def seed_from_package(*, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """Store every year the ``chinese-calendar`` package knows (2004–2026 with 1.11) as
    confirmed, source "seed". Idempotent; run after every ``migrate``.

    A year an administrator entered (source "admin") is never touched, whatever the package
    says. A seeded year is brought in line with the package when an upgraded package
    corrects it. Not audited: it runs without a person, at every migrate, and changes
    nothing after the first run unless the package itself changed.
    Returns the years it created or changed.
    """
    seeded = WorkCalendar.from_chinese_calendar(_package_years())
    names = _package_names()
    changed: list[int] = []
    with transaction.atomic(using=using):
        _lock(using)
        rows = {row.year: row for row in CalendarYear.objects.using(using)}
        stored: dict[int, set[tuple]] = {}
        for year, day, kind, name in CalendarDay.objects.using(using).values_list(
            "year__year", "date", "kind", "name"
        ):
            stored.setdefault(year, set()).add((day, kind, name))
        for year, schedule in seeded.years.items():
            row = rows.get(year)
            if row is not None and row.source == Source.ADMIN:
                continue  # the administrator's entry is the authority
            wanted = _days_of(schedule, names)
            if row is None:
                row = CalendarYear.objects.using(using).create(
                    year=year, confirmed=True, source=Source.SEED
                )
            elif row.confirmed and stored.get(year, set()) == wanted:
                continue
            else:
                row.confirmed = True
                row.save(using=using, update_fields=["confirmed", "updated_at"])
                CalendarDay.objects.using(using).filter(year=row).delete()
            CalendarDay.objects.using(using).bulk_create(
                CalendarDay(year=row, date=d, kind=k, name=n) for d, k, n in sorted(wanted)
            )
            changed.append(year)
        if changed:
            _bump(using)
    return changed


# ---------------------------------------------------------------------------------------
# An administrator's writes


def _snapshot(row: CalendarYear | None, days: Iterable[tuple] | None = None) -> dict | None:
    """The year as plain data for the audit log and for "did anything change"."""
    if row is None:
        return None
    if days is None:
        days = row.days.values_list("date", "kind", "name")
    days = sorted(days)
    return {
        "year": row.year,
        "confirmed": row.confirmed,
        "source": row.source,
        "notice_ref": row.notice_ref,
        "holidays": [d.isoformat() for d, k, _n in days if k == DayKind.HOLIDAY],
        "makeup_days": [d.isoformat() for d, k, _n in days if k == DayKind.MAKEUP],
        "names": {d.isoformat(): n for d, _k, n in days if n},
    }


def _clean_year(year: Any) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise InvalidChange(_("年度应当是四位数字，例如 2027。")) from None
    last = timezone.localdate().year + YEARS_AHEAD
    if not FIRST_YEAR <= value <= last:
        raise InvalidChange(
            _("只能录入 %(first)d 年至 %(last)d 年的放假安排。")
            % {"first": FIRST_YEAR, "last": last}
        )
    return value


def _clean_notice_ref(value: Any) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > NOTICE_REF_MAX:
        raise InvalidChange(_("通知文号不能超过 %(n)d 个字。") % {"n": NOTICE_REF_MAX})
    return text


def _check_confirmable(year: int, notice_ref: str, holidays: Iterable[dt.date]) -> None:
    """A confirmed year moves real deadlines: refuse the two ways it is surely incomplete."""
    if not notice_ref:
        raise InvalidChange(
            _("确认前请填写国务院办公厅放假通知的文号，例如“国办发明电〔2025〕7号”。")
        )
    if not any(True for _d in holidays):
        raise InvalidChange(_("%(year)d 年还没有录入任何放假日期，不能确认。") % {"year": year})


def year_save(
    *,
    actor,
    year: int,
    holidays: Iterable[dt.date],
    makeup_days: Iterable[dt.date],
    notice_ref: str = "",
    confirm: bool = False,
    names: Mapping[dt.date, str] | None = None,
    request=None,
) -> CalendarWrite:
    """Store a year as the administrator entered it from the State Council's notice,
    replacing whatever the year held (seeded or entered before); ``confirm`` makes it
    count at once, otherwise it is kept as a draft and the year stays provisional.

    ``holidays`` may include the weekend days of a span (they change nothing and are
    dropped); the rules of `YearSchedule.build` are enforced and their messages shown.
    """
    require_manage_calendar(actor)
    year = _clean_year(year)
    notice_ref = _clean_notice_ref(notice_ref)
    try:
        schedule = YearSchedule.build(year, holidays, makeup_days, confirmed=confirm)
    except ValueError as refusal:
        raise InvalidChange(str(refusal)) from None
    if confirm:
        _check_confirmable(year, notice_ref, schedule.holidays)
    names = {d: " ".join(str(n).split())[:NAME_MAX] for d, n in (names or {}).items() if n}
    wanted = _days_of(schedule, names)
    now = timezone.now()
    with transaction.atomic():
        _lock()
        row = CalendarYear.objects.filter(year=year).first()
        before = _snapshot(row)
        if row is None:
            row = CalendarYear(year=year)
        row.source = Source.ADMIN
        row.notice_ref = notice_ref
        row.confirmed = confirm
        after = _snapshot(row, wanted)
        if before == after:
            return CalendarWrite(calendar_year=row, changed=False)
        calendar_before = build_calendar()
        if confirm:
            row.confirmed_by, row.confirmed_at = actor, now
        else:
            row.confirmed_by, row.confirmed_at = None, None
        row.save()
        CalendarDay.objects.filter(year=row).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(year=row, date=d, kind=k, name=n) for d, k, n in sorted(wanted)
        )
        _bump()
        audit_record(
            kind="calendar.year_saved",
            actor=actor,
            obj=row,
            before=before,
            after=after,
            request=request,
        )
    calendar_after = calendar_before.with_year(
        year, schedule.holidays, schedule.makeup_days, confirmed=confirm
    )
    notes = calendar_changed(
        CalendarChange("saved", year, calendar_before, calendar_after, actor, now)
    )
    return CalendarWrite(calendar_year=row, changed=True, notes=notes)


def year_confirm(*, actor, year: int, request=None) -> CalendarWrite:
    """Confirm a year entered as a draft: from now on deadlines falling in it count its
    holidays and make-up days and are no longer 暂定."""
    require_manage_calendar(actor)
    year = _clean_year(year)
    now = timezone.now()
    with transaction.atomic():
        _lock()
        row = CalendarYear.objects.filter(year=year).first()
        if row is None:
            raise InvalidChange(_("%(year)d 年的放假安排尚未录入，请先录入。") % {"year": year})
        if row.confirmed:
            raise InvalidChange(_("%(year)d 年的放假安排已经确认过了。") % {"year": year})
        before = _snapshot(row)
        assert before is not None
        _check_confirmable(year, row.notice_ref, before["holidays"])
        calendar_before = build_calendar()
        row.confirmed, row.confirmed_by, row.confirmed_at = True, actor, now
        row.save(update_fields=["confirmed", "confirmed_by", "confirmed_at", "updated_at"])
        _bump()
        audit_record(
            kind="calendar.year_confirmed",
            actor=actor,
            obj=row,
            before={"confirmed": False},
            after={"confirmed": True, "notice_ref": row.notice_ref},
            request=request,
        )
    schedule = calendar_before.years[year]
    calendar_after = calendar_before.with_year(
        year, schedule.holidays, schedule.makeup_days, confirmed=True
    )
    notes = calendar_changed(
        CalendarChange("confirmed", year, calendar_before, calendar_after, actor, now)
    )
    return CalendarWrite(calendar_year=row, changed=True, notes=notes)
