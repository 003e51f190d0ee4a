"""Backups: the database and the uploaded files, consistent, in one archive with a manifest.

A township's one PC has no database administrator. `gongkai backup` must be safe to run from
cron while people are working, and `gongkai restore` must bring everything back on a new PC
after the old one died, or refuse clearly — never half-restore over live data.

The archive (``gongkai-backup-YYYYmmdd-HHMMSS.tar.gz``) holds:

- ``manifest.json`` — format, Gongkai and Django versions, time, database vendor, the
  migrations applied, the file count, and the sha256 of the two members below;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site writes)
  or ``database.pgdump`` (``pg_dump --format=custom``: one snapshot of the whole database);
- ``files.tar`` — everything under MEDIA_ROOT.

The database is copied first and the files second: a file uploaded in between is an extra
file after a restore, which is harmless; the other order could lose a file the database
refers to.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
FILES_MEMBER = "files.tar"
ARCHIVE_PREFIX = "gongkai-backup-"
ARCHIVE_SUFFIX = ".tar.gz"

# Tables `migrate` fills by itself: a database holding rows only there is still empty.
_MIGRATE_FILLS = {"django_migrations", "django_content_type", "auth_permission"}

Say = Callable[[str], None]


class BackupError(Exception):
    """Backup or restore cannot go on; the message tells the user why and what to do."""


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    safety_backup: Path | None = None
    moved_files: Path | None = None
    unapplied: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Backup


def default_archive_name(now: datetime | None = None) -> str:
    now = timezone.localtime(now or timezone.now())
    return f"{ARCHIVE_PREFIX}{now:%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"


def create_backup(
    *,
    output: Path,
    media_root: Path,
    using: str = DEFAULT_DB_ALIAS,
    say: Say = lambda _msg: None,
) -> tuple[Path, dict[str, Any]]:
    """Write one archive. `output` is the archive's path, or a folder to put it in with a
    dated name. Returns the path and the manifest."""
    output = Path(output)
    if output.is_dir() or str(output).endswith(os.sep):
        output = output / default_archive_name()
    output.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持备份 {vendor} 数据库（只支持 SQLite 和 PostgreSQL）。")

    # Work beside the final archive (same disk, so the final rename is atomic and a large
    # database does not fill a small /tmp); a half-written backup never has the final name.
    with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=output.parent) as tmp:
        work = Path(tmp)
        migrations = applied_migrations(using)
        if vendor == "sqlite":
            say("正在复制数据库（SQLite 在线备份）……")
            db_member = SQLITE_MEMBER
            _sqlite_backup(using, work / db_member)
        else:
            say("正在导出数据库（pg_dump）……")
            db_member = POSTGRES_MEMBER
            _pg_dump(using, work / db_member)
        say("正在打包上传的文件……")
        count, size = _tar_folder(media_root, work / FILES_MEMBER)

        manifest = {
            "format": FORMAT,
            "program": "gongkai",
            "version": _version("gongkai"),
            "django": _version("django"),
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "host": socket.gethostname(),
            "database": {
                "vendor": vendor,
                "member": db_member,
                "bytes": (work / db_member).stat().st_size,
                "sha256": sha256_file(work / db_member),
            },
            "migrations": migrations,
            "files": {
                "member": FILES_MEMBER,
                "count": count,
                "bytes": size,
                "sha256": sha256_file(work / FILES_MEMBER),
            },
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        partial = work / "archive.partial"
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            for member in (MANIFEST, db_member, FILES_MEMBER):
                archive.add(work / member, arcname=member)
        # The archive holds password hashes and every unpublished document.
        partial.chmod(0o600)
        os.replace(partial, output)
    return output, manifest


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives Gongkai named in `folder` (never other files)."""
    archives = sorted(
        p for p in folder.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if p.is_file()
    )  # the dated names sort by time
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sqlite_backup(using: str, target: Path) -> None:
    """SQLite's online backup API copies a consistent snapshot even while other processes
    write (WAL mode lets them go on); copying the file with cp could catch a half-written
    page or miss what is still in the -wal file."""
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(destination)
        check = destination.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"数据库副本自检未通过（{check}），备份中止。请检查磁盘。")
    finally:
        destination.close()


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's environment variables, so the password never appears in the process list."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(settings_dict["OPTIONS"]["sslmode"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：备份和恢复 PostgreSQL 数据库需要 PostgreSQL 客户端工具，"
            f"且版本不低于数据库服务器。Debian：apt-get install postgresql-client\n"
            f"{name} not found: install the PostgreSQL client tools (postgresql-client)."
        )
    return path


def _pg_dump(using: str, target: Path) -> None:
    """pg_dump reads the whole database in one snapshot: consistent while the site runs."""
    settings_dict = connections[using].settings_dict
    command = [_pg_tool("pg_dump"), "--format=custom", f"--file={target}", settings_dict["NAME"]]
    _run(command, _pg_env(settings_dict), "pg_dump")


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} 失败（返回码 {done.returncode}）：\n{done.stderr.strip()}")


def _tar_folder(folder: Path, target: Path) -> tuple[int, int]:
    """Tar every regular file under `folder` (relative names, sorted, so two backups of the
    same files are alike). Returns (file count, total bytes)."""
    count = size = 0
    with tarfile.open(target, "w") as tar:
        if not folder.is_dir():
            return 0, 0
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                if path.is_symlink() or not path.is_file():
                    continue  # uploads are regular files; a link could point anywhere
                tar.add(path, arcname=path.relative_to(folder).as_posix(), recursive=False)
                count += 1
                size += path.stat().st_size
    return count, size


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return ""


# ---------------------------------------------------------------------------------------------
# Restore


def read_manifest(archive: Path) -> dict[str, Any]:
    """The manifest alone, to show what an archive holds before restoring it."""
    with _open_archive(archive) as tar:
        return _load_manifest(tar, next(iter(tar), None))


def _open_archive(archive: Path) -> tarfile.TarFile:
    """A stream over the archive: each member is read once, in order, however large the
    archive is (the manifest is written first for this reason)."""
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    try:
        return tarfile.open(archive, "r|*")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{archive.name} 不是 Gongkai 备份归档，或已损坏：{error}") from None


def _load_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo | None) -> dict[str, Any]:
    manifest = None
    if member is not None and member.name == MANIFEST and member.isfile():
        try:
            handle = tar.extractfile(member)
            manifest = json.loads(handle.read().decode("utf-8")) if handle else None
        except (ValueError, tarfile.TarError, OSError):
            manifest = None
    if not isinstance(manifest, dict) or manifest.get("program") != "gongkai":
        raise BackupError("归档开头没有有效的 manifest.json：不是 Gongkai 备份，或已损坏。")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"备份格式 {manifest.get('format')} 是更新版本的 Gongkai 写的，本程序只认识格式 "
            f"{FORMAT}。请先升级 Gongkai 再恢复。"
        )
    return manifest


def extract_verified(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack the database and files members into `into`, checking each against the
    manifest's sha256 — a backup copied over a flaky USB stick must not be restored."""
    try:
        with _open_archive(archive) as tar:
            members = iter(tar)
            manifest = _load_manifest(tar, next(members, None))
            expected = {
                manifest["database"]["member"]: manifest["database"]["sha256"],
                manifest["files"]["member"]: manifest["files"]["sha256"],
            }
            seen: set[str] = set()
            for member in members:
                if member.name not in expected or member.name in seen or not member.isfile():
                    raise BackupError(f"归档里有不应有的内容「{member.name}」，拒绝恢复。")
                seen.add(member.name)
                source = tar.extractfile(member)
                digest = hashlib.sha256()
                with open(into / member.name, "wb") as out:
                    for block in iter(lambda src=source: src.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
                if digest.hexdigest() != expected[member.name]:
                    raise BackupError(
                        f"校验失败：{member.name} 的 sha256 与清单不符，备份已损坏，拒绝恢复。\n"
                        "Checksum mismatch: the archive is damaged."
                    )
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(f"{archive.name} 读到一半出错，备份已损坏：{error}") from None
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"归档不完整，缺少：{'、'.join(sorted(missing))}。")
    return manifest


def database_contents(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per table, leaving out what `migrate` writes by itself: empty means {}."""
    connection = connections[using]
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in _MIGRATE_FILLS:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            n = cursor.fetchone()[0]
            if n:
                found[table] = n
    return found


def folder_file_count(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(len(files) for _root, _dirs, files in os.walk(folder))


def restore_backup(
    *,
    archive: Path,
    media_root: Path,
    using: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    safety_dir: Path | None = None,
    say: Say = lambda _msg: None,
) -> RestoreResult:
    """Bring an archive back into an empty database and an empty files folder.

    With `force`, whatever is there is first saved: the database and files into a safety
    backup in `safety_dir`, and the files folder moved aside — a restore started on the
    wrong machine can itself be undone."""
    archive = Path(archive)
    connection = connections[using]
    media_root = Path(media_root)
    work_parent = media_root.parent
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".gongkai-restore-", dir=work_parent) as tmp:
        work = Path(tmp)
        say(f"正在校验备份 {archive.name} ……")
        manifest = extract_verified(archive, work)
        result = RestoreResult(manifest=manifest)

        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"这是 {vendor} 数据库的备份，目标却是 {connection.vendor} 数据库。"
                "不同数据库之间不能直接恢复。"
            )
        newer = _unknown_migrations(manifest.get("migrations", []))
        if newer and not force:
            raise BackupError(
                "备份来自更新版本的 Gongkai（有本程序不认识的数据库迁移："
                f"{'、'.join(newer[:5])}）。请先把 Gongkai 升级到 {manifest.get('version')} "
                "或更新版本再恢复。"
            )

        occupied = database_contents(using)
        files_there = folder_file_count(media_root)
        if (occupied or files_there) and not force:
            what = []
            if occupied:
                rows = sum(occupied.values())
                what.append(f"数据库里已有 {rows} 行数据（{len(occupied)} 张表）")
            if files_there:
                what.append(f"文件夹 {media_root} 里已有 {files_there} 个文件")
            raise BackupError(
                "目标不是空的：" + "；".join(what) + "。\n"
                "恢复会覆盖这些数据。请恢复到新的数据库和数据文件夹；"
                "确实要覆盖时加上 --force（会先把现有数据另做一份备份）。\n"
                "The target database or files folder is not empty; use --force to overwrite."
            )
        if occupied or files_there:
            folder = safety_dir or work_parent / "backups"
            say("目标不是空的：先把现有数据另做一份备份……")
            result.safety_backup, _ = create_backup(
                output=folder / f"before-restore-{default_archive_name()}",
                media_root=media_root,
                using=using,
            )

        say("正在恢复数据库……")
        if vendor == "sqlite":
            _sqlite_restore(using, work / manifest["database"]["member"])
        else:
            _pg_restore(using, work / manifest["database"]["member"])

        say("正在恢复上传的文件……")
        if files_there:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            result.moved_files = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
            media_root.rename(result.moved_files)
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(work / manifest["files"]["member"]) as files:
            # The "data" filter refuses absolute paths, "..", devices and links leaving the folder.
            files.extractall(media_root, filter="data")
        result.files = folder_file_count(media_root)
        if result.files != manifest["files"]["count"]:
            raise BackupError(
                f"恢复后文件数（{result.files}）与清单（{manifest['files']['count']}）不符。"
            )

    result.counts = _counts(using)
    from gongkai.ops.server import unapplied_migrations

    result.unapplied = unapplied_migrations(using)
    if not result.unapplied:
        _audit_restore(using, archive, manifest)
    return result


def _unknown_migrations(names: list[str]) -> list[str]:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return [name for name in names if name not in known]


def _sqlite_restore(using: str, source: Path) -> None:
    """Copy the backup into the target through the backup API as well: it takes SQLite's
    locks, replaces every page and leaves no stale -wal file behind, unlike copying files."""
    connection = connections[using]
    connection.ensure_connection()
    src = sqlite3.connect(source)
    try:
        with connection.wrap_database_errors:
            src.backup(connection.connection)
    finally:
        src.close()
    connection.close()  # forget anything cached about the old schema


def _pg_restore(using: str, source: Path) -> None:
    """Drop what the target has (only reached when empty or with --force), then pg_restore
    in one transaction: it either restores everything or nothing."""
    connection = connections[using]
    tool = _pg_tool("pg_restore")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
        cursor.execute("DROP FUNCTION IF EXISTS audit_append_only() CASCADE")
    connection.close()
    settings_dict = connection.settings_dict
    command = [
        tool,
        "--no-owner",  # the new server's user owns everything, whoever owned it before
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={settings_dict['NAME']}",
        str(source),
    ]
    _run(command, _pg_env(settings_dict), "pg_restore")


def _counts(using: str) -> dict[str, int]:
    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency
    from gongkai.audit.models import AuditEntry

    return {
        "agencies": Agency.objects.using(using).count(),
        "people": User.objects.using(using).count(),
        "audit_entries": AuditEntry.objects.using(using).count(),
    }


def _audit_restore(using: str, archive: Path, manifest: dict[str, Any]) -> None:
    """The restore itself goes into the restored log, so the log explains the jump in time."""
    from gongkai.audit.models import AuditEntry

    AuditEntry.objects.db_manager(using).create(
        kind="ops.restored",
        actor_name="gongkai restore（服务器命令行）",
        after={
            "archive": archive.name,
            "created_at": manifest.get("created_at"),
            "version": manifest.get("version"),
            "files": manifest["files"]["count"],
        },
        note=f"从备份 {archive.name}（{manifest.get('created_at')}）恢复",
    )
