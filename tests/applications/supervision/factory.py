"""Cases for the supervision, card and reminder tests, made through the services on a
frozen date (DOMAIN.md's 2026 calendar: received 2026-09-18 → answer due 2026-10-22)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.calendars import selectors as calendar_selectors
from gongkai.disclosure.receipt import Channel

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = dt.date(2026, 9, 18)
ANSWER_DUE = dt.date(2026, 10, 22)


def travel(day: dt.date, hour: int = 10) -> time_machine.travel:
    """The clock frozen on ``day`` in Beijing time (the services' "today")."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def fresh_calendar() -> None:
    """The calendar cache is keyed by a stamp row that each test's rollback restores: a
    calendar written by an earlier test must not be served to this one."""
    calendar_selectors.clear_cache()


def make_case(
    actor,
    agency,
    *,
    received: dt.date = RECEIVED,
    applicant_type: str = "natural_person",
    handler=None,
) -> Application:
    """A case registered on its day of receipt (in person), optionally assigned."""
    with travel(received):
        app, _secret = services.application_register(
            actor=actor,
            agency=agency,
            intake=services.Intake(
                applicant_type=applicant_type,
                applicant_name="王秀英",
                description="某村2025年土地征收补偿安置方案",
            ),
            channel=Channel.IN_PERSON,
            received_on=received,
        )
        if handler is not None:
            services.application_assign(actor=actor, application=app, handler=handler)
    app.refresh_from_db()
    return app
