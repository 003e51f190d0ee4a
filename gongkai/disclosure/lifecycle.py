"""The life of an application as a log of steps, and what may happen next.

The log is the truth (the idea of the UK Ministry of Justice Correspondence Tool): a case's
status, its open consultations and its clocks are all replayed from the steps recorded so
far, and a new step is allowed only if the replayed state allows it. The status stored on a
case is a copy kept for queries and is always rewritten from this replay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.workdays import Event, EventKind


class Status(StrEnum):
    SUBMITTED = "submitted"  # sent online, receipt not yet confirmed
    OPEN = "open"  # received, being handled
    AWAITING_CORRECTION = "awaiting_correction"  # 补正 requested, clock stopped
    CONSULTING = "consulting"  # third parties or other agencies consulted, clock paused
    AWAITING_FEE = "awaiting_fee"  # fee notice sent, not yet paid
    DECIDED = "decided"  # concluded, the letter not yet delivered
    CLOSED = "closed"  # delivered or withdrawn


STATUS_LABELS_ZH: dict[Status, str] = {
    Status.SUBMITTED: "待确认收到",
    Status.OPEN: "办理中",
    Status.AWAITING_CORRECTION: "等待补正",
    Status.CONSULTING: "征求意见中",
    Status.AWAITING_FEE: "等待缴费",
    Status.DECIDED: "已答复待送达",
    Status.CLOSED: "已办结",
}


class Step(StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    ASSIGNED = "assigned"
    NOTE = "note"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CORRECTION_LAPSED = "correction_lapsed"
    THIRD_PARTY_CONSULTED = "third_party_consulted"
    THIRD_PARTY_REPLIED = "third_party_replied"
    AGENCY_CONSULTED = "agency_consulted"
    AGENCY_REPLIED = "agency_replied"
    EXTENDED = "extended"
    CUSTOM_DUE_SET = "custom_due_set"
    FEE_NOTICE = "fee_notice"
    FEE_PAID = "fee_paid"
    FEE_LAPSED = "fee_lapsed"
    DECIDED = "decided"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"


STEP_LABELS_ZH: dict[Step, str] = {
    Step.SUBMITTED: "提交申请",
    Step.RECEIVED: "登记收到申请",
    Step.ASSIGNED: "指定承办人",
    Step.NOTE: "内部备注",
    Step.CORRECTION_REQUESTED: "告知补正",
    Step.CORRECTION_RECEIVED: "收到补正后的申请",
    Step.CORRECTION_LAPSED: "逾期未补正，不再处理",
    Step.THIRD_PARTY_CONSULTED: "征求第三方意见",
    Step.THIRD_PARTY_REPLIED: "第三方答复意见",
    Step.AGENCY_CONSULTED: "征求其他机关意见",
    Step.AGENCY_REPLIED: "其他机关答复意见",
    Step.EXTENDED: "延长答复期限",
    Step.CUSTOM_DUE_SET: "确定合理的答复期限（第三十五条）",
    Step.FEE_NOTICE: "发出收费通知",
    Step.FEE_PAID: "申请人缴费",
    Step.FEE_LAPSED: "逾期未缴费，不再处理",
    Step.DECIDED: "作出答复",
    Step.DELIVERED: "送达告知书",
    Step.WITHDRAWN: "申请人撤回申请",
}

# Steps that end the handling and the outcome they imply (a table 三 row through the
# outcome registry); DECIDED carries the outcomes of its items instead.
CONCLUDING_OUTCOMES: dict[Step, str] = {
    Step.CORRECTION_LAPSED: "other_no_correction",
    Step.FEE_LAPSED: "other_fee_unpaid",
    Step.WITHDRAWN: "other_misc",
}
CONCLUDING_STEPS = frozenset({Step.DECIDED, *CONCLUDING_OUTCOMES})

# Steps that may be recorded whatever the case's state (while it is not closed).
_ANYTIME = frozenset({Step.ASSIGNED, Step.NOTE})


class StepNotAllowed(ValueError):
    """A step the case's state does not allow; the message is shown to the clerk as is."""


@dataclass(frozen=True)
class LoggedStep:
    """One recorded step as the core needs it: what, on which legal date, with its data.

    ``party`` names who was consulted (several may be consulted at once); ``n`` is an
    extension's working days; ``due_date`` the custom date of 第三十五条.
    """

    step: Step
    date: dt.date
    party: str = ""
    n: int | None = None
    due_date: dt.date | None = None


@dataclass
class CaseState:
    status: Status = Status.SUBMITTED
    submitted: bool = False
    received: dt.date | None = None
    correction_requested: bool = False
    open_consultations: dict[str, dt.date] = field(default_factory=dict)
    extended: bool = False
    custom_due: bool = False
    fee_pending: bool = False
    fee_noticed: bool = False
    concluded_on: dt.date | None = None
    concluding_step: Step | None = None


def replay(steps: Iterable[LoggedStep]) -> CaseState:
    """The state after ``steps``; raises StepNotAllowed on the first step that was not
    allowed (a log is only ever extended through ``check``, so this means tampering or
    a bug)."""
    state = CaseState()
    for logged in steps:
        check(state, logged)
        _apply(state, logged)
    return state


def advance(state: CaseState, logged: LoggedStep) -> CaseState:
    """The state after one more step, refusing a step the state does not allow."""
    check(state, logged)
    new = CaseState(**{**state.__dict__, "open_consultations": dict(state.open_consultations)})
    _apply(new, logged)
    return new


def allowed_steps(state: CaseState) -> list[Step]:
    """What may be recorded next, in the order a clerk would usually do it."""
    return [step for step in Step if _refusal(state, step, party=None) is None]


def check(state: CaseState, logged: LoggedStep) -> None:
    reason = _refusal(state, logged.step, party=logged.party)
    if reason:
        raise StepNotAllowed(reason)
    if state.received and logged.step != Step.NOTE and logged.date < state.received:
        raise StepNotAllowed(
            f"“{STEP_LABELS_ZH[logged.step]}”的日期不能早于收到申请的日期"
            f"（{state.received.isoformat()}）"
        )


def _refusal(state: CaseState, step: Step, party: str | None) -> str | None:
    """Why ``step`` may not be recorded now, or None. ``party`` None asks in general."""
    label = STEP_LABELS_ZH[step]
    s = state.status
    if s == Status.CLOSED:
        return None if step == Step.NOTE else f"本申请已办结，不能再“{label}”"
    if step in _ANYTIME and state.submitted:
        return None
    if step == Step.SUBMITTED:
        return "申请已经提交过" if state.submitted else None
    if not state.submitted:
        return "请先登记申请"
    if step == Step.RECEIVED:
        return None if s == Status.SUBMITTED else "已经登记过收到申请的日期"
    if s == Status.SUBMITTED:
        return None if step == Step.WITHDRAWN else "请先确认收到申请（登记收到日期）"
    if s == Status.DECIDED:
        return None if step == Step.DELIVERED else f"已作出答复，不能再“{label}”"
    if step == Step.DELIVERED:
        return "尚未作出答复，不能送达"
    if step == Step.CORRECTION_REQUESTED:
        if state.correction_requested:
            return "补正应当一次性告知，本申请已经告知过补正"
        if state.open_consultations or state.fee_noticed:
            return "已经开始征求意见或收费，不能再告知补正"
        return None
    if step in (Step.CORRECTION_RECEIVED, Step.CORRECTION_LAPSED):
        return None if s == Status.AWAITING_CORRECTION else "没有等待中的补正"
    if s == Status.AWAITING_CORRECTION:
        allowed = (Step.WITHDRAWN,)
        return None if step in allowed else f"正在等待申请人补正，不能“{label}”"
    if step in (Step.THIRD_PARTY_CONSULTED, Step.AGENCY_CONSULTED):
        if party is not None and not party.strip():
            return "请填写征求意见的对象"
        if party and party in state.open_consultations:
            return f"已在征求“{party}”的意见，尚未答复"
        return None
    if step in (Step.THIRD_PARTY_REPLIED, Step.AGENCY_REPLIED):
        if not state.open_consultations:
            return "没有正在征求意见的对象"
        if party and party not in state.open_consultations:
            return f"没有向“{party}”征求过意见"
        return None
    if step == Step.EXTENDED:
        return "答复期限只能延长一次" if state.extended else None
    if step == Step.CUSTOM_DUE_SET:
        return "已经另行确定过答复期限" if state.custom_due else None
    if step == Step.FEE_NOTICE:
        return "已经发出过收费通知" if state.fee_noticed else None
    if step in (Step.FEE_PAID, Step.FEE_LAPSED):
        return None if state.fee_pending else "没有待缴的信息处理费"
    if step == Step.DECIDED:
        if state.open_consultations:
            return "征求意见尚未结束，请先登记答复意见（或逾期未答复）"
        if state.fee_pending:
            return "信息处理费尚未缴纳，请先登记缴费或逾期未缴费"
        return None
    if step == Step.WITHDRAWN:
        return None
    return f"现在不能“{label}”"


def _apply(state: CaseState, logged: LoggedStep) -> None:
    step, day = logged.step, logged.date
    if step == Step.SUBMITTED:
        state.submitted = True
    elif step == Step.RECEIVED:
        state.received = day
    elif step == Step.CORRECTION_REQUESTED:
        state.correction_requested = True
    elif step in (Step.THIRD_PARTY_CONSULTED, Step.AGENCY_CONSULTED):
        state.open_consultations[logged.party] = day
    elif step in (Step.THIRD_PARTY_REPLIED, Step.AGENCY_REPLIED):
        # A reply without a name closes the only open consultation, if there is one.
        party = logged.party or next(iter(state.open_consultations))
        state.open_consultations.pop(party, None)
    elif step == Step.EXTENDED:
        state.extended = True
    elif step == Step.CUSTOM_DUE_SET:
        state.custom_due = True
    elif step == Step.FEE_NOTICE:
        state.fee_noticed = state.fee_pending = True
    elif step in (Step.FEE_PAID, Step.FEE_LAPSED):
        state.fee_pending = False
    if step in CONCLUDING_STEPS:
        state.concluded_on, state.concluding_step = day, step
    state.status = _status_after(state, step)


def _status_after(state: CaseState, step: Step) -> Status:
    if step in _ANYTIME:
        # A note or an assignment says something about the case; it moves nothing.
        return state.status
    if step == Step.WITHDRAWN or step == Step.DELIVERED:
        return Status.CLOSED
    if step in CONCLUDING_STEPS:
        return Status.DECIDED
    if state.status == Status.SUBMITTED and step != Step.RECEIVED:
        return Status.SUBMITTED
    if step == Step.CORRECTION_REQUESTED:
        return Status.AWAITING_CORRECTION
    if state.open_consultations:
        return Status.CONSULTING
    if state.fee_pending:
        return Status.AWAITING_FEE
    return Status.OPEN


_CLOCK_KINDS: dict[Step, EventKind] = {
    Step.RECEIVED: EventKind.RECEIVED,
    Step.CORRECTION_REQUESTED: EventKind.CORRECTION_REQUESTED,
    Step.CORRECTION_RECEIVED: EventKind.CORRECTION_RECEIVED,
    Step.THIRD_PARTY_CONSULTED: EventKind.CONSULTATION_STARTED,
    Step.AGENCY_CONSULTED: EventKind.CONSULTATION_STARTED,
    Step.THIRD_PARTY_REPLIED: EventKind.CONSULTATION_ENDED,
    Step.AGENCY_REPLIED: EventKind.CONSULTATION_ENDED,
    Step.EXTENDED: EventKind.EXTENDED,
    Step.FEE_NOTICE: EventKind.FEE_NOTICE_RECEIVED,
    Step.FEE_PAID: EventKind.FEE_PAID,
    Step.CUSTOM_DUE_SET: EventKind.CUSTOM_DUE,
}


def clock_events(steps: Iterable[LoggedStep]) -> list[Event]:
    """The steps that move a statutory clock, as the clocks of ``gongkai.workdays`` read them."""
    events = []
    for logged in steps:
        kind = _CLOCK_KINDS.get(logged.step)
        if kind is not None:
            events.append(
                Event(kind, logged.date, n=logged.n, due_date=logged.due_date, party=logged.party)
            )
    return events
