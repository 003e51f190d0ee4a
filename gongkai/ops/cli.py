"""The Django half of the ``gongkai`` command: ``demo``, ``serve``, ``backup``, ``migrate`` …

``gongkai/cli.py`` owns the engine's commands (``gongkai report …``), which must start
instantly and never need a database. Everything else a user types is a Django management
command and comes here, so that ``gongkai migrate``, ``gongkai worker`` and
``gongkai createadmin`` behave exactly like ``manage.py`` does — with no ``manage.py`` for a
township clerk to find.

Settings read the environment at import (GONGKAI_DATA_DIR, DATABASE_URL), so Django is set up
here, once, after the caller has chosen its environment.
"""

from __future__ import annotations

import contextlib
import os
import sys

# The commands a person is expected to type, with what `gongkai --help` may say about them.
# Every other Django management command (migrate, shell, check, collectstatic …) works too.
SUMMARY: dict[str, str] = {
    "demo": "在本机建立示例县并启动网站（http://127.0.0.1:8000/），打印各角色的账号和密码",
    "serve": "启动正式服务（gunicorn，进程数按 CPU 核数）；有未执行的数据库迁移时拒绝启动",
    "createadmin": "新建一名系统管理员（首次登录须修改密码）",
    "backup": "备份数据库和上传的文件到一个归档（网站运行时也可以做）",
    "restore": "从备份归档恢复到空数据库和空文件夹，并校验完整性",
    "migrate": "升级数据库结构（每次升级软件后运行）",
    "worker": "启动后台任务进程（批量检查年报、定时发布、夜间站点巡查、到期提醒）",
    "reindex": "重建全文检索索引（升级软件或从备份恢复后运行）",
}


def help_text() -> str:
    """The list printed by `gongkai` alone or `gongkai help` (Django's own list is 40 lines
    of developer commands; a clerk needs seven)."""
    width = max(len(name) for name in SUMMARY)
    lines = ["用法：gongkai 命令 [选项]", "", "常用命令："]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in SUMMARY.items()]
    lines += [
        f"  {'report'.ljust(width)}  检查、导出、比较政府信息公开工作年度报告（不需要数据库）",
        "",
        "每个命令的选项：gongkai 命令 --help；全部管理命令：gongkai help --commands",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run one Django management command, e.g. ``main(["demo", "--no-serve"])``.

    Returns the exit status instead of exiting, so the ``gongkai`` dispatcher and tests can
    call it directly.
    """
    argv = list(argv)
    if not argv:  # a mistake, like any command-line tool without its command
        print(help_text(), file=sys.stderr)
        return 2
    if argv in (["help"], ["-h"], ["--help"]):
        print(help_text())
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django
    from django.core.management import ManagementUtility

    django.setup()
    try:
        ManagementUtility(["gongkai", *argv]).execute()
    except SystemExit as stop:  # Django exits on errors and after --help
        if stop.code is None:
            return 0
        return stop.code if isinstance(stop.code, int) else 1
    except KeyboardInterrupt:
        print("\n已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `gongkai demo | head`: the reader left; say nothing more
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":  # `python -m gongkai.ops.cli worker`: used by `gongkai demo`
    sys.exit(main(sys.argv[1:]))
