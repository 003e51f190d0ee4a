"""Background work: the job queue, and the report check that runs on it.

Huey, because it runs the same code in both places the platform lives:

* on the township's one office PC, ``SqliteHuey`` keeps the queue in a file in the data
  folder next to the database — no extra server to install or keep running;
* in production, with ``GONGKAI_REDIS_URL`` set, ``RedisHuey`` shares one queue between
  the web processes and any number of workers on other machines.

The configuration is read from Django settings with ``getattr`` so that a settings module
without these names still works (the defaults are the office PC's):

  GONGKAI_REDIS_URL        redis://host:6379/0 — use Redis instead of the SQLite file
  GONGKAI_HUEY_IMMEDIATE   run tasks at once, in-process (tests; a demo without a worker)
  GONGKAI_HUEY_FILE        the SQLite queue file (default DATA_DIR/huey.sqlite3)

``gongkai worker`` (``manage.py worker``) runs the consumer.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from huey import Huey, RedisHuey, SqliteHuey

log = logging.getLogger(__name__)


def make_huey() -> Huey:
    """The queue this deployment uses (see the module docstring)."""
    immediate = bool(getattr(settings, "GONGKAI_HUEY_IMMEDIATE", False))
    redis_url = getattr(settings, "GONGKAI_REDIS_URL", None)
    if redis_url is None:
        redis_url = os.environ.get("GONGKAI_REDIS_URL", "")
    # results=False: nothing reads task results (the check writes its own), and stored
    # results would only grow the queue file.
    if redis_url:
        try:
            import redis  # noqa: F401
        except ImportError as e:
            raise ImproperlyConfigured(
                "设置了 GONGKAI_REDIS_URL，但没有安装 redis 包：pip install 'redis>=5'"
            ) from e
        return RedisHuey("gongkai", url=redis_url, results=False, immediate=immediate)
    path = Path(
        getattr(settings, "GONGKAI_HUEY_FILE", None) or Path(settings.DATA_DIR) / "huey.sqlite3"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("gongkai", filename=str(path), results=False, immediate=immediate)


huey = make_huey()


@huey.task()
def run_check(check_id: int) -> None:
    """Read and check one uploaded report (services.check_run does the work).

    In the worker, database connections are closed around the task as Django does around
    a request: a worker lives for days, and a connection the database dropped meanwhile
    must not fail the next check. In immediate mode the task runs inside a request (or a
    test's transaction) whose connection is not ours to close.
    """
    from .services import check_run

    own_connections = not huey.immediate
    if own_connections:
        close_old_connections()
    try:
        check_run(check_id=check_id)
    finally:
        if own_connections:
            close_old_connections()


def enqueue_check(check_id: int) -> None:
    """Queue a check. Called through ``transaction.on_commit`` so that a worker never
    looks for a row that is not committed yet (or never will be)."""
    try:
        run_check(check_id)
    except Exception:  # noqa: BLE001 — the check stays "queued"; 重新检查 queues it again
        log.exception("could not queue report check %s", check_id)
