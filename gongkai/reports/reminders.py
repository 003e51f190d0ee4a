"""A 政务公开办 reminds agencies of their annual report: an e-mail to the agency's people
who have an address, and a ``ReportReminder`` row (shown on the supervision page) with an
audit entry.

Once a day: an agency already reminded today for the same year is skipped unless the
supervisor asks again (``again=True``) — a second click, or "remind all" after reminding
one, must not mail people twice before they could act.

The record is written first, in its own transaction, and the mails sent after it is
committed: a mail server that is down must not undo the fact that the supervisor chased
the agency, and the people who could not be mailed are recorded by name.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.audit.services import audit_record

from . import supervision
from .models import ReportReminder
from .services import NotAllowed


@dataclass
class ReminderOutcome:
    reminded: list[ReportReminder] = field(default_factory=list)
    skipped_today: list[Agency] = field(default_factory=list)  # reminded already today
    mails: int = 0

    @property
    def not_mailed(self) -> list[str]:
        return [name for r in self.reminded for name in r.not_mailed]


log = logging.getLogger(__name__)


def recipients(agency: Agency) -> list:
    """The agency's active people (every role but 政务公开办管理员 — the supervisor is the
    one reminding), in a stable order."""
    members = (
        Membership.objects.filter(agency=agency, person__is_active=True)
        .exclude(role=Role.SUPERVISOR_ADMIN)
        .select_related("person")
    )
    people = {m.person_id: m.person for m in members}
    return sorted(people.values(), key=lambda p: p.pk)


def _link() -> str:
    base = (getattr(settings, "GONGKAI_SITE_URL", "") or "").rstrip("/")
    return base + reverse("web:home")


def _message(row: supervision.AgencyStatus, year: int, actor) -> tuple[str, str]:
    subject = _("【年度报告】请按时发布%(year)s年政府信息公开工作年度报告") % {"year": year}
    if row.state == supervision.State.PUBLISHED_ERRORS:
        subject = _("【年度报告】%(year)s年政府信息公开工作年度报告有未改正的错误") % {"year": year}
    body = render_to_string(
        "reports/email/reminder.txt",
        {
            "agency": row.agency.name,
            "year": year,
            "deadline": f"{row.deadline.year}年{row.deadline.month}月{row.deadline.day}日",
            "state": row.label,
            "late": row.state == supervision.State.LATE,
            "errors": row.state == supervision.State.PUBLISHED_ERRORS,
            "sender": str(actor),
            "link": _link(),
        },
    )
    return subject, body


def reminder_send(
    *,
    actor,
    agencies: Sequence[Agency],
    year: int,
    again: bool = False,
    request=None,
) -> ReminderOutcome:
    """Remind each of ``agencies`` of its report of ``year``.

    The actor must be a 政务公开办管理员 supervising every one of them (NotAllowed —
    nothing is sent — otherwise).
    """
    if not supervision.may_remind(actor):
        raise NotAllowed(_("只有政务公开办管理员可以发送年度报告提醒"))
    for agency in agencies:
        if not supervision.supervises_agency(actor, agency):
            raise NotAllowed(_("您不能提醒「%(agency)s」") % {"agency": agency.name})
    on = supervision.today()
    outcome = ReminderOutcome()
    if not agencies:
        return outcome
    rows = {r.agency.pk: r for r in supervision.statuses(agencies[0], year, agencies=agencies)}
    reminded_today = set(
        ReportReminder.objects.filter(
            agency__in=[a.pk for a in agencies], year=year, sent_on=on
        ).values_list("agency_id", flat=True)
    )
    for agency in agencies:
        if agency.pk in reminded_today and not again:
            outcome.skipped_today.append(agency)
            continue
        row = rows[agency.pk]
        people = recipients(agency)
        with transaction.atomic():
            reminder = ReportReminder.objects.create(
                agency=agency,
                year=year,
                sent_by=actor,
                sent_on=on,
                status=row.label,
                mailed=[p.get_username() for p in people if p.email],
                not_mailed=[p.get_username() for p in people if not p.email],
            )
            audit_record(
                kind="reports.reminder_sent",
                actor=actor,
                agency=agency,
                obj=reminder,
                after={
                    "year": year,
                    "status": row.label,
                    "to": reminder.mailed,
                    "no_address": reminder.not_mailed,
                    "again": agency.pk in reminded_today,
                },
                request=request,
            )
        subject, body = _message(row, year, actor)
        failed = []
        for person in people:
            if not person.email:
                continue
            try:
                send_mail(subject, body, None, [person.email])
            except Exception:  # noqa: BLE001 — one bad address must not stop the others
                log.exception("report reminder to %s failed", person.get_username())
                failed.append(person.get_username())
            else:
                outcome.mails += 1
        if failed:
            reminder.mailed = [u for u in reminder.mailed if u not in failed]
            reminder.not_mailed = [*reminder.not_mailed, *failed]
            reminder.save(update_fields=["mailed", "not_mailed"])
        outcome.reminded.append(reminder)
    return outcome
