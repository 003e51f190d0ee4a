"""The periodic publisher on the job queue (`gongkai worker`): every five minutes it
publishes the approved revisions whose scheduled time has come (services.publish_due does
the work and writes the audit entries). The worker runs periodic tasks and imports this
module through PublishingConfig.ready."""

from __future__ import annotations

import logging

from django.db import close_old_connections
from huey import crontab

from gongkai.reports.tasks import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*/5"), name="publishing.publish_scheduled")
def publish_scheduled() -> None:
    from .services import publish_due

    close_old_connections()  # a worker lives for days; see reports.tasks.run_check
    try:
        published = publish_due()
    finally:
        close_old_connections()
    if published:
        log.info("scheduled publishing: %s items published", len(published))
