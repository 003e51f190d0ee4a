"""The lifecycle and the clocks agree: any log the lifecycle allows, the clocks can read."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.disclosure.lifecycle import (
    LoggedStep,
    Status,
    Step,
    advance,
    allowed_steps,
    clock_events,
    replay,
)
from gongkai.workdays import WorkCalendar, deadlines

CALENDAR = WorkCalendar.from_chinese_calendar([2026])
PARTIES = ("甲公司", "乙公司", "县自然资源局")


def _step_for(step: Step, day: dt.date, state, draw) -> LoggedStep:
    if step in (Step.THIRD_PARTY_CONSULTED, Step.AGENCY_CONSULTED):
        free = [p for p in PARTIES if p not in state.open_consultations]
        return LoggedStep(step, day, draw(st.sampled_from(free)))
    if step in (Step.THIRD_PARTY_REPLIED, Step.AGENCY_REPLIED):
        return LoggedStep(step, day, draw(st.sampled_from(sorted(state.open_consultations))))
    if step == Step.EXTENDED:
        return LoggedStep(step, day, n=draw(st.integers(1, 20)))
    if step == Step.CUSTOM_DUE_SET:
        return LoggedStep(step, day, due_date=day + dt.timedelta(days=draw(st.integers(1, 90))))
    return LoggedStep(step, day)


@st.composite
def allowed_logs(draw):
    day = dt.date(2026, 1, 5) + dt.timedelta(days=draw(st.integers(0, 200)))
    log = [LoggedStep(Step.SUBMITTED, day), LoggedStep(Step.RECEIVED, day)]
    state = replay(log)
    for _ in range(draw(st.integers(0, 12))):
        choices = [
            s
            for s in allowed_steps(state)
            if s not in (Step.THIRD_PARTY_CONSULTED, Step.AGENCY_CONSULTED)
            or len(state.open_consultations) < len(PARTIES)
        ]
        if not choices:
            break
        day += dt.timedelta(days=draw(st.integers(0, 10)))
        logged = _step_for(draw(st.sampled_from(choices)), day, state, draw)
        state = advance(state, logged)
        log.append(logged)
    return log, state


@settings(max_examples=300, deadline=None)
@given(allowed_logs())
def test_every_log_the_lifecycle_allows_has_deadlines_the_clocks_can_compute(case):
    log, state = case
    result = deadlines(CALENDAR, clock_events(log))
    assert "correction_notice" in result
    # The answer date exists exactly when no 补正 was asked for without the corrected
    # application coming back (awaited, or lapsed: then the case ended without an answer).
    steps = [s.step for s in log]
    uncorrected = Step.CORRECTION_REQUESTED in steps and Step.CORRECTION_RECEIVED not in steps
    assert ("answer" in result) == (not uncorrected)
    assert replay(log) == state  # replaying the log gives the state it was built with


@settings(max_examples=300, deadline=None)
@given(allowed_logs())
def test_a_concluded_case_allows_nothing_but_delivery_notes_and_assignment(case):
    _log, state = case
    if state.status == Status.DECIDED:
        assert set(allowed_steps(state)) == {Step.DELIVERED, Step.NOTE, Step.ASSIGNED}
    if state.status == Status.CLOSED:
        assert allowed_steps(state) == [Step.NOTE]
