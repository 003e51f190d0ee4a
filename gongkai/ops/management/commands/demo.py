"""`gongkai demo`: a working site with a fictional county on this PC, in one command."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from gongkai.ops import demo, server
from gongkai.ops.demo_yearreports import build_demo_yearreports

EXAMPLE_REPORTS = Path(__file__).resolve().parents[4] / "examples" / "reports"
DEMO_BIND = "127.0.0.1:8000"
DEMO_WORKERS = 2  # one office PC: enough for a few people trying it, light on memory


class Command(BaseCommand):
    help = (
        "建立示例县（政务公开办、五个乡镇街道、每个角色一人）并在 http://127.0.0.1:8000/ 启动网站。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="只准备数据库和静态文件，不启动网站"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库里已有不属于演示的数据时仍然继续（会把示例县和演示账号加进去）",
        )
        parser.add_argument(
            "--bind",
            default=DEMO_BIND,
            help=f"网站监听地址（默认 {DEMO_BIND}；8000 端口被占用时可换一个，如 127.0.0.1:8080）",
        )
        parser.add_argument(
            "--reports",
            type=Path,
            default=EXAMPLE_REPORTS,
            help=f"要上传的示例年度报告所在文件夹（默认：{EXAMPLE_REPORTS}）",
        )

    def handle(self, *args, no_serve: bool, force: bool, bind: str, reports: Path, **opts) -> None:
        database = DEFAULT_DB_ALIAS
        connection = connections[database]
        foreign = demo.foreign_data(database)
        if foreign and not force:
            where = (
                connection.settings_dict["NAME"]
                if connection.vendor == "sqlite"
                else f"PostgreSQL 数据库「{connection.settings_dict['NAME']}」"
            )
            raise CommandError(
                f"{where} 里已有数据（{'；'.join(foreign)}），看起来是在用的数据库。\n"
                "演示会加入示例县和一批公开了密码的演示账号（包括系统管理员），"
                "所以不在这里运行。\n"
                "请换一个空的数据文件夹运行演示，例如：\n"
                "  GONGKAI_DATA_DIR=./demo-data gongkai demo\n"
                "确实要加入时，加上 --force。"
            )
        if connection.vendor == "sqlite":
            self.stdout.write(f"演示数据库：{connection.settings_dict['NAME']}")
        else:
            self.stdout.write(f"演示数据库：{connection.vendor} {connection.settings_dict['NAME']}")

        self.stdout.write("正在建立或升级数据库结构……")
        call_command("migrate", database=database, interactive=False, verbosity=0)

        self.stdout.write("正在建立示例县和演示账号……")
        result = demo.build_demo_county()
        self.stdout.write(
            f"示例县：新建 {result.agencies_created} 个机构、{result.people_created} 个账号、"
            f"{result.memberships_created} 个岗位（已有的保持不变）。"
        )
        _uploaded, note = demo.upload_example_reports(reports)
        self.stdout.write(note)
        self.stdout.write(demo.build_demo_applications())
        self.stdout.write(demo.build_demo_publishing())
        self.stdout.write(build_demo_yearreports())

        self.stdout.write("正在收集静态文件……")
        call_command("collectstatic", interactive=False, verbosity=0)

        url = f"http://{bind}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"网站地址：{url}"))
        self.stdout.write("")
        self.stdout.write("演示账号（密码只显示这一次；再次运行 gongkai demo 会换新密码）：")
        self.stdout.write("")
        self.stdout.write(demo.format_accounts(result.accounts))
        self.stdout.write("")
        self.stdout.write(
            "为方便演示，这些账号首次登录不要求修改密码；正式使用时新账号都必须先改密码。\n"
            "这是虚构的示例县，请不要在正式环境使用这些账号。"
        )
        if no_serve:
            self.stdout.write("")
            self.stdout.write(
                f"已准备好。启动网站：再运行 gongkai demo（同时启动后台任务进程），"
                f"或分别运行 gongkai serve --bind {bind} 和 gongkai worker。"
            )
            return
        self.stdout.write("")
        self.stdout.write(f"正在启动网站（{url}），按 Ctrl+C 停止。")
        self.stdout.flush()
        for conn in connections.all():
            conn.close()  # the servers are other processes; this one only waits
        code = run_demo_servers(bind)
        if code:
            raise CommandError(
                f"网站进程退出，返回码 {code}（端口 {bind} 可能已被占用：可用 --bind 换一个）。",
                returncode=code,
            )


def run_demo_servers(bind: str) -> int:  # pragma: no cover - starts real servers; see tests/ops
    """Run gunicorn, and the background worker when the platform has one, until Ctrl+C.

    The demo is one command in one terminal, so both run as children of this process and
    stop together; in production they are separate systemd units (docs/deploy.md)."""
    env = server.server_environment()
    children: list[subprocess.Popen] = []
    # GONGKAI_HUEY_IMMEDIATE runs jobs inside the web processes: no worker then.
    inline = bool(getattr(settings, "GONGKAI_HUEY_IMMEDIATE", False))
    if "worker" in get_commands() and not inline:
        children.append(
            subprocess.Popen([sys.executable, "-m", "gongkai.ops.cli", "worker"], env=env)
        )
    web = subprocess.Popen(server.gunicorn_argv(bind=bind, workers=DEMO_WORKERS), env=env)
    children.append(web)

    def stop(*_args) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
        print("网站已停止。", file=sys.stderr)
