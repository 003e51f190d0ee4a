"""Reads about applications: deadlines derived from the log, the handler's queue, the
supervisor's overview. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import nearest_setting
from gongkai.disclosure.lifecycle import LoggedStep, Status, Step, clock_events
from gongkai.workdays import (
    ClockError,
    ClockSettings,
    DueDate,
    WorkCalendar,
    add_working_days,
    consultation_dues,
    count_working_days,
    deadlines,
)

from .models import Application, CaseStep, HandlingPolicy
from .permissions import handled_agencies, viewable_agencies

OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.OPEN,
    Status.AWAITING_CORRECTION,
    Status.CONSULTING,
    Status.AWAITING_FEE,
)

DEADLINE_LABELS_ZH = {
    "answer": "答复期限",
    "correction_notice": "告知补正期限",
    "third_party_reply": "第三方答复意见期限",
    "fee_payment": "缴费期限",
    "custom": "另行确定的答复期限",
}


def today() -> dt.date:
    return timezone.localdate()


def work_calendar() -> WorkCalendar:
    from gongkai.calendars.selectors import work_calendar as stored

    return stored()


def policy_for(agency: Agency) -> HandlingPolicy:
    """The nearest policy at or above ``agency``, else the site-wide one, else defaults."""
    return nearest_setting(HandlingPolicy.objects.all(), agency) or HandlingPolicy()


def clock_settings(policy: HandlingPolicy) -> ClockSettings:
    return ClockSettings(
        day_one_is_next_working_day=policy.day_one_is_next_working_day,
        fee_pauses_answer_clock=policy.fee_pauses_answer_clock,
    )


def logged(steps: Iterable[CaseStep | LoggedStep]) -> list[LoggedStep]:
    return [
        s
        if isinstance(s, LoggedStep)
        else LoggedStep(s.step, s.date, party=s.party, n=s.n, due_date=s.due_date)
        for s in steps
    ]


def logged_by_case(application_ids: Iterable[int]) -> dict[int, list[LoggedStep]]:
    """The log of many cases in one query, as plain values: building model instances for
    thousands of steps cost more than computing their deadlines."""
    by_case: dict[int, list[LoggedStep]] = {}
    rows = (
        CaseStep.objects.filter(application_id__in=list(application_ids))
        .order_by("application_id", "date", "id")
        .values_list("application_id", "step", "date", "party", "n", "due_date")
    )
    for app_id, step, date, party, n, due_date in rows.iterator(chunk_size=5000):
        by_case.setdefault(app_id, []).append(LoggedStep(Step(step), date, party, n, due_date))
    return by_case


@dataclass(frozen=True)
class Deadlines:
    """Every due date of a case with its explanation, and the consultations outstanding."""

    dues: dict[str, DueDate]
    consultations: dict[str, DueDate] = field(default_factory=dict)
    error: str = ""

    @property
    def answer(self) -> DueDate | None:
        # A custom date of 第三十五条 replaces the statutory one once it is set.
        return self.dues.get("custom") or self.dues.get("answer")

    @property
    def provisional(self) -> bool:
        return any(d.provisional for d in self.dues.values())


def case_deadlines(
    application: Application,
    steps: Iterable[CaseStep | LoggedStep] | None = None,
    calendar: WorkCalendar | None = None,
    policy: HandlingPolicy | None = None,
) -> Deadlines:
    """Derived every time from the log and the calendar; never stored."""
    if application.received_on is None:
        return Deadlines({})
    steps = list(steps if steps is not None else application.steps.all())
    calendar = calendar or work_calendar()
    settings = clock_settings(policy or policy_for(application.agency))
    events = clock_events(logged(steps))
    try:
        return Deadlines(
            deadlines(calendar, events, settings),
            consultation_dues(calendar, events, settings),
        )
    except ClockError as exc:
        return Deadlines({}, error=str(exc))


def visible_cases(user) -> QuerySet[Application]:
    return Application.objects.filter(agency__in=viewable_agencies(user))


def handled_cases(user) -> QuerySet[Application]:
    return Application.objects.filter(agency__in=handled_agencies(user))


# --- the handler's queue -----------------------------------------------------------------


class Urgency:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PAUSED = "paused"
    WAITING = "waiting"  # for the applicant: 补正 or payment
    TO_CONFIRM = "to_confirm"  # online, receipt not confirmed
    IN_TIME = "in_time"


URGENCY_LABELS_ZH = {
    Urgency.OVERDUE: "已超期",
    Urgency.DUE_SOON: "即将到期",
    Urgency.PAUSED: "计时暂停",
    Urgency.WAITING: "等待申请人",
    Urgency.TO_CONFIRM: "待确认收到",
    Urgency.IN_TIME: "期限内",
}
URGENCY_ORDER = list(URGENCY_LABELS_ZH)


@dataclass(frozen=True)
class QueueRow:
    application: Application
    deadlines: Deadlines
    urgency: str
    due: DueDate | None
    working_days_left: int | None

    @property
    def urgency_label(self) -> str:
        return URGENCY_LABELS_ZH[self.urgency]


def _urgency(app: Application, d: Deadlines, on: dt.date, calendar, soon: int):
    due = d.answer
    if app.status == Status.SUBMITTED:
        return Urgency.TO_CONFIRM, None, None
    if app.status == Status.AWAITING_CORRECTION:
        return Urgency.WAITING, d.dues.get("correction_notice"), None
    if due is None:
        return Urgency.IN_TIME, None, None
    if due.date < on:
        return Urgency.OVERDUE, due, -count_working_days(calendar, due.date, on)
    left = count_working_days(calendar, on, due.date)
    if due.paused_since is not None:
        return Urgency.PAUSED, due, left
    if app.status == Status.AWAITING_FEE:
        return Urgency.WAITING, d.dues.get("fee_payment") or due, left
    if left <= soon:
        return Urgency.DUE_SOON, due, left
    return Urgency.IN_TIME, due, left


def queue(
    cases: QuerySet[Application], on: dt.date | None = None, soon: int | None = None
) -> list[QueueRow]:
    """Open cases with their deadlines, most urgent first. One query for the cases and one
    for their steps, whatever the number of cases; the deadlines are computed in Python."""
    on = on or today()
    calendar = work_calendar()
    open_cases = list(cases.filter(status__in=OPEN_STATUSES).select_related("agency", "handler"))
    steps = logged_by_case(app.pk for app in open_cases)
    policies: dict[int, HandlingPolicy] = {}
    rows = []
    for app in open_cases:
        policy = policies.get(app.agency_id)
        if policy is None:
            policy = policies[app.agency_id] = policy_for(app.agency)
        d = case_deadlines(app, steps.get(app.pk, []), calendar, policy)
        window = soon if soon is not None else policy.remind_days_before
        urgency, due, left = _urgency(app, d, on, calendar, window)
        rows.append(QueueRow(app, d, urgency, due, left))
    rows.sort(key=_queue_order)
    return rows


def _queue_order(row: QueueRow) -> tuple:
    """Most urgent first; within a group, the earliest due date."""
    due = row.due.date if row.due else dt.date.max
    return (URGENCY_ORDER.index(row.urgency), due, row.application.pk)


# How long an agency's queue rows may be reused while nothing changed (see data_version):
# an office's reminder window is the one input the version does not see.
QUEUE_CACHE_SECONDS = 300


def data_version(on: dt.date) -> str:
    """What every queue depends on, cheaply: the day, the calendar's stamp, the newest step
    (every change to a case is a step, an assignment too), the newest case and the office
    policies. Three indexed one-row reads instead of every open case's deadlines — which
    for a county of thousands of open cases is seconds (bench/applications.py)."""
    from django.db.models import Max

    from gongkai.calendars.selectors import current_token

    step = CaseStep.objects.aggregate(m=Max("id"))["m"]
    app = Application.objects.aggregate(m=Max("id"))["m"]
    policy = HandlingPolicy.objects.aggregate(m=Max("id"))["m"]
    return f"{on}:{current_token()}:{step}:{app}:{policy}"


def queue_of_agencies(agency_ids: Iterable[int], on: dt.date | None = None) -> list[QueueRow]:
    """``queue`` for whole agencies, each agency's rows cached until anything changes: the
    supervisor's page and the dashboard cards ask for the same agencies again and again."""
    from django.core.cache import cache

    on = on or today()
    version = data_version(on)
    keys = {aid: f"applications.queue:{aid}:{version}" for aid in set(agency_ids)}
    cached = cache.get_many(list(keys.values()))
    rows = [row for aid, key in keys.items() if key in cached for row in cached[key]]
    missing = [aid for aid, key in keys.items() if key not in cached]
    if missing:
        fresh = queue(Application.objects.filter(agency_id__in=missing), on)
        grouped: dict[int, list[QueueRow]] = {aid: [] for aid in missing}
        for row in fresh:
            grouped[row.application.agency_id].append(row)
        cache.set_many({keys[aid]: grouped[aid] for aid in missing}, QUEUE_CACHE_SECONDS)
        rows += fresh
    rows.sort(key=_queue_order)
    return rows


def steps_of(application: Application) -> list[CaseStep]:
    return list(application.steps.select_related("actor").order_by("date", "id"))


def preview_due(agency: Agency, received: dt.date) -> DueDate:
    """The answer date an application received on ``received`` would get: shown on the
    receipt the moment it is registered."""
    policy = policy_for(agency)
    return add_working_days(work_calendar(), received, 20, policy.day_one_is_next_working_day)


# --- year end: tables 三 and 四 from the cases ---------------------------------------------


@dataclass(frozen=True)
class YearTables:
    year: int
    table3: dict[str, dict[str, int]]
    table4: dict[str, dict[str, int]]
    findings: list  # T3-*/T4-* findings of the report checker: empty by construction


def annual_tables(agencies: QuerySet[Agency] | Iterable[Agency], year: int) -> YearTables:
    """Tables 三 and 四 of ``year`` for these agencies, counted from the cases: cases open
    on 31 December carry over (结转下年度) and come back next year as 上年结转."""
    from gongkai.disclosure.counting import (
        AppealRecord,
        CaseRecord,
        as_report,
        expected_format,
        table3,
        table4,
        table_findings,
    )

    from .models import Appeal, ApplicationItem

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Plain rows, not model instances: a county's year is tens of thousands of cases, and
    # building (and prefetching into) an object per case was 90% of compiling its report.
    cases = Application.objects.filter(agency__in=agencies, received_on__lte=end).exclude(
        concluded_on__lt=start
    )
    outcomes: dict[int, list[str]] = {}
    items = ApplicationItem.objects.filter(application__in=cases.values("pk")).order_by(
        "application_id", "position", "id"
    )
    for case_id, outcome in items.values_list("application_id", "outcome"):
        outcomes.setdefault(case_id, []).append(outcome)
    records = []
    rows = cases.values_list("pk", "applicant_type", "received_on", "concluded_on", "status")
    for pk, applicant_type, received_on, concluded_on, status in rows:
        concluded = concluded_on if status in (Status.DECIDED, Status.CLOSED) else None
        records.append(
            CaseRecord(
                case_id=str(pk),
                applicant_column=applicant_type,
                received_on=received_on,
                concluded_on=concluded,
                item_outcomes=tuple(outcomes.get(pk, ())) if concluded else (),
            )
        )
    appeals = [
        AppealRecord(str(a.application_id), a.kind, a.filed_on, a.result, a.decided_on)
        for a in Appeal.objects.filter(application__agency__in=agencies, filed_on__year=year)
    ]
    t3 = table3(records, year, expected_format(year))
    t4 = table4(appeals, year)
    return YearTables(year, t3, t4, table_findings(as_report(t3, t4, year, "")))
