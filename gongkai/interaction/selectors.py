"""Reading messages: deadlines, the queue, the 3-month red line, yearly counts per channel.

``unanswered`` and ``channel_counts`` are the names the inspection (检查) engine calls.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import nearest_setting, nearest_settings
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
    return policies_for([agency])[agency.pk]


def policies_for(agencies: Iterable[Agency]) -> dict[int, Policy]:
    """``policy_for`` of many agencies in one query."""
    default = Policy(default_answer_days(), _error_days())
    rows = nearest_settings(MessagePolicy.objects.all(), agencies)
    return {
        pk: Policy(p.answer_days, p.error_report_days) if p is not None else default
        for pk, p in rows.items()
    }


@dataclass(frozen=True)
class PolicyView:
    """The clocks an agency uses and where they come from, for the settings page."""

    agency: Agency
    policy: Policy
    #: The agency whose own setting applies; None: the site-wide row or the defaults.
    source: Agency | None
    own: bool
    site_wide: bool


def policy_view(agency: Agency) -> PolicyView:
    row = nearest_setting(MessagePolicy.objects.all(), agency)
    if row is None:
        policy = Policy(default_answer_days(), _error_days())
        return PolicyView(agency, policy, None, own=False, site_wide=False)
    return PolicyView(
        agency,
        Policy(row.answer_days, row.error_report_days),
        row.agency,
        own=row.agency_id == agency.pk,
        site_wide=row.agency_id is None,
    )


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
    messages = list(messages)
    calendar = work_calendar()
    policies = policies_for({m.agency_id: m.agency for m in messages}.values())
    rows = []
    for m in messages:
        due = due_date(m, calendar, policies[m.agency_id])
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
    pk = getattr(agency, "pk", agency)
    return channel_counts_many([pk], year)[pk]


def channel_counts_many(agencies: Iterable[Agency | int], year: int) -> dict[int, dict]:
    """``channel_counts`` for many agencies in one query: agency id -> its counts."""
    ids = _ids(agencies)
    counts = {
        pk: {c.value: {"received": 0, "replied": 0, "rate": None} for c in Channel} for pk in ids
    }
    rows = (
        Message.objects.filter(agency_id__in=ids, received_at__year=year)
        .exclude(status=Status.ROUTED)
        .values_list("agency_id", "channel", "replied_at")
    )
    for agency_id, channel, replied_at in rows:
        c = counts[agency_id].setdefault(channel, {"received": 0, "replied": 0, "rate": None})
        c["received"] += 1
        c["replied"] += replied_at is not None
    for per_channel in counts.values():
        for c in per_channel.values():
            c["rate"] = c["replied"] / c["received"] if c["received"] else None
    return counts


# --- supervision: the 政务公开办's view across its agencies -----------------------------------

#: The states the supervision list can show (the ``state`` filter), in the form's order.
SUPERVISION_STATES = {
    "open": "待处理（全部）",
    "overdue": "已超期",
    "red_line": "超过3个月未答复",
    "replied": "已答复",
    "routed": "已转办",
}
#: Answered / routed messages are many; the list shows the newest this many (counts are whole).
LIST_LIMIT = 200


@dataclass
class AgencyCounts:
    agency: Agency | None  # None: the totals line
    received: int = 0
    answered: int = 0
    routed: int = 0
    pending: int = 0
    overdue: int = 0
    red_line: int = 0

    @property
    def rate(self) -> float | None:
        """回复率 as the annual report counts it: answered / (received − routed away)."""
        kept = self.received - self.routed
        return self.answered / kept if kept else None


@dataclass(frozen=True)
class ListedMessage:
    message: Message
    due: DueDate | None
    overdue: bool
    over_three_months: bool
    working_days_left: int | None

    @property
    def days_overdue(self) -> int:
        return -(self.working_days_left or 0)


@dataclass
class MessageSupervision:
    agencies: list[AgencyCounts]
    totals: AgencyCounts
    listed: list[ListedMessage]
    truncated: bool
    scope: list[Agency]


def supervision(
    scope: Iterable[Agency],
    on: dt.date,
    *,
    year: int,
    agency: Agency | None = None,
    channel: str = "",
    state: str = "open",
) -> MessageSupervision:
    """Per agency of ``scope`` (already limited to what the person supervises): messages
    received in ``year`` and how many were answered or routed away; open messages now,
    overdue and past the 3-month red line; and the list of messages in ``state``.
    ``agency`` narrows to that agency and those under it, ``channel`` to one channel.

    A fixed number of queries whatever the number of agencies: one count grouped by
    agency and status, the open messages with one query for every agency's clocks, and
    for the answered/routed states one bounded list."""
    scope = list(scope)
    shown = [a for a in scope if agency is None or a.path.startswith(agency.path)]
    ids = [a.pk for a in shown]
    base = Message.objects.filter(agency_id__in=ids)
    if channel:
        base = base.filter(channel=channel)

    by_pk = {a.pk: AgencyCounts(a) for a in shown}
    totals = AgencyCounts(None)
    grouped = (
        base.filter(received_at__year=year)
        .values("agency_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in grouped:
        for target in (by_pk[row["agency_id"]], totals):
            target.received += row["n"]
            if row["status"] in (Status.REPLIED, Status.WITHHELD):
                target.answered += row["n"]
            elif row["status"] == Status.ROUTED:
                target.routed += row["n"]

    open_rows = [r for r in unanswered(ids, on) if not channel or r.message.channel == channel]
    for r in open_rows:
        for target in (by_pk[r.agency_id], totals):
            target.pending += 1
            target.overdue += r.overdue
            target.red_line += r.over_three_months

    listed: list[ListedMessage]
    truncated = False
    if state in ("replied", "routed"):
        statuses = (Status.REPLIED, Status.WITHHELD) if state == "replied" else (Status.ROUTED,)
        found = list(
            base.filter(received_at__year=year, status__in=statuses)
            .select_related("agency")
            .order_by("-received_at", "-id")[: LIST_LIMIT + 1]
        )
        truncated = len(found) > LIST_LIMIT
        listed = [ListedMessage(m, None, False, False, None) for m in found[:LIST_LIMIT]]
    else:
        keep = {
            "overdue": lambda r: r.overdue,
            "red_line": lambda r: r.over_three_months,
        }.get(state, lambda r: True)
        chosen = [r for r in open_rows if keep(r)]
        # The worst first: the red line, then the most working days late.
        chosen.sort(key=lambda r: (not r.over_three_months, r.working_days_left, r.message.pk))
        listed = [
            ListedMessage(r.message, r.due, r.overdue, r.over_three_months, r.working_days_left)
            for r in chosen
        ]

    rows = [
        c
        for c in by_pk.values()
        # Villages and the office itself are listed only when they have something.
        if c.received or c.pending or not _quiet(c.agency)
    ]
    rows.sort(key=lambda c: (-c.red_line, -c.overdue, c.agency.path))
    return MessageSupervision(rows, totals, listed, truncated, scope)


def _quiet(agency: Agency) -> bool:
    from gongkai.agencies.models import Kind, Level

    return agency.kind == Kind.OPEN_GOVERNMENT_OFFICE or agency.level == Level.VILLAGE


def find_by_reference(agency_ids: Iterable[Agency | int], reference: str) -> Message | None:
    """The staff search box: a message of these agencies by its 留言编号 (exact, any case,
    spaces ignored)."""
    ref = "".join(reference.split()).upper()
    if not ref:
        return None
    return messages_for(agency_ids).filter(reference=ref).first()
