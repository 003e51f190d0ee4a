"""`gongkai backup`: database and uploaded files, consistently, into one archive."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from gongkai.audit.services import audit_record
from gongkai.ops import backup


class Command(BaseCommand):
    help = (
        "备份数据库和上传的文件到一个归档（默认放在数据目录的 backups 文件夹）。"
        "网站运行时也可以备份。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="归档文件名，或存放归档的文件夹（默认：数据目录/backups/）",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="备份完成后，该文件夹中只保留最新的 N 份 Gongkai 备份（默认 0：全部保留）",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="数据库别名（默认 default）"
        )

    def handle(self, *args, output: Path | None, keep: int, database: str, **opts) -> None:
        target = output or Path(settings.DATA_DIR) / "backups"
        if output is None:
            target.mkdir(parents=True, exist_ok=True)
        try:
            path, manifest = backup.create_backup(
                output=target,
                media_root=Path(settings.MEDIA_ROOT),
                using=database,
                say=self.stdout.write,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if database == DEFAULT_DB_ALIAS:
            audit_record(
                kind="ops.backup_created",
                actor_name="gongkai backup（服务器命令行）",
                after={
                    "archive": path.name,
                    "files": manifest["files"]["count"],
                    "sha256": backup.sha256_file(path),
                },
                note=f"备份到 {path}",
            )
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{path}（{_human(size)}；数据库 {manifest['database']['vendor']}，"
                f"{len(manifest['migrations'])} 个迁移；文件 {manifest['files']['count']} 个）"
            )
        )
        if keep:
            for old in backup.prune_backups(path.parent, keep):
                self.stdout.write(f"已删除较早的备份：{old.name}")
        self.stdout.write(
            "请定期把备份复制到另一台电脑或移动硬盘：只放在本机的备份，随本机一起丢失。"
        )


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
