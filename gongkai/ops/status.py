"""Health of an installation, for a person or a monitoring system (`gongkai status`).

/healthz says a web process answers; it cannot say that last night's backup failed, that
the disk is nearly full or that the report queue has stopped moving. Those are what take a
township's site down weeks later, so one command gathers them, with the exit status
monitoring plug-ins expect (0 正常, 1 警告, 2 严重).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError
from django.utils import timezone

OK, WARNING, CRITICAL = 0, 1, 2
LABEL = {OK: "正常", WARNING: "警告", CRITICAL: "严重"}


@dataclass(frozen=True)
class Check:
    name: str
    level: int
    detail: str
    value: float | int | str | None = None


def database(using: str = DEFAULT_DB_ALIAS) -> Check:
    from gongkai.ops.server import unapplied_migrations

    try:
        pending = unapplied_migrations(using)
    except DatabaseError as error:
        return Check("数据库", CRITICAL, f"无法连接：{error}")
    if pending:
        return Check(
            "数据库", CRITICAL, f"{len(pending)} 个迁移未执行：运行 gongkai migrate", len(pending)
        )
    return Check("数据库", OK, "可以连接，结构是最新的", 0)


def queue(warn_at: int = 50) -> Check:
    """Jobs waiting. A few is normal after an upload; a number that only grows means no
    worker is running."""
    try:
        from gongkai.reports.tasks import huey
    except ImportError:
        return Check("任务队列", OK, "本版本没有后台任务")
    try:
        pending = huey.pending_count()
    except Exception as error:  # noqa: BLE001 — Redis down, file unreadable: say so, go on
        return Check("任务队列", CRITICAL, f"无法读取队列：{error}")
    level = WARNING if pending >= warn_at else OK
    hint = "（是否有 gongkai worker 在运行？）" if level else ""
    return Check("任务队列", level, f"{pending} 个任务等待执行{hint}", pending)


def backups(folder: Path | None = None, max_age_hours: float = 26) -> Check:
    """The newest archive `gongkai backup` wrote here, and its age (a nightly backup is at
    most 24 hours old, plus slack for a slow night)."""
    from gongkai.ops.backup import ARCHIVE_PREFIX, ARCHIVE_SUFFIX

    folder = folder or Path(settings.DATA_DIR) / "backups"
    archives = sorted(folder.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}")) if folder.is_dir() else []
    if not archives:
        return Check("备份", WARNING, f"{folder} 里还没有备份：运行 gongkai backup")
    newest = max(archives, key=lambda p: p.stat().st_mtime)
    age = (timezone.now().timestamp() - newest.stat().st_mtime) / 3600
    level = WARNING if age > max_age_hours else OK
    return Check("备份", level, f"最新备份 {newest.name}，{age:.1f} 小时前", round(age, 1))


def disk(path: Path | None = None, warn_free: float = 0.10, critical_free: float = 0.03) -> Check:
    path = path or Path(settings.DATA_DIR)
    while not path.exists():
        path = path.parent
    usage = shutil.disk_usage(path)
    free = usage.free / usage.total if usage.total else 0
    level = CRITICAL if free < critical_free else WARNING if free < warn_free else OK
    return Check(
        "磁盘",
        level,
        f"数据目录所在磁盘剩余 {usage.free / 2**30:.1f} GB（{free:.0%}）",
        round(free, 3),
    )


def sign_ins(hours: int = 24, warn_at: int = 50) -> Check:
    """Failed sign-ins recorded in the audit log. Many in a day is someone guessing
    passwords; the audit log viewer shows from where."""
    from gongkai.accounts.models import User
    from gongkai.audit.models import AuditEntry

    since = timezone.now() - timedelta(hours=hours)
    failed = AuditEntry.objects.filter(kind="auth.login_failed", at__gte=since).count()
    locked = User.objects.filter(locked_until__gt=timezone.now()).count()
    level = WARNING if failed >= warn_at else OK
    return Check(
        "登录失败",
        level,
        f"最近 {hours} 小时 {failed} 次登录失败，{locked} 个账号锁定中",
        failed,
    )


def all_checks(*, backups_folder: Path | None = None) -> list[Check]:
    checks = [database()]
    if checks[0].level != CRITICAL:
        checks.append(sign_ins())
    checks += [queue(), backups(backups_folder), disk()]
    return checks
