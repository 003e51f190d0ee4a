"""Deadline reminders by e-mail: plain logic over the selectors, run daily by `tasks.py`
and callable as is from tests and the shell (`send_reminders()`).

Who is reminded, of what:

- an open case whose answer due date (or the custom date of 第三十五条, which replaces it)
  is within the office policy's ``remind_days_before`` working days, or already past;
- a case whose clock is paused (an open consultation) is reminded only once it is
  overdue: its date will still move; a case waiting for 补正 or not yet received has no
  answer date to remind of;
- the handler, or, when nobody is assigned, every member of the agency (a village's cases
  without members go to its township's people, who handle them); and in every case the
  agency's 信息公开工作机构负责人, who answers for the deadline.

Never twice: each reminder is a ``ReminderSent`` row (application, deadline, due date,
person) under a unique constraint, claimed *before* the mail goes out, so two workers —
or the catch-up runs of the same day — cannot both send it. The deadline is ``answer``
or ``custom`` before the date and ``answer_overdue`` / ``custom_overdue`` after it: one
reminder ahead, one when it is missed. A due date that moves (a year's holidays
confirmed, a consultation answered) is a new reminder.

In-platform, the dashboard cards (`cards.py`) are the reminder; this module only mails,
and only when e-mail is configured (`email_enabled`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import global_settings, settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.audit.services import audit_record
from gongkai.disclosure.lifecycle import Status
from gongkai.workdays import DueDate, count_working_days

from . import selectors
from .models import Application, HandlingPolicy, ReminderSent
from .supervision_views import case_url

log = logging.getLogger(__name__)

OVERDUE_SUFFIX = "_overdue"


def email_enabled() -> bool:
    """Whether reminders go out by e-mail.

    ``GONGKAI_EMAIL_REMINDERS`` decides when it is set. Otherwise an ``EMAIL_HOST`` other
    than Django's built-in default counts as configured: the default ("localhost") is
    there whether or not anyone set up a mail server, and an office PC without one would
    fail every morning trying.
    """
    explicit = getattr(settings, "GONGKAI_EMAIL_REMINDERS", None)
    if explicit is not None:
        return bool(explicit)
    host = getattr(settings, "EMAIL_HOST", "") or ""
    return bool(host) and host != global_settings.EMAIL_HOST


@dataclass(frozen=True)
class DueCase:
    """One case that deserves a reminder today."""

    application: Application
    deadline: str  # "answer", "custom", or either with OVERDUE_SUFFIX
    due: DueDate
    overdue: bool
    working_days: int  # left before the date, or past it when overdue


def due_cases(
    on: dt.date | None = None, cases: QuerySet[Application] | None = None
) -> list[DueCase]:
    """Open cases whose answer date is near or past (the rules of the module docstring)."""
    on = on or selectors.today()
    calendar = selectors.work_calendar()
    cases = cases if cases is not None else Application.objects.all()
    policies: dict[int, HandlingPolicy] = {}
    found = []
    for row in selectors.queue(cases, on):
        app = row.application
        if app.status == Status.SUBMITTED:
            continue
        due = row.deadlines.answer
        if due is None:
            continue
        key = "custom" if "custom" in row.deadlines.dues else "answer"
        if due.date < on:
            days = count_working_days(calendar, due.date, on)
            found.append(DueCase(app, key + OVERDUE_SUFFIX, due, True, days))
            continue
        if due.paused_since is not None:
            continue
        policy = policies.get(app.agency_id)
        if policy is None:
            policy = policies[app.agency_id] = selectors.policy_for(app.agency)
        left = count_working_days(calendar, on, due.date)
        if left <= policy.remind_days_before:
            found.append(DueCase(app, key, due, False, left))
    return found


def _people_of(agency: Agency, roles: Iterable[str] | None = None) -> list:
    """Active people of the agency (in these roles); for a village without any, its
    township's: they are the ones who handle the village's cases (permissions.py)."""
    current: Agency | None = agency
    while current is not None:
        members = Membership.objects.filter(agency=current, person__is_active=True)
        if roles is not None:
            members = members.filter(role__in=list(roles))
        people = {m.person_id: m.person for m in members.select_related("person")}
        if people:
            return sorted(people.values(), key=lambda p: p.pk)
        is_village = current.level == Level.VILLAGE or current.kind == Kind.VILLAGE
        current = current.parent if is_village else None
    return []


def recipients(app: Application) -> list:
    """The handler (or, without one, every member of the agency) and the 负责人."""
    if app.handler is not None and app.handler.is_active:
        people = [app.handler]
    else:
        people = _people_of(app.agency)
    heads = _people_of(app.agency, roles=[Role.DISCLOSURE_HEAD])
    seen: dict[int, object] = {}
    for person in [*people, *heads]:
        seen.setdefault(person.pk, person)
    return list(seen.values())


@dataclass
class Outcome:
    """What one run did, for the task's log line and for tests."""

    enabled: bool = True
    cases: int = 0
    mails: int = 0
    reminders: int = 0
    already_sent: int = 0
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _link(pk: int) -> str:
    """The case page's address; absolute when the site's address is known."""
    base = (getattr(settings, "GONGKAI_SITE_URL", "") or "").rstrip("/")
    return base + case_url(pk)


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _message(person, items: list[DueCase]) -> tuple[str, str]:
    overdue = sum(i.overdue for i in items)
    subject = _("【依申请公开】到期提醒：%(n)s 件申请即将到期或已超期") % {"n": len(items)}
    if overdue == len(items):
        subject = _("【依申请公开】超期提醒：%(n)s 件申请已超过答复期限") % {"n": len(items)}
    lines = []
    for i in items:
        app = i.application
        lines.append(
            {
                "number": app.number,
                "agency": app.agency.name,
                "due": _zh(i.due.date),
                "provisional": i.due.reason if i.due.provisional else "",
                "custom": i.deadline.startswith("custom"),
                "overdue": i.overdue,
                "days": i.working_days,
                "link": _link(app.pk),
            }
        )
    body = render_to_string(
        "applications/email/reminder.txt", {"person": str(person), "lines": lines}
    )
    return subject, body


def _claim(item: DueCase, person) -> bool:
    """Record the reminder before sending it; False when it was already sent (by an
    earlier run or by another worker at the same moment)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                application=item.application,
                deadline=item.deadline,
                due_date=item.due.date,
                person=person,
            )
    except IntegrityError:
        return False
    return True


def _release(items: list[DueCase], person) -> None:
    """A mail that failed is not sent: the next run tries again."""
    for item in items:
        ReminderSent.objects.filter(
            application=item.application,
            deadline=item.deadline,
            due_date=item.due.date,
            person=person,
        ).delete()


def send_reminders(
    on: dt.date | None = None, cases: QuerySet[Application] | None = None
) -> Outcome:
    """Mail every reminder due ``on`` (default today) that was not sent yet: one mail per
    person listing their cases, one ``applications.reminder_sent`` audit entry per case
    in it. Does nothing, and records nothing, while e-mail is off."""
    if not email_enabled():
        return Outcome(enabled=False)
    items = due_cases(on, cases)
    outcome = Outcome(cases=len(items))
    known = set(
        ReminderSent.objects.filter(application__in=[i.application.pk for i in items]).values_list(
            "application_id", "deadline", "due_date", "person_id"
        )
    )
    by_person: dict[int, tuple[object, list[DueCase]]] = {}
    for item in items:
        for person in recipients(item.application):
            key = (item.application.pk, item.deadline, item.due.date, person.pk)
            if key in known:
                outcome.already_sent += 1
                continue
            by_person.setdefault(person.pk, (person, []))[1].append(item)
    for person, mine in by_person.values():
        if not person.email:
            # Seen on the dashboard anyway; said in the task's log so an administrator
            # can add the address.
            outcome.no_address.append(person.get_username())
            continue
        claimed = [i for i in mine if _claim(i, person)]
        outcome.already_sent += len(mine) - len(claimed)
        if not claimed:
            continue
        subject, body = _message(person, claimed)
        try:
            send_mail(subject, body, None, [person.email])
        except Exception:  # noqa: BLE001 — an SMTP failure must not stop the others
            log.exception("deadline reminder to %s failed", person.get_username())
            _release(claimed, person)
            outcome.failed.append(person.get_username())
            continue
        outcome.mails += 1
        outcome.reminders += len(claimed)
        for item in claimed:
            audit_record(
                kind="applications.reminder_sent",
                agency=item.application.agency,
                obj=item.application,
                after={
                    "to": person.get_username(),
                    "deadline": item.deadline,
                    "due_date": item.due.date.isoformat(),
                    "provisional": item.due.provisional,
                },
                actor_name=_("系统（到期提醒）"),
            )
    return outcome
