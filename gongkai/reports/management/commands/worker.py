"""``gongkai worker``: run the background job consumer (report checks, …).

On one PC the queue is a SQLite file in the data folder; in production every worker on
every machine reads the same Redis queue (GONGKAI_REDIS_URL). Checks are CPU-bound
(reading PDFs), so several workers are processes, not threads.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "运行后台任务进程：检查上传的年度报告等（按 Ctrl+C 停止）"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "-w",
            "--workers",
            type=int,
            default=int(getattr(settings, "GONGKAI_WORKERS", 1)),
            help="同时运行的任务数（默认 1；多核服务器可设为 CPU 核数）",
        )
        parser.add_argument(
            "-k",
            "--worker-type",
            choices=("thread", "process"),
            default=None,
            help="thread 或 process（默认：1 个任务用 thread，多个用 process）",
        )

    def handle(self, *args, workers: int, worker_type: str | None, **options) -> None:
        from gongkai.reports.tasks import huey

        if workers < 1:
            raise CommandError("--workers 至少为 1")
        if huey.immediate:
            raise CommandError(
                "GONGKAI_HUEY_IMMEDIATE 已开启：任务在网页进程中立即执行，不需要后台任务进程"
            )
        kind = worker_type or ("process" if workers > 1 else "thread")
        logger = logging.getLogger("huey")
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False  # the root logger would print every line twice
        # Worker processes are forked: none may inherit the parent's database connection.
        connections.close_all()
        storage = type(huey.storage).__name__
        self.stdout.write(f"后台任务进程已启动：{workers} 个 {kind}，队列 {storage}")
        consumer = huey.create_consumer(workers=workers, worker_type=kind, periodic=True)
        consumer.run()
