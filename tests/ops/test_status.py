"""`gongkai status`: what monitoring needs beyond /healthz, with Nagios-style exit codes."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from gongkai.audit.services import audit_record
from gongkai.ops import status

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("status", "--json", *args, stdout=out)
        code = 0
    except SystemExit as stop:
        code = int(stop.code)
    report = json.loads(out.getvalue())
    return code, {c["name"]: c for c in report["checks"]}


def backup_file(folder: Path, hours_old: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gongkai-backup-20260101-000000.tar.gz"
    path.write_bytes(b"x")
    then = time.time() - hours_old * 3600
    os.utime(path, (then, then))
    return path


def test_a_fresh_installation_without_a_backup_is_a_warning(settings):
    code, checks = run()
    assert code == status.WARNING
    assert (
        checks["备份"]["level"] == status.WARNING and "gongkai backup" in checks["备份"]["detail"]
    )
    assert checks["数据库"]["level"] == status.OK


def test_a_recent_backup_makes_everything_ok(settings):
    backup_file(Path(settings.DATA_DIR) / "backups", hours_old=3)
    code, checks = run()
    assert code == status.OK, checks
    assert checks["备份"]["value"] == pytest.approx(3, abs=0.1)


def test_a_backup_older_than_a_day_is_a_warning(tmp_path):
    backup_file(tmp_path / "elsewhere", hours_old=30)
    code, checks = run("--backups", str(tmp_path / "elsewhere"))
    assert code == status.WARNING and checks["备份"]["level"] == status.WARNING


def test_unapplied_migrations_are_critical(settings):
    backup_file(Path(settings.DATA_DIR) / "backups", hours_old=1)
    MigrationRecorder(connection).record_unapplied("audit", "0002_append_only_triggers")
    code, checks = run()
    assert code == status.CRITICAL and "gongkai migrate" in checks["数据库"]["detail"]


def test_failed_sign_ins_of_the_last_day_are_counted():
    for _ in range(3):
        audit_record(kind="auth.login_failed", actor_name="guess")
    check = status.sign_ins(warn_at=3)
    assert check.value == 3 and check.level == status.WARNING
    assert status.sign_ins(warn_at=4).level == status.OK


def test_a_nearly_full_disk_is_critical(tmp_path):
    assert status.disk(tmp_path, warn_free=0.0, critical_free=0.0).level == status.OK
    assert status.disk(tmp_path, warn_free=1.01, critical_free=1.01).level == status.CRITICAL


def test_the_queue_length_is_reported():
    check = status.queue()
    assert check.name == "任务队列" and isinstance(check.value, int)
