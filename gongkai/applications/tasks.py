"""The daily deadline reminders on the job queue (`gongkai worker`).

Runs at 08:00 Beijing time and, as a catch-up, at every full hour until 17:00: the
township's office PC that runs the worker is often switched on after eight. Nothing is
mailed twice (reminders.py claims each reminder first), so the later runs only send what
the morning could not.

The worker must run the periodic scheduler for this (``create_consumer(periodic=True)``)
and import this module (ApplicationsConfig.ready does).
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import close_old_connections

from gongkai.reports.tasks import huey

log = logging.getLogger(__name__)

FIRST_HOUR = 8
LAST_HOUR = 17


def is_reminder_time(timestamp: dt.datetime) -> bool:
    """True on a full hour from 08:00 to 17:00 in the site's time zone (Asia/Shanghai).

    Huey hands the scheduler naive UTC times (``utc=True``, its default) or naive local
    ones; either way the hour is read in the site's zone, not the server's."""
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=dt.UTC) if huey.utc else timestamp.astimezone()
    local = timestamp.astimezone(ZoneInfo(settings.TIME_ZONE))
    return local.minute == 0 and FIRST_HOUR <= local.hour <= LAST_HOUR


@huey.periodic_task(is_reminder_time, name="applications.deadline_reminders")
def deadline_reminders() -> None:
    """Send the day's reminders (reminders.send_reminders does the work)."""
    from .reminders import send_reminders

    close_old_connections()  # a worker lives for days; see reports.tasks.run_check
    try:
        outcome = send_reminders()
    finally:
        close_old_connections()
    if not outcome.enabled:
        log.info("deadline reminders: e-mail is not configured, nothing sent")
        return
    log.info(
        "deadline reminders: %s cases, %s mails, %s reminders, %s already sent",
        outcome.cases,
        outcome.mails,
        outcome.reminders,
        outcome.already_sent,
    )
    if outcome.no_address:
        log.warning("deadline reminders: no e-mail address for %s", ", ".join(outcome.no_address))
    if outcome.failed:
        log.warning("deadline reminders: sending failed for %s", ", ".join(outcome.failed))
