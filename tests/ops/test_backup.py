"""`gongkai backup` and `gongkai restore`: a round trip into a fresh database and files folder
finds every agency, person, audit entry and file, on SQLite and (when DATABASE_URL says so)
on PostgreSQL."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Membership
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import audit_record
from gongkai.ops import backup, demo

# Committed data: pg_dump is another process and sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)

TARGET = "restore_target"
FILES = {
    "reports/2024/示例县青石镇-2024年政府信息公开工作年度报告.pdf": b"%PDF-1.7 fake\n" * 500,
    "reports/2024/empty.txt": b"",
    "notices/公告.docx": bytes(range(256)) * 40,
}


@pytest.fixture
def county(audit_log_flushable, settings) -> dict[str, Path]:
    """The demo county, an audit entry with Chinese text, and uploaded files."""
    demo.build_demo_county()
    audit_record(kind="ops.note", actor_name="测试", note="备份前的最后一条记录：青石镇")
    for name, content in FILES.items():
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return {name: Path(settings.MEDIA_ROOT) / name for name in FILES}


def _pg_admin(settings_dict):
    import psycopg

    return psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def restore_target(tmp_path: Path) -> Iterator[str]:
    """A second, empty database, reachable as connections[TARGET]: a new SQLite file, or a
    new PostgreSQL database made (and dropped afterwards) with psycopg."""
    source = dict(connections["default"].settings_dict)
    created = None
    if connections["default"].vendor == "sqlite":
        config = {**source, "NAME": str(tmp_path / "restored.sqlite3"), "TEST": {}}
    else:
        for tool in ("pg_dump", "pg_restore"):
            if shutil.which(tool) is None:
                pytest.skip(f"{tool} is not installed (Debian: postgresql-client)")
        created = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with _pg_admin(source) as admin:
            admin.execute(f'CREATE DATABASE "{created}"')
        config = {**source, "NAME": created, "TEST": {}}
    # Registered as a connection but not in connections.settings: Django's test case then
    # treats it as dynamically created, allowed in any test, and never flushes it.
    connections.settings[TARGET] = connections.configure_settings(
        {"default": dict(source), TARGET: config}
    )[TARGET]
    connections[TARGET] = connections.create_connection(TARGET)
    del connections.settings[TARGET]
    try:
        yield TARGET
    finally:
        connections[TARGET].close()
        del connections[TARGET]
        if created:
            with _pg_admin(source) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


@pytest.fixture
def archive(county, tmp_path: Path) -> Path:
    path = tmp_path / "out" / "b.tar.gz"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    return path


def restore(archive: Path, settings, tmp_path: Path, *args: str) -> str:
    """Restore into TARGET with a fresh files folder, as on a new PC."""
    settings.MEDIA_ROOT = tmp_path / "new-pc" / "files"
    out = io.StringIO()
    call_command("restore", str(archive), "--database", TARGET, *args, stdout=out)
    return out.getvalue()


def snapshot(using: str) -> dict[str, set]:
    return {
        "agencies": set(
            Agency.objects.using(using).values_list("pk", "name", "slug", "path", "parent_id")
        ),
        "people": set(
            User.objects.using(using).values_list("pk", "username", "password", "system_role")
        ),
        "memberships": set(
            Membership.objects.using(using).values_list("person_id", "agency_id", "role")
        ),
        "audit": set(
            AuditEntry.objects.using(using).values_list("pk", "at", "kind", "actor_name", "note")
        ),
    }


def test_a_restored_backup_has_every_agency_person_audit_entry_and_file(
    archive, restore_target, settings, tmp_path
):
    before = snapshot("default")
    # The entry saying the backup was made is written after the backup, so not in it.
    before["audit"] = {e for e in before["audit"] if e[2] != "ops.backup_created"}
    assert before["agencies"] and before["people"] and before["audit"]
    output = restore(archive, settings, tmp_path)

    after = snapshot(TARGET)
    assert after["agencies"] == before["agencies"]
    assert after["people"] == before["people"]
    assert after["memberships"] == before["memberships"]
    assert before["audit"] <= after["audit"]  # plus the entry recording the restore
    [extra] = after["audit"] - before["audit"]
    assert extra[2] == "ops.restored"
    for name, content in FILES.items():
        assert (settings.MEDIA_ROOT / name).read_bytes() == content
    assert "恢复完成" in output and f"文件 {len(FILES)} 个" in output


def test_the_restored_audit_log_is_still_append_only(archive, restore_target, settings, tmp_path):
    from django.db import DatabaseError

    restore(archive, settings, tmp_path)
    with pytest.raises(DatabaseError), connections[TARGET].cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'rewritten'")


def test_the_manifest_describes_the_backup(archive, county):
    manifest = backup.read_manifest(archive)
    assert manifest["program"] == "gongkai" and manifest["format"] == backup.FORMAT
    assert manifest["database"]["vendor"] == connections["default"].vendor
    assert "audit.0002_append_only_triggers" in manifest["migrations"]
    assert manifest["files"]["count"] == len(FILES)
    assert manifest["created_at"]
    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == "manifest.json"
    assert archive.stat().st_mode & 0o077 == 0  # password hashes: owner only


def test_the_backup_is_in_the_audit_log(archive):
    entry = AuditEntry.objects.get(kind="ops.backup_created")
    assert entry.after["archive"] == archive.name


def test_restore_refuses_a_target_that_is_not_empty(archive, restore_target, settings, tmp_path):
    restore(archive, settings, tmp_path)
    with pytest.raises(CommandError, match="目标不是空的"):
        restore(archive, settings, tmp_path)


def test_force_keeps_a_safety_copy_of_what_it_overwrites(
    archive, restore_target, settings, tmp_path
):
    restore(archive, settings, tmp_path)
    stray = settings.MEDIA_ROOT / "written-after-the-restore.txt"
    stray.write_text("keep me")
    output = restore(archive, settings, tmp_path, "--force")
    assert "恢复前的数据已另存" in output
    assert not stray.exists()
    [moved] = settings.MEDIA_ROOT.parent.glob("files.before-restore-*")
    assert (moved / stray.name).read_text() == "keep me"
    safety = list((Path(settings.DATA_DIR) / "backups").glob("before-restore-*"))
    assert len(safety) == 1
    assert snapshot(TARGET)["agencies"] == snapshot("default")["agencies"]


def _rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` with members changed by change(name, bytes) -> bytes."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return target


def test_a_damaged_archive_is_refused_before_anything_is_touched(
    archive, restore_target, settings, tmp_path
):
    def flip(name: str, data: bytes) -> bytes:
        if name == backup.FILES_MEMBER:
            return data[:-600] + bytes([data[-600] ^ 0xFF]) + data[-599:]
        return data

    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", flip)
    with pytest.raises(CommandError, match="校验失败"):
        restore(damaged, settings, tmp_path)
    assert backup.database_contents(TARGET) == {}
    assert not settings.MEDIA_ROOT.exists()


def test_a_truncated_archive_is_refused(archive, restore_target, settings, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="损坏"):
        restore(cut, settings, tmp_path)


def test_a_backup_from_a_newer_version_is_refused(archive, restore_target, settings, tmp_path):
    def newer(name: str, data: bytes) -> bytes:
        if name == backup.MANIFEST:
            manifest = json.loads(data)
            manifest["migrations"].append("agencies.9999_from_the_future")
            return json.dumps(manifest).encode()
        return data

    future = _rewrite(archive, tmp_path / "future.tar.gz", newer)
    with pytest.raises(CommandError, match="更新版本"):
        restore(future, settings, tmp_path)


def test_check_verifies_an_archive_without_restoring(archive, restore_target, settings, tmp_path):
    output = restore(archive, settings, tmp_path, "--check")
    assert "归档完好" in output and f"文件：{len(FILES)} 个" in output
    assert backup.database_contents(TARGET) == {}


def test_keep_prunes_old_backups_but_never_other_files(county, settings, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20240101-010000", "20240102-010000", "20240103-010000"):
        (folder / f"gongkai-backup-{stamp}.tar.gz").write_bytes(b"old")
    (folder / "notes.txt").write_text("mine")
    (folder / "before-restore-gongkai-backup-20240101-000000.tar.gz").write_bytes(b"x")
    call_command("backup", "--output", str(folder), "--keep", "2", stdout=io.StringIO())
    names = sorted(p.name for p in folder.iterdir())
    assert "notes.txt" in names and "before-restore-gongkai-backup-20240101-000000.tar.gz" in names
    kept = [n for n in names if n.startswith("gongkai-backup-")]
    assert len(kept) == 2 and "gongkai-backup-20240103-010000.tar.gz" in kept


def test_the_default_place_is_the_backups_folder_of_the_data_dir(county, settings):
    call_command("backup", stdout=io.StringIO())
    [made] = (Path(settings.DATA_DIR) / "backups").glob("gongkai-backup-*.tar.gz")
    assert backup.read_manifest(made)["files"]["count"] == len(FILES)
