"""`gongkai.ops.cli.main` end to end, as a user runs it: a fresh process with its own data
folder (settings read GONGKAI_DATA_DIR and DATABASE_URL when they are imported, so only a
new process can honour a new folder). SQLite only: that is what `gongkai demo` is for."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.ops import cli, demo

REPO = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(\w+)\s+.*\s([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})$", re.M)

CHECK = """
import json
from django.contrib.auth import authenticate
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Membership
from gongkai.audit.models import AuditEntry
from gongkai.reports.models import ReportCheck
accounts = json.loads(%r)
print(json.dumps({
    "signed_in": sorted(u for u, p in accounts.items() if authenticate(username=u, password=p)),
    "agencies": sorted(Agency.objects.values_list("slug", flat=True)),
    "people": User.objects.count(),
    "memberships": Membership.objects.count(),
    "audit": sorted(AuditEntry.objects.values_list("pk", flat=True)),
    "reports": sorted(ReportCheck.objects.values_list("status", "agency__slug", "year")),
}))
"""


def gongkai(data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`gongkai.ops.cli.main(argv)` in a new process whose data folder is `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env["GONGKAI_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "tests.ops.fast_settings"
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    code = "import sys; from gongkai.ops.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=data_dir.parent,
    )


def state(data_dir: Path, accounts: dict[str, str]) -> dict:
    done = gongkai(data_dir, "shell", "-c", CHECK % json.dumps(accounts))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_demo_prepares_a_working_site_in_a_fresh_data_folder_twice_and_backs_it_up(tmp_path):
    data = tmp_path / "data"
    first = gongkai(data, "demo", "--no-serve")
    assert first.returncode == 0, first.stderr
    assert (data / "gongkai.sqlite3").is_file()
    assert (data / "static" / "web" / "vendor" / "htmx.min.js").is_file()
    assert "http://127.0.0.1:8000/" in first.stdout

    second = gongkai(data, "demo", "--no-serve")
    assert second.returncode == 0, second.stderr
    accounts = dict(ROW.findall(second.stdout))
    assert set(accounts) == demo.USERNAMES
    site = state(data, accounts)
    assert site["signed_in"] == sorted(demo.USERNAMES)
    assert site["agencies"] == sorted(slug for slug, *_ in demo.AGENCIES)
    assert site["people"] == len(demo.PEOPLE)
    # The example reports were checked during the demo, each given to its agency.
    assert site["reports"] and all(status == "done" and slug for status, slug, _ in site["reports"])

    # The same folder through backup and restore, as when the office PC is replaced.
    upload = data / "files" / "notices" / "青石镇公告.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("示例", encoding="utf-8")
    archive = tmp_path / "b.tar.gz"
    made = gongkai(data, "backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    new_pc = tmp_path / "new-pc"
    restored = gongkai(new_pc, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    again = state(new_pc, accounts)
    assert again["signed_in"] == site["signed_in"]
    assert again["agencies"] == site["agencies"]
    assert again["reports"] == site["reports"]
    assert set(site["audit"]) < set(again["audit"])
    assert (new_pc / "files" / "notices" / "青石镇公告.txt").read_text("utf-8") == "示例"

    refused = gongkai(new_pc, "restore", str(archive))
    assert refused.returncode != 0 and "目标不是空的" in refused.stderr


def test_serve_refuses_a_database_that_was_never_migrated(tmp_path):
    done = gongkai(tmp_path / "data", "serve")
    assert done.returncode == 1
    assert "gongkai migrate" in done.stderr and "拒绝启动" in done.stderr


def test_a_command_error_is_an_exit_status_not_a_traceback(tmp_path):
    done = gongkai(tmp_path / "data", "restore", str(tmp_path / "nowhere.tar.gz"))
    assert done.returncode == 1
    assert "找不到备份文件" in done.stderr and "Traceback" not in done.stderr


def test_help_lists_the_commands_a_person_types(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("demo", "serve", "createadmin", "backup", "restore", "migrate", "report"):
        assert f"  {name} " in out
    assert cli.main([]) == 2


@pytest.mark.parametrize("argv", [["demo", "--help"], ["serve", "--help"]])
def test_each_command_explains_its_options(tmp_path, argv):
    done = gongkai(tmp_path / "data", *argv)
    assert done.returncode == 0
    assert "--no-serve" in done.stdout or "--workers" in done.stdout
