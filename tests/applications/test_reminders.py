"""Deadline reminders by e-mail: to whom, once only, not when e-mail is off, again when
the due date moves; and the daily task's hour."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.applications import reminders, services
from gongkai.applications.models import ReminderSent
from gongkai.applications.tasks import is_reminder_time
from gongkai.audit.models import AuditEntry
from gongkai.calendars import services as calendar_services
from gongkai.disclosure.lifecycle import Step

from .supervision.factory import fresh_calendar, make_case, travel

pytestmark = pytest.mark.django_db

OVERDUE_DAY = dt.date(2026, 10, 26)  # the 9-18 case (due 10-22) is 2 working days late
DUE_SOON_DAY = dt.date(2026, 10, 19)  # 3 working days left: 10-20, 10-21, 10-22


@pytest.fixture(autouse=True)
def _calendar():
    fresh_calendar()
    yield
    fresh_calendar()


@pytest.fixture
def email_on(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GONGKAI_EMAIL_REMINDERS = True
    return settings


@pytest.fixture
def people(world):
    world.drafter.email = "drafter@qingshi.example.gov.cn"
    world.drafter.save()
    return {
        "head": make_person("head", roles=[(world.town_a, Role.DISCLOSURE_HEAD)]),
        "colleague": make_person("colleague", roles=[(world.town_a, Role.REVIEWER)]),
        "town_b": make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)]),
        "other": make_person("clerk_other", roles=[(world.other_town, Role.DRAFTER)]),
    }


@pytest.fixture(autouse=True)
def _addresses(people):
    for person in people.values():
        person.email = f"{person.username}@example.gov.cn"
        person.save()


def run(day: dt.date) -> reminders.Outcome:
    with travel(day, hour=8):
        return reminders.send_reminders()


def recipients() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


def test_overdue_reminder_goes_to_handler_and_head_once(email_on, world, people):
    app = make_case(world.drafter, world.town_a, handler=world.drafter)
    make_case(people["other"], world.other_town)  # the other county's, overdue too
    outcome = run(OVERDUE_DAY)
    assert outcome.mails == 3  # the drafter, the 负责人, and the other county's clerk
    mine = [m for m in mail.outbox if "other" not in m.to[0]]
    assert sorted(m.to[0] for m in mine) == [
        "drafter@qingshi.example.gov.cn",
        "head@example.gov.cn",
    ]
    body = mine[0].body
    assert app.number in body and "2026年10月22日" in body and "已超期 2 个工作日" in body
    assert f"/applications/{app.pk}/" in body and "暂定" not in body
    assert "超期提醒" in mine[0].subject
    # Neither the colleague (a handler is assigned) nor other agencies' people.
    assert "colleague@example.gov.cn" not in recipients()
    assert "clerk_b@example.gov.cn" not in recipients()
    sent = ReminderSent.objects.filter(application=app)
    assert {(r.deadline, r.due_date, r.person.username) for r in sent} == {
        ("answer_overdue", dt.date(2026, 10, 22), "drafter"),
        ("answer_overdue", dt.date(2026, 10, 22), "head"),
    }
    audit = AuditEntry.objects.filter(kind="applications.reminder_sent", object_id=str(app.pk))
    assert sorted(e.after["to"] for e in audit) == ["drafter", "head"]

    # The next morning, and the catch-up run of the same day: nothing again.
    mail.outbox.clear()
    assert run(OVERDUE_DAY).mails == 0
    assert run(OVERDUE_DAY + dt.timedelta(days=1)).mails == 0
    assert mail.outbox == []


def test_without_a_handler_every_member_is_reminded(email_on, world, people):
    make_case(world.drafter, world.town_a)
    run(OVERDUE_DAY)
    assert recipients() == [
        "colleague@example.gov.cn",
        "drafter@qingshi.example.gov.cn",
        "head@example.gov.cn",
    ]


def test_a_village_case_goes_to_the_township(email_on, world, people):
    make_case(world.drafter, world.village_a)
    run(OVERDUE_DAY)
    assert "head@example.gov.cn" in recipients() and "clerk_b@example.gov.cn" not in recipients()


def test_due_soon_then_overdue_are_two_reminders(email_on, world, people):
    make_case(world.drafter, world.town_a, handler=world.drafter)
    assert run(DUE_SOON_DAY - dt.timedelta(days=1)).mails == 0  # Sunday: 4 working days left
    assert run(dt.date(2026, 10, 15)).mails == 0  # 5 working days left: not yet
    assert run(DUE_SOON_DAY).mails == 2
    assert "还剩 3 个工作日" in mail.outbox[0].body and "到期提醒" in mail.outbox[0].subject
    assert run(dt.date(2026, 10, 21)).mails == 0  # still due soon: already reminded
    assert run(OVERDUE_DAY).mails == 2
    assert "已超期" in mail.outbox[-1].body


def test_the_policy_sets_the_window(email_on, world, people):
    from gongkai.applications.models import HandlingPolicy

    HandlingPolicy.objects.create(agency=world.county, remind_days_before=5)
    make_case(world.drafter, world.town_a, handler=world.drafter)
    assert run(dt.date(2026, 10, 15)).mails == 2


def test_nothing_is_sent_or_recorded_when_email_is_off(settings, world, people):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GONGKAI_EMAIL_REMINDERS = False
    make_case(world.drafter, world.town_a, handler=world.drafter)
    outcome = run(OVERDUE_DAY)
    assert not outcome.enabled and mail.outbox == []
    assert not ReminderSent.objects.exists()
    # Without the explicit setting, Django's default host ("localhost") is not a mail
    # server anyone configured; a real host is.
    del settings.GONGKAI_EMAIL_REMINDERS
    assert not reminders.email_enabled()
    settings.EMAIL_HOST = "smtp.example.gov.cn"
    assert reminders.email_enabled()
    assert run(OVERDUE_DAY).mails == 2


def test_a_due_date_that_moves_is_reminded_again(email_on, world, people):
    # 2026-12-21 + 20 working days = 2027-01-18, provisional (no 2027 notice yet).
    app = make_case(
        world.drafter, world.town_a, received=dt.date(2026, 12, 21), handler=world.drafter
    )
    assert run(dt.date(2027, 1, 13)).mails == 2
    assert "2027年1月18日（暂定" in mail.outbox[0].body
    with travel(dt.date(2027, 1, 14)):
        calendar_services.year_save(
            actor=world.sysadmin,
            year=2027,
            holidays=[dt.date(2027, 1, 1), dt.date(2027, 1, 4)],
            makeup_days=[],
            notice_ref="测试用通知",
            confirm=True,
        )
    mail.outbox.clear()
    # Now due 2027-01-20: 3 working days left on 1-15, a new date, a new reminder.
    assert run(dt.date(2027, 1, 15)).mails == 2
    assert "2027年1月20日" in mail.outbox[0].body and "暂定" not in mail.outbox[0].body
    dates = set(ReminderSent.objects.filter(application=app).values_list("due_date", flat=True))
    assert dates == {dt.date(2027, 1, 18), dt.date(2027, 1, 20)}


def test_paused_and_waiting_cases_are_not_reminded_before_the_date(email_on, world, people):
    paused = make_case(world.drafter, world.town_a, handler=world.drafter)
    with travel(dt.date(2026, 10, 12)):
        services.step_record(
            actor=world.drafter,
            application=paused,
            step=Step.THIRD_PARTY_CONSULTED,
            date=dt.date(2026, 10, 12),
            party="某公司",
        )
    assert run(DUE_SOON_DAY).mails == 0


def test_a_failed_mail_is_tried_again(email_on, world, people, monkeypatch):
    make_case(world.drafter, world.town_a, handler=world.drafter)

    def broken(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(reminders, "send_mail", broken)
    outcome = run(OVERDUE_DAY)
    assert outcome.mails == 0 and len(outcome.failed) == 2
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert run(OVERDUE_DAY).mails == 2


def test_a_person_without_an_address_is_reported(email_on, world, people):
    world.drafter.email = ""
    world.drafter.save()
    make_case(world.drafter, world.town_a, handler=world.drafter)
    outcome = run(OVERDUE_DAY)
    assert outcome.no_address == ["drafter"] and recipients() == ["head@example.gov.cn"]


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (dt.datetime(2026, 10, 26, 0, 0), True),  # 08:00 in Beijing
        (dt.datetime(2026, 10, 26, 0, 1), False),
        (dt.datetime(2026, 10, 26, 3, 0), True),  # 11:00: the catch-up runs
        (dt.datetime(2026, 10, 26, 10, 0), False),  # 18:00
        (dt.datetime(2026, 10, 25, 23, 0), False),  # 07:00
    ],
)
def test_the_task_runs_from_eight_beijing_time(utc, expected):
    assert is_reminder_time(utc) is expected
