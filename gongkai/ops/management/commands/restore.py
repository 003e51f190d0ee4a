"""`gongkai restore ARCHIVE`: bring a backup back into an empty database and files folder."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from gongkai.ops import backup


class Command(BaseCommand):
    help = (
        "从 gongkai backup 的归档恢复数据库和上传的文件。目标数据库和文件夹必须是空的；"
        "--force 时先把现有数据另做一份备份，再覆盖。恢复前请先停止网站和后台任务进程。"
    )
    # The target may be an empty database with no tables yet: checks that read the
    # database (and would fail on it) have no business before a restore.
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="备份归档（gongkai-backup-….tar.gz）")
        parser.add_argument(
            "--force",
            action="store_true",
            help="目标不是空的也恢复（现有数据先备份到数据目录/backups，文件夹改名保留）",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="只校验归档并显示其内容，不恢复",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="数据库别名（默认 default）"
        )

    def handle(self, *args, archive: Path, force: bool, check: bool, database: str, **opts):
        try:
            if check:
                self._check(archive)
                return
            result = backup.restore_backup(
                archive=archive,
                media_root=Path(settings.MEDIA_ROOT),
                using=database,
                force=force,
                safety_dir=Path(settings.DATA_DIR) / "backups",
                say=self.stdout.write,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        if result.safety_backup:
            self.stdout.write(f"恢复前的数据已另存：{result.safety_backup}")
        if result.moved_files:
            self.stdout.write(f"原来的文件夹已改名保留：{result.moved_files}")
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{manifest['created_at']} 的备份（Gongkai {manifest.get('version')}）。"
                f"机构 {counts['agencies']} 个，人员 {counts['people']} 个，"
                f"审计记录 {counts['audit_entries']} 条，文件 {result.files} 个。"
            )
        )
        if result.unapplied:
            self.stdout.write(
                f"备份来自较旧的版本：还有 {len(result.unapplied)} 个数据库迁移未执行。"
                "请运行 gongkai migrate，然后再启动网站。"
            )
        else:
            self.stdout.write("现在可以启动网站和后台任务进程了。")

    def _check(self, archive: Path) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            manifest = backup.extract_verified(archive, Path(tmp))
        self.stdout.write(
            self.style.SUCCESS(
                f"归档完好：{archive}\n"
                f"  时间：{manifest['created_at']}（主机 {manifest.get('host', '')}）\n"
                f"  版本：Gongkai {manifest.get('version')}，Django {manifest.get('django')}\n"
                f"  数据库：{manifest['database']['vendor']}，"
                f"{len(manifest['migrations'])} 个迁移\n"
                f"  文件：{manifest['files']['count']} 个"
            )
        )
