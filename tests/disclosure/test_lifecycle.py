"""The lifecycle of a case: what may follow what, replayed from the log."""

import datetime as dt

import pytest

from gongkai.disclosure.lifecycle import (
    LoggedStep,
    Status,
    Step,
    StepNotAllowed,
    advance,
    allowed_steps,
    clock_events,
    replay,
)
from gongkai.workdays import EventKind

D = dt.date


def log(*steps: tuple) -> list[LoggedStep]:
    return [LoggedStep(step, date, *rest) for step, date, *rest in steps]


RECEIVED = log((Step.SUBMITTED, D(2026, 9, 18)), (Step.RECEIVED, D(2026, 9, 18)))


def test_an_online_application_waits_for_its_receipt_to_be_confirmed():
    state = replay(log((Step.SUBMITTED, D(2026, 9, 18))))
    assert state.status == Status.SUBMITTED
    assert set(allowed_steps(state)) == {Step.RECEIVED, Step.WITHDRAWN, Step.ASSIGNED, Step.NOTE}
    with pytest.raises(StepNotAllowed, match="请先确认收到申请"):
        advance(state, LoggedStep(Step.DECIDED, D(2026, 9, 20)))


def test_a_correction_stops_everything_but_the_corrected_application_lapse_or_withdrawal():
    state = replay([*RECEIVED, LoggedStep(Step.CORRECTION_REQUESTED, D(2026, 9, 21))])
    assert state.status == Status.AWAITING_CORRECTION
    assert set(allowed_steps(state)) == {
        Step.CORRECTION_RECEIVED,
        Step.CORRECTION_LAPSED,
        Step.WITHDRAWN,
        Step.ASSIGNED,
        Step.NOTE,
    }
    with pytest.raises(StepNotAllowed, match="等待申请人补正"):
        advance(state, LoggedStep(Step.DECIDED, D(2026, 9, 22)))


def test_a_correction_is_asked_for_once_only():
    state = replay(
        [
            *RECEIVED,
            LoggedStep(Step.CORRECTION_REQUESTED, D(2026, 9, 21)),
            LoggedStep(Step.CORRECTION_RECEIVED, D(2026, 9, 24)),
        ]
    )
    assert state.status == Status.OPEN
    with pytest.raises(StepNotAllowed, match="一次性告知"):
        advance(state, LoggedStep(Step.CORRECTION_REQUESTED, D(2026, 9, 25)))


def test_the_case_is_consulting_until_every_party_has_replied_and_cannot_be_decided_before():
    state = replay(
        [
            *RECEIVED,
            LoggedStep(Step.THIRD_PARTY_CONSULTED, D(2026, 9, 21), "甲公司"),
            LoggedStep(Step.AGENCY_CONSULTED, D(2026, 9, 22), "县自然资源局"),
            LoggedStep(Step.THIRD_PARTY_REPLIED, D(2026, 9, 24), "甲公司"),
        ]
    )
    assert state.status == Status.CONSULTING
    assert list(state.open_consultations) == ["县自然资源局"]
    with pytest.raises(StepNotAllowed, match="征求意见尚未结束"):
        advance(state, LoggedStep(Step.DECIDED, D(2026, 9, 25)))
    with pytest.raises(StepNotAllowed, match="没有向“乙公司”征求过意见"):
        advance(state, LoggedStep(Step.THIRD_PARTY_REPLIED, D(2026, 9, 25), "乙公司"))
    done = advance(state, LoggedStep(Step.AGENCY_REPLIED, D(2026, 9, 28), "县自然资源局"))
    assert done.status == Status.OPEN


def test_an_extension_is_granted_once():
    state = replay([*RECEIVED, LoggedStep(Step.EXTENDED, D(2026, 10, 12), n=10)])
    with pytest.raises(StepNotAllowed, match="只能延长一次"):
        advance(state, LoggedStep(Step.EXTENDED, D(2026, 10, 13), n=5))


def test_a_fee_must_be_settled_before_the_decision():
    state = replay([*RECEIVED, LoggedStep(Step.FEE_NOTICE, D(2026, 9, 25))])
    assert state.status == Status.AWAITING_FEE
    with pytest.raises(StepNotAllowed, match="信息处理费尚未缴纳"):
        advance(state, LoggedStep(Step.DECIDED, D(2026, 9, 28)))
    assert advance(state, LoggedStep(Step.FEE_PAID, D(2026, 9, 28))).status == Status.OPEN
    lapsed = advance(state, LoggedStep(Step.FEE_LAPSED, D(2026, 10, 26)))
    assert lapsed.status == Status.DECIDED and lapsed.concluded_on == D(2026, 10, 26)


def test_a_decided_case_is_closed_by_delivery_and_then_only_takes_notes():
    state = replay([*RECEIVED, LoggedStep(Step.DECIDED, D(2026, 10, 9))])
    assert state.status == Status.DECIDED and state.concluded_on == D(2026, 10, 9)
    assert set(allowed_steps(state)) == {Step.DELIVERED, Step.ASSIGNED, Step.NOTE}
    closed = advance(state, LoggedStep(Step.DELIVERED, D(2026, 10, 10)))
    assert closed.status == Status.CLOSED
    assert allowed_steps(closed) == [Step.NOTE]


def test_a_step_cannot_be_dated_before_the_receipt():
    state = replay(RECEIVED)
    with pytest.raises(StepNotAllowed, match="不能早于收到申请的日期"):
        advance(state, LoggedStep(Step.EXTENDED, D(2026, 9, 1), n=5))


def test_advance_leaves_the_earlier_state_untouched():
    state = replay(RECEIVED)
    advance(state, LoggedStep(Step.THIRD_PARTY_CONSULTED, D(2026, 9, 21), "甲公司"))
    assert state.open_consultations == {} and state.status == Status.OPEN


def test_only_the_steps_that_move_a_clock_reach_the_clocks():
    events = clock_events(
        [
            *RECEIVED,
            LoggedStep(Step.NOTE, D(2026, 9, 19)),
            LoggedStep(Step.AGENCY_CONSULTED, D(2026, 9, 21), "县自然资源局"),
            LoggedStep(Step.EXTENDED, D(2026, 10, 12), n=10),
        ]
    )
    assert [(e.kind, e.party, e.n) for e in events] == [
        (EventKind.RECEIVED, "", None),
        (EventKind.CONSULTATION_STARTED, "县自然资源局", None),
        (EventKind.EXTENDED, "", 10),
    ]


@pytest.mark.parametrize("step", [Step.NOTE, Step.ASSIGNED])
def test_a_note_or_an_assignment_never_changes_the_status(step):
    waiting = [*RECEIVED, LoggedStep(Step.CORRECTION_REQUESTED, D(2026, 9, 21))]
    assert replay([*waiting, LoggedStep(step, D(2026, 9, 22))]).status == Status.AWAITING_CORRECTION
    decided = [*RECEIVED, LoggedStep(Step.DECIDED, D(2026, 10, 9))]
    assert replay([*decided, LoggedStep(step, D(2026, 10, 12))]).status == Status.DECIDED
    consulting = [*RECEIVED, LoggedStep(Step.THIRD_PARTY_CONSULTED, D(2026, 9, 21), "甲公司")]
    assert replay([*consulting, LoggedStep(step, D(2026, 9, 22))]).status == Status.CONSULTING
