"""The statutory clocks of 依申请公开, derived from a case's events.

Deadlines are never stored: they are recomputed from the event log and the calendar, so
confirming a year, correcting an event or changing a setting can never leave a stale
second copy behind. Every due date carries its explanation, because a clerk who must
defend a date in a 行政复议 needs to show how it was counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.workdays.calendar import WorkCalendar

ANSWER_DAYS = 20  # 第三十三条
MAX_EXTENSION_DAYS = 20  # 第三十三条: once, at most 20
CORRECTION_NOTICE_DAYS = 7  # 第三十条
THIRD_PARTY_DAYS = 15  # 第三十二条
FEE_PAYMENT_DAYS = 20  # 109号: unpaid 20 working days after receipt of the notice

ONE_DAY = dt.timedelta(days=1)


class ClockError(ValueError):
    """An event log the law does not allow; the message is shown to the clerk as is."""


class EventKind(StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENDED = "extended"
    FEE_NOTICE_RECEIVED = "fee_notice_received"
    FEE_PAID = "fee_paid"
    CUSTOM_DUE = "custom_due"


@dataclass(frozen=True)
class Event:
    """One step of a case that moves a clock. ``n`` is the extension's working days,
    ``due_date`` the custom date of 第三十五条, ``party`` who was consulted (several third
    parties and agencies may be consulted at once)."""

    kind: EventKind
    date: dt.date
    n: int | None = None
    due_date: dt.date | None = None
    party: str = ""


@dataclass(frozen=True)
class ClockSettings:
    """The choices DOMAIN.md leaves to each deployment."""

    # Day 1 is the first working day after the trigger; False: the trigger day itself
    # when it is a working day.
    day_one_is_next_working_day: bool = True
    # Whether the answer clock pauses between the fee notice and the payment.
    fee_pauses_answer_clock: bool = False


@dataclass(frozen=True)
class PausedSpan:
    """A span that does not count; ``end`` is None while it is still running."""

    reason: str
    start: dt.date
    end: dt.date | None
    working_days: int


@dataclass(frozen=True)
class Explanation:
    """How a due date was counted, as data a page or a letter can render."""

    rule: str
    start: dt.date
    n: int
    day_one: dt.date | None = None
    paused_spans: tuple[PausedSpan, ...] = ()
    extension_days: int = 0
    holidays_skipped: tuple[dt.date, ...] = ()
    makeup_days_counted: tuple[dt.date, ...] = ()

    def explain_zh(self) -> str:
        parts = [f"依据{self.rule}，自{_zh(self.start)}起算"]
        if self.day_one is not None:
            parts.append(f"第 1 个工作日为{_zh(self.day_one)}")
        parts.append(f"共计 {self.n} 个工作日")
        for span in self.paused_spans:
            end = _zh(span.end) if span.end else "今"
            parts.append(
                f"{span.reason}（{_zh(span.start)}至{end}）占用的 {span.working_days} 个工作日不计入"
            )
        if self.extension_days:
            parts.append(f"经批准延长 {self.extension_days} 个工作日")
        if self.holidays_skipped:
            parts.append("跳过法定节假日 " + "、".join(_zh(d) for d in self.holidays_skipped))
        if self.makeup_days_counted:
            parts.append("计入调休工作日 " + "、".join(_zh(d) for d in self.makeup_days_counted))
        return "；".join(parts) + "。"


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool
    reason: str | None
    explanation: Explanation
    # Set while a consultation is open: the date shown will still move.
    paused_since: dt.date | None = None

    def explain_zh(self) -> str:
        text = self.explanation.explain_zh() + f"截止日期为{_zh(self.date)}。"
        if self.provisional and self.reason:
            text += f"（暂定：{self.reason}）"
        if self.paused_since:
            text += f"自{_zh(self.paused_since)}起计时暂停，截止日期将顺延。"
        return text


def _zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class _Walk:
    """What walking the calendar saw: kept separate so the caller builds the rule text."""

    date: dt.date
    day_one: dt.date | None
    holidays_skipped: tuple[dt.date, ...]
    makeup_days_counted: tuple[dt.date, ...]
    unconfirmed_years: tuple[int, ...]


def _walk(calendar: WorkCalendar, start: dt.date, n: int, day_one_is_next: bool) -> _Walk:
    if n < 0:
        raise ValueError("工作日数不能为负")
    day = start if not day_one_is_next else start + ONE_DAY
    if n == 0:
        return _Walk(start, None, (), (), ())
    counted = 0
    day_one = None
    holidays: list[dt.date] = []
    makeup: list[dt.date] = []
    unconfirmed: set[int] = set()
    while True:
        working, provisional, holiday, makeup_day = calendar.day(day)
        if provisional:
            unconfirmed.add(day.year)
        if holiday:
            holidays.append(day)
        if working:
            counted += 1
            day_one = day_one or day
            if makeup_day:
                makeup.append(day)
            if counted == n:
                break
        day += ONE_DAY
    return _Walk(day, day_one, tuple(holidays), tuple(makeup), tuple(sorted(unconfirmed)))


def provisional_reason(years: Sequence[int]) -> str | None:
    if not years:
        return None
    return f"{'、'.join(str(y) for y in years)} 年的放假安排尚未录入，暂按周一至周五计算"


def add_working_days(
    calendar: WorkCalendar,
    start: dt.date,
    n: int,
    day_one_is_next_working_day: bool = True,
    *,
    rule: str | None = None,
) -> DueDate:
    """The ``n``-th working day counted from ``start``; day 1 is the first working day
    after ``start`` (or ``start`` itself, when it is a working day and the setting says so).
    """
    walk = _walk(calendar, start, n, day_one_is_next_working_day)
    explanation = Explanation(
        rule=rule or f"{n} 个工作日的期限",
        start=start,
        n=n,
        day_one=walk.day_one,
        holidays_skipped=walk.holidays_skipped,
        makeup_days_counted=walk.makeup_days_counted,
    )
    return _due(walk, explanation)


def _due(walk: _Walk, explanation: Explanation, paused_since: dt.date | None = None) -> DueDate:
    return DueDate(
        date=walk.date,
        provisional=bool(walk.unconfirmed_years),
        reason=provisional_reason(walk.unconfirmed_years),
        explanation=explanation,
        paused_since=paused_since,
    )


def working_days_before(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The working day ``n`` working days before ``day`` (the demo dates its cases back
    from today with it)."""
    while n > 0:
        day -= ONE_DAY
        n -= calendar.is_working_day(day)[0]
    return day


def count_working_days(calendar: WorkCalendar, start: dt.date, end: dt.date) -> int:
    """Working days in ``(start, end]``: how many a span uses up under the day-1 rule."""
    return calendar.working_days_between(start, end)


ANSWER_RULE = "《政府信息公开条例》第三十三条（收到申请之日起 20 个工作日内答复）"
RESTART_RULE = (
    "《政府信息公开条例》第三十条、第三十三条（自收到补正后的申请之日起重新计算 20 个工作日）"
)
CORRECTION_RULE = "《政府信息公开条例》第三十条（收到申请之日起 7 个工作日内一次性告知补正）"
THIRD_PARTY_RULE = (
    "《政府信息公开条例》第三十二条（第三方自收到征求意见书之日起 15 个工作日内提出意见）"
)
FEE_RULE = "国办函〔2020〕109号（收到收费通知之日起 20 个工作日内缴费，逾期视为放弃申请）"
CUSTOM_RULE = "《政府信息公开条例》第三十五条（行政机关另行确定的合理期限）"


@dataclass
class _Case:
    """The clocks' state while replaying the log; private, rebuilt on every call."""

    received: dt.date | None = None
    clock_start: dt.date | None = None
    restarted: bool = False
    awaiting_correction: bool = False
    correction_requested: dt.date | None = None
    pauses: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    # Who is being consulted, since when: the pause runs from the first start to the last
    # reply, because the law stops the clock while *any* consultation is outstanding.
    open_consultations: dict[str, dt.date] = field(default_factory=dict)
    consultations: list[tuple[str, dt.date]] = field(default_factory=list)
    extended_on: dt.date | None = None
    extension_days: int = 0
    fee_notice: dt.date | None = None
    custom_due: dt.date | None = None


def deadlines(
    calendar: WorkCalendar,
    events: Iterable[Event],
    settings: ClockSettings | None = None,
) -> dict[str, DueDate]:
    """Every deadline of a case, by name: ``answer``, ``correction_notice``,
    ``third_party_reply``, ``fee_payment``, ``custom`` — each only when it applies.

    ``answer`` is absent while a 补正 is awaited: its clock has not restarted yet, and a
    date shown then would be wrong either way.
    """
    settings = settings or ClockSettings()
    case = _replay(events, settings)
    if case.received is None:
        raise ClockError("尚未登记收到申请的日期，无法计算期限")
    next_day = settings.day_one_is_next_working_day
    result: dict[str, DueDate] = {
        "correction_notice": add_working_days(
            calendar, case.received, CORRECTION_NOTICE_DAYS, next_day, rule=CORRECTION_RULE
        )
    }
    if not case.awaiting_correction:
        result["answer"] = _answer_due(calendar, case, next_day)
    if case.consultations:
        # The reply that matters most is the one outstanding longest; once all have
        # replied, the last consultation's date is kept for the record.
        started = (
            min(case.open_consultations.values())
            if case.open_consultations
            else case.consultations[-1][1]
        )
        result["third_party_reply"] = add_working_days(
            calendar, started, THIRD_PARTY_DAYS, next_day, rule=THIRD_PARTY_RULE
        )
    if case.fee_notice is not None:
        result["fee_payment"] = add_working_days(
            calendar, case.fee_notice, FEE_PAYMENT_DAYS, next_day, rule=FEE_RULE
        )
    if case.custom_due is not None:
        result["custom"] = _custom_due(calendar, case)
    return result


def _replay(events: Iterable[Event], settings: ClockSettings) -> _Case:
    case = _Case()
    previous: dt.date | None = None
    for event in events:
        if previous is not None and event.date < previous:
            raise ClockError(f"事件应按时间先后记录：{_zh(event.date)}早于{_zh(previous)}")
        previous = event.date
        if event.kind != EventKind.RECEIVED and case.received is None:
            raise ClockError("收到申请之前不能登记其他办理事项")
        _apply(case, event, settings)
    return case


def _apply(case: _Case, event: Event, settings: ClockSettings) -> None:
    kind, day = event.kind, event.date
    if kind == EventKind.RECEIVED:
        if case.received is not None:
            raise ClockError("同一申请只能登记一次收到日期")
        case.received = case.clock_start = day
    elif kind == EventKind.CORRECTION_REQUESTED:
        if case.correction_requested is not None:
            raise ClockError("补正应当一次性告知，本申请已经告知过补正")
        case.correction_requested = day
        case.awaiting_correction = True
    elif kind == EventKind.CORRECTION_RECEIVED:
        if not case.awaiting_correction:
            raise ClockError("未告知补正，不能登记收到补正后的申请")
        # 第三十条: the period is counted afresh; nothing of the old clock carries over.
        case.awaiting_correction = False
        case.clock_start, case.restarted = day, True
        case.pauses = [p for p in case.pauses if p[2] is None]
    elif kind == EventKind.CONSULTATION_STARTED:
        if event.party in case.open_consultations:
            who = f"“{event.party}”" if event.party else "上一次"
            raise ClockError(f"{who}征求意见尚未结束")
        if not case.open_consultations:
            case.pauses.append((CONSULTING, day, None))
        case.open_consultations[event.party] = day
        case.consultations.append((event.party, day))
    elif kind == EventKind.CONSULTATION_ENDED:
        party = event.party
        if not party and len(case.open_consultations) == 1:
            party = next(iter(case.open_consultations))
        if party not in case.open_consultations:
            raise ClockError("尚未登记征求意见，不能登记征求意见结束")
        del case.open_consultations[party]
        if not case.open_consultations:
            _close_pause(case, CONSULTING, day, "尚未登记征求意见，不能登记征求意见结束")
    elif kind == EventKind.EXTENDED:
        _extend(case, event)
    elif kind == EventKind.FEE_NOTICE_RECEIVED:
        case.fee_notice = day
        if settings.fee_pauses_answer_clock:
            case.pauses.append(("等待缴纳信息处理费", day, None))
    elif kind == EventKind.FEE_PAID:
        if settings.fee_pauses_answer_clock:
            _close_pause(case, "等待缴纳信息处理费", day, "尚未登记收费通知，不能登记缴费")
    elif kind == EventKind.CUSTOM_DUE:
        if event.due_date is None:
            raise ClockError("另行确定答复期限时必须填写截止日期")
        case.custom_due = event.due_date


CONSULTING = "征求第三方意见"


def consultation_dues(
    calendar: WorkCalendar,
    events: Iterable[Event],
    settings: ClockSettings | None = None,
) -> dict[str, DueDate]:
    """The reply due date of each consultation still outstanding, by the party consulted."""
    settings = settings or ClockSettings()
    case = _replay(events, settings)
    next_day = settings.day_one_is_next_working_day
    return {
        party: add_working_days(calendar, start, THIRD_PARTY_DAYS, next_day, rule=THIRD_PARTY_RULE)
        for party, start in case.open_consultations.items()
    }


def _close_pause(case: _Case, reason: str, day: dt.date, missing: str) -> None:
    for i in range(len(case.pauses) - 1, -1, -1):
        name, start, end = case.pauses[i]
        if name == reason and end is None:
            case.pauses[i] = (name, start, day)
            return
    raise ClockError(missing)


def _extend(case: _Case, event: Event) -> None:
    if case.extended_on is not None:
        raise ClockError(f"答复期限只能延长一次，本申请已于{_zh(case.extended_on)}延长")
    n = event.n
    if n is None or not 1 <= n <= MAX_EXTENSION_DAYS:
        raise ClockError(f"延长答复期限最长不超过 {MAX_EXTENSION_DAYS} 个工作日")
    case.extended_on, case.extension_days = event.date, n


def _answer_due(calendar: WorkCalendar, case: _Case, next_day: bool) -> DueDate:
    """20 working days, lengthened by every working day spent paused and by the extension.

    A pause that begins after the date already reached does not count: a consultation
    started once the deadline has passed cannot revive an expired clock.
    """
    assert case.clock_start is not None
    start = case.clock_start
    total = ANSWER_DAYS + case.extension_days
    walk = _walk(calendar, start, total, next_day)
    spans: list[PausedSpan] = []
    paused_since = None
    for reason, s, e in case.pauses:
        if s < start or s > walk.date:
            continue
        if e is None:
            paused_since = s
            spans.append(PausedSpan(reason, s, None, 0))
            continue
        used = count_working_days(calendar, s, e)
        spans.append(PausedSpan(reason, s, e, used))
        total += used
        walk = _walk(calendar, start, total, next_day)
    explanation = Explanation(
        rule=RESTART_RULE if case.restarted else ANSWER_RULE,
        start=start,
        n=ANSWER_DAYS,
        day_one=walk.day_one,
        paused_spans=tuple(spans),
        extension_days=case.extension_days,
        holidays_skipped=walk.holidays_skipped,
        makeup_days_counted=walk.makeup_days_counted,
    )
    return _due(walk, explanation, paused_since)


def _custom_due(calendar: WorkCalendar, case: _Case) -> DueDate:
    """A date the office set itself: nothing is counted, but a date in an unconfirmed
    year may still turn out to be a holiday, so it is flagged the same way."""
    assert case.custom_due is not None and case.received is not None
    day = case.custom_due
    years = () if calendar.is_confirmed(day.year) else (day.year,)
    explanation = Explanation(rule=CUSTOM_RULE, start=case.received, n=0)
    return DueDate(day, bool(years), provisional_reason(years), explanation)
