"""The availability probe on the job queue (`gongkai worker` runs periodic tasks; this module
is imported by InspectionConfig.ready): every 30 minutes, one request to the portal's home
page (see probe.py for how and why)."""

from __future__ import annotations

import logging

from django.db import close_old_connections
from huey import crontab

from gongkai.reports.tasks import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/30"), name="inspection.site_probe")
def site_probe() -> None:
    from .probe import probe

    close_old_connections()  # a worker lives for days; see reports.tasks.run_check
    try:
        row = probe()
    finally:
        close_old_connections()
    if row is not None and not row.ok:
        log.warning("site probe: %s unreachable (%s)", row.url, row.error)
