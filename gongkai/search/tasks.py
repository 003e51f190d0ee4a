"""The periodic safety net on the job queue (`gongkai worker`): every ten minutes the
index is reconciled with what is public (index.sync), whatever the publishing hooks did or
missed. Queries never depend on it for safety: they join back to public_items."""

from __future__ import annotations

import logging

from django.db import close_old_connections
from huey import crontab

from gongkai.reports.tasks import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/10"), name="search.sync_index")
def sync_index() -> None:
    from .index import sync

    close_old_connections()  # a worker lives for days; see reports.tasks.run_check
    try:
        result = sync()
    finally:
        close_old_connections()
    if result.added or result.removed:
        log.info(
            "search index sync: %s added or refreshed, %s removed", result.added, result.removed
        )
