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


@huey.periodic_task(crontab(hour="2", minute="30"), name="publishing.site_patrol")
def site_patrol() -> None:
    """Nightly, when nobody is publishing: everything public screened again (站点巡查)."""
    from .patrol import patrol

    close_old_connections()
    try:
        result = patrol()
    finally:
        close_old_connections()
    log.info(
        "site patrol: %s items, %s findings (%s new, %s resolved)",
        result.items,
        result.found,
        result.new,
        result.resolved,
    )
