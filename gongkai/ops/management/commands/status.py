"""`gongkai status`: database, job queue, backups, disk and failed sign-ins in one look."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from gongkai.ops import status


class Command(BaseCommand):
    help = (
        "检查运行状况：数据库、任务队列、最近的备份、磁盘空间、登录失败次数。"
        "返回码 0 正常、1 警告、2 严重，可直接用于监控。"
    )
    requires_system_checks: list = []  # must answer even when something is wrong

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="输出 JSON（供监控系统读取）"
        )
        parser.add_argument("--backups", type=Path, help="备份所在文件夹（默认：数据目录/backups）")

    def handle(self, *args, as_json: bool, backups: Path | None, **opts) -> None:
        checks = status.all_checks(backups_folder=backups)
        worst = max(c.level for c in checks)
        if as_json:
            self.stdout.write(_dumps(checks, worst))
        else:
            for check in checks:
                style = {0: self.style.SUCCESS, 1: self.style.WARNING, 2: self.style.ERROR}
                label = style[check.level](f"[{status.LABEL[check.level]}]")
                self.stdout.write(f"{label} {check.name}：{check.detail}")
        if worst:
            raise SystemExit(worst)


def _dumps(checks: list[status.Check], worst: int) -> str:
    return json.dumps(
        {
            "status": worst,
            "checks": [
                {"name": c.name, "level": c.level, "detail": c.detail, "value": c.value}
                for c in checks
            ],
        },
        ensure_ascii=False,
    )
