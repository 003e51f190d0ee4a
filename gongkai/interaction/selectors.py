"""Reading messages: deadlines, the queue, the 3-month red line, yearly counts per channel.

``unanswered`` and ``channel_counts`` are the names the inspection (检查) engine calls.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import nearest_setting
from gongkai.calendars.selectors import work_calendar
from gongkai.workdays import DueDate, WorkCalendar, add_working_days, count_working_days

from .models import Channel, Message, MessagePolicy, Status, default_answer_days
from .models import default_error_report_days as _error_days

# Shown in the queue as 即将到期 when this many working days or fewer are left.
DUE_SOON_DAYS = 2


def today() -> dt.date:
    return timezone.localdate()


@dataclass(frozen=True)
class Policy:
    answer_days: int
    error_report_days: int


def policy_for(agency: Agency) -> Policy:
    """The agency's own policy, else the nearest above it, else the site-wide one, else
    the settings' defaults (5 and 3 working days)."""
    p = nearest_setting(MessagePolicy.objects.all(), agency)
    if p is not None:
        return Policy(p.answer_days, p.error_report_days)
    return Policy(default_answer_days(), _error_days())


def due_date(
    message: Message, calendar: WorkCalendar | None = None, policy: Policy | None = None
) -> DueDate:
    """The answer deadline, explaining itself: N working days after the day received."""
    policy = policy or policy_for(message.agency)
    if message.channel == Channel.ERROR_REPORT:
        n, rule = policy.error_report_days, "网站找错留言 %d 个工作日内答复（国办秘函〔2019〕19号）"
    else:
        n, rule = policy.answer_days, "留言咨询 %d 个工作日内答复"
    return add_working_days(calendar or work_calendar(), message.received_at, n, rule=rule % n)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def over_three_months(message: Message, on: dt.date) -> bool:
    """The 19号 red line: a citizen's message unanswered for more than 3 months, counted
    from when the citizen first sent it (routing does not reset the citizen's wait)."""
    return on > add_months(message.first_received_at, 3)


@dataclass(frozen=True)
class UnansweredRow:
    message: Message
    agency_id: int
    received_at: dt.date
    due: DueDate
    overdue: bool
    over_three_months: bool
    working_days_left: int  # negative when overdue; 0 on the due day

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.working_days_left <= DUE_SOON_DAYS


def _ids(agencies: Iterable[Agency | int]) -> list[int]:
    return [getattr(a, "pk", a) for a in agencies]


def unanswered(
    agency_ids: Iterable[Agency | int], on: dt.date | None = None
) -> list[UnansweredRow]:
    """Messages still waiting for an answer (待处理) at these agencies (ids or Agency
    objects) on day ``on``, most urgent first. Messages routed away are the receiving
    agency's to answer and appear there. Messages received after ``on`` are left out."""
    on = on or today()
    messages = (
        Message.objects.filter(
            agency_id__in=_ids(agency_ids), status=Status.PENDING, received_at__lte=on
        )
        .select_related("agency")
        .order_by("received_at", "id")
    )
    calendar = work_calendar()
    policies: dict[int, Policy] = {}
    rows = []
    for m in messages:
        policy = policies.get(m.agency_id) or policies.setdefault(m.agency_id, policy_for(m.agency))
        due = due_date(m, calendar, policy)
        if on <= due.date:
            left = count_working_days(calendar, on, due.date)
        else:
            left = -count_working_days(calendar, due.date, on)
        rows.append(
            UnansweredRow(
                message=m,
                agency_id=m.agency_id,
                received_at=m.received_at,
                due=due,
                overdue=on > due.date,
                over_three_months=over_three_months(m, on),
                working_days_left=left,
            )
        )
    rows.sort(key=lambda r: (r.due.date, r.message.pk))
    return rows


def messages_for(agency_ids: Iterable[Agency | int]) -> QuerySet[Message]:
    return Message.objects.filter(agency_id__in=_ids(agency_ids)).select_related("agency")


def published(agency: Agency) -> QuerySet[Message]:
    """What the public list shows: replied messages the office chose to publish."""
    return Message.objects.filter(agency=agency, public=True, status=Status.REPLIED).order_by(
        "-replied_at", "-id"
    )


def channel_counts(agency: Agency | int, year: int) -> dict[str, dict]:
    """Per channel (the ``Channel`` values, every one present): messages received in
    ``year`` at this agency, how many of them have been answered, and the 回复率.

    ``rate`` is replied / received as a float between 0 and 1, None when nothing was
    received. Messages routed away are left out here: they are counted (and answered) at
    the agency that received them, so a county's sum counts each citizen's message once.
    """
    counts = {c.value: {"received": 0, "replied": 0, "rate": None} for c in Channel}
    rows = (
        Message.objects.filter(agency_id=getattr(agency, "pk", agency), received_at__year=year)
        .exclude(status=Status.ROUTED)
        .values_list("channel", "replied_at")
    )
    for channel, replied_at in rows:
        c = counts.setdefault(channel, {"received": 0, "replied": 0, "rate": None})
        c["received"] += 1
        c["replied"] += replied_at is not None
    for c in counts.values():
        c["rate"] = c["replied"] / c["received"] if c["received"] else None
    return counts
