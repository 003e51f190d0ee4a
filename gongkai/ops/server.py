"""Starting the web server: gunicorn, the worker count, and the checks before it starts.

Django's runserver is a development tool (one thread of debugging, static files from the
source tree); even the demo on an office PC runs gunicorn, so what a county tries tonight is
what it will run tomorrow.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

DEFAULT_BIND = "127.0.0.1:8000"


class UnappliedMigrations(Exception):
    """The code expects a newer database than the one it would serve."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(unapplied_message(names))


def cpu_count() -> int:
    """Cores this process may use (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(requested: int | None = None, *, cores: int | None = None) -> int:
    """gunicorn's rule of thumb, 2 × cores + 1: while one process waits on the database or the
    disk, another uses the core. --workers, then GONGKAI_WORKERS, override it."""
    if requested is None:
        env = os.environ.get("GONGKAI_WORKERS", "").strip()
        if env:
            try:
                requested = int(env)
            except ValueError:
                raise ValueError(f"GONGKAI_WORKERS 必须是正整数，现在是「{env}」") from None
    if requested is not None:
        if requested < 1:
            raise ValueError(f"进程数必须至少为 1，现在是 {requested}")
        return requested
    return 2 * (cores if cores is not None else cpu_count()) + 1


def bind_address(requested: str | None = None) -> str:
    """--bind, then GONGKAI_BIND, then 127.0.0.1:8000 (only this machine: a site is opened to
    the network on purpose, behind nginx, never by default)."""
    return requested or os.environ.get("GONGKAI_BIND", "").strip() or DEFAULT_BIND


def unapplied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations the code has and the database has not, as "app.name"."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def unapplied_message(names: Sequence[str]) -> str:
    shown = "、".join(names[:5]) + ("……" if len(names) > 5 else "")
    return (
        f"数据库结构比程序旧：还有 {len(names)} 个数据库迁移未执行（{shown}），拒绝启动。\n"
        "请先运行：gongkai migrate（升级前请先备份：gongkai backup）\n"
        f"The database is behind the code: {len(names)} unapplied migration(s); "
        "refusing to start. Run `gongkai migrate` first."
    )


def ensure_migrated(using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse to serve a database older than the code: half the pages would fail with
    'no such column' errors, and a user would see them before the administrator did."""
    names = unapplied_migrations(using)
    if names:
        raise UnappliedMigrations(names)


def gunicorn_argv(*, bind: str, workers: int, extra: Sequence[str] = ()) -> list[str]:
    """The gunicorn command line. It runs through this interpreter (`python -m gunicorn`) so
    the virtual environment's gunicorn and Gongkai are used whatever PATH says (systemd's PATH
    does not include .venv/bin)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        # One access-log line per request on stdout: journald (or the terminal) keeps it.
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # A long report upload or an export must not be killed at gunicorn's default 30 s.
        "--timeout",
        "120",
        "--graceful-timeout",
        "30",
        *_no_control_socket(),
        *extra,
    ]


def _no_control_socket() -> list[str]:
    """Recent gunicorn opens a control socket in the user's home directory: two instances on
    one PC (the demo and a service) would fight over it, and a service user may have no home.
    Nothing here uses it. Older gunicorn has no such option, so ask before passing it."""
    try:
        from gunicorn.config import KNOWN_SETTINGS
    except ImportError:  # pragma: no cover
        return []
    known = {flag for setting in KNOWN_SETTINGS for flag in (setting.cli or [])}
    return ["--no-control-socket"] if "--no-control-socket" in known else []


def server_environment() -> dict[str, str]:
    """The environment for the server: the caller's, with the data folder made absolute, so
    the server finds the same database even if it were started from another directory."""
    from django.conf import settings

    env = dict(os.environ)
    env["GONGKAI_DATA_DIR"] = str(settings.DATA_DIR)
    env.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    return env


def exec_gunicorn(
    argv: list[str], env: dict[str, str]
) -> None:  # pragma: no cover - replaces the process
    """Become gunicorn (systemd then supervises gunicorn itself, and signals reach it
    directly). Tests replace this function."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(argv[0], argv, env)
