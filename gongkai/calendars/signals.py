"""A tiny hook list: who wants to hear that the working-day calendar changed.

Deadlines are never stored, so nothing needs recomputing when a year is saved or
confirmed. What does need doing is *telling the user what moved*: the applications app
registers a function that compares its open cases' due dates under `change.before` and
`change.after` and returns a sentence such as "3 件在办申请的答复期限已调整". The
sentences are shown after the write.

A plain list rather than a Django signal: listeners return text the page shows, and the
order they were registered in is the order the sentences appear.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.workdays import WorkCalendar

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalendarChange:
    """What a listener gets: the year written, how, by whom, and the whole calendar before
    and after (immutable WorkCalendars, so a listener can compute deadlines under both)."""

    kind: str  # "saved" or "confirmed"
    year: int
    before: WorkCalendar
    after: WorkCalendar
    actor: object = None
    at: dt.datetime | None = None


Listener = Callable[[CalendarChange], str | None]
_listeners: list[Listener] = []


def on_calendar_changed(fn: Listener) -> Listener:
    """Register `fn` to be called after every committed calendar write (usable as a
    decorator; registering the same function twice keeps one)."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def remove_listener(fn: Listener) -> None:
    """Forget `fn` (for tests, and for an app that registers one only temporarily)."""
    if fn in _listeners:
        _listeners.remove(fn)


def calendar_changed(change: CalendarChange) -> list[str]:
    """Call every listener in order and collect the sentences they return.

    Called after the write has committed: a listener's failure is logged and skipped, since
    the calendar *has* changed and the person who changed it must still be told so.
    """
    notes: list[str] = []
    for fn in list(_listeners):
        try:
            note = fn(change)
        except Exception:
            logger.exception("calendar-changed listener %r failed", fn)
            continue
        if note:
            notes.append(str(note))
    return notes
