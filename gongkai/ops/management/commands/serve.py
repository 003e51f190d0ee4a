"""`gongkai serve`: the production web server (gunicorn), after checking the database."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from gongkai.ops import server


class Command(BaseCommand):
    help = (
        "启动正式服务：gunicorn 运行 gongkai.wsgi:application，进程数默认为 2×CPU核数+1。"
        "有未执行的数据库迁移时拒绝启动。gunicorn 的其他参数可放在 -- 之后，"
        "或用环境变量 GUNICORN_CMD_ARGS。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            help=f"监听地址（默认：环境变量 GONGKAI_BIND，否则 {server.DEFAULT_BIND}）；"
            "也可以是 unix:/run/gongkai/gunicorn.sock",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="gunicorn 进程数（默认：环境变量 GONGKAI_WORKERS，否则 2×CPU核数+1）",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="不在启动前收集静态文件（静态文件目录只读、或已由部署脚本收集时使用）",
        )
        parser.add_argument(
            "gunicorn_args", nargs="*", metavar="-- GUNICORN参数", help="原样传给 gunicorn"
        )

    def handle(
        self,
        *args,
        bind: str | None,
        workers: int | None,
        no_collectstatic: bool,
        gunicorn_args: list[str],
        **opts,
    ) -> None:
        try:
            count = server.worker_count(workers)
        except ValueError as error:
            raise CommandError(str(error)) from None
        address = server.bind_address(bind)
        try:
            server.ensure_migrated(DEFAULT_DB_ALIAS)
        except server.UnappliedMigrations as error:
            raise CommandError(str(error)) from None
        if not no_collectstatic:
            # After `pip install -U` the new version's CSS and scripts must be in STATIC_ROOT
            # before whitenoise indexes it at start-up; copying only what changed is quick.
            call_command("collectstatic", interactive=False, verbosity=0)
        if settings.DEBUG:
            self.stderr.write(
                "警告：DEBUG=1 打开了调试模式，正式环境中出错时会向访问者显示内部信息。"
            )
        self.stdout.write(
            f"Gongkai 正式服务：{address}，{count} 个进程，数据目录 {settings.DATA_DIR}"
        )
        argv = server.gunicorn_argv(bind=address, workers=count, extra=gunicorn_args)
        server.exec_gunicorn(argv, server.server_environment())
