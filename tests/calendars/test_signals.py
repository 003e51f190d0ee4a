"""The on_calendar_changed hook list (no database)."""

import logging

from gongkai.calendars import signals
from gongkai.calendars.signals import (
    CalendarChange,
    calendar_changed,
    on_calendar_changed,
    remove_listener,
)
from gongkai.workdays import WorkCalendar

CHANGE = CalendarChange("saved", 2027, WorkCalendar(), WorkCalendar())


def test_listeners_run_in_registration_order_and_their_sentences_are_collected():
    on_calendar_changed(lambda change: "第一")
    on_calendar_changed(lambda change: None)  # nothing to say: no sentence
    on_calendar_changed(lambda change: f"{change.year} 第二")
    assert calendar_changed(CHANGE) == ["第一", "2027 第二"]


def test_registering_twice_keeps_one_and_the_decorator_returns_the_function():
    def listener(change):
        return "once"

    assert on_calendar_changed(listener) is listener
    on_calendar_changed(listener)
    assert calendar_changed(CHANGE) == ["once"]
    remove_listener(listener)
    assert calendar_changed(CHANGE) == []
    remove_listener(listener)  # forgetting an unknown listener is harmless


def test_a_failing_listener_is_logged_and_the_others_still_run(caplog):
    def broken(change):
        raise RuntimeError("boom")

    on_calendar_changed(broken)
    on_calendar_changed(lambda change: "still told")
    with caplog.at_level(logging.ERROR, logger="gongkai.calendars.signals"):
        assert calendar_changed(CHANGE) == ["still told"]
    assert "boom" in caplog.text


def test_the_fixture_isolates_listeners_per_test():
    assert signals._listeners == []
