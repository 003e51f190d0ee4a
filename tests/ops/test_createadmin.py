"""`gongkai createadmin`: the first 系统管理员, who must change the password at first sign-in."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.accounts.models import SystemRole, User
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = "Qingshi-Town-2026"


def test_an_administrator_is_created_from_the_options_and_must_change_the_password():
    out = io.StringIO()
    call_command("createadmin", "--username", "wangli", "--password", GOOD,
                 "--display-name", "王丽", stdout=out)  # fmt: skip
    person = User.objects.get(username="wangli")
    assert person.system_role == SystemRole.SYSTEM_ADMIN
    assert person.must_change_password is True
    assert person.display_name == "王丽"
    assert authenticate(username="wangli", password=GOOD) == person
    assert "首次登录时必须修改密码" in out.getvalue()
    entry = AuditEntry.objects.get(kind="person.created")
    assert entry.object_id == str(person.pk) and entry.after["system_role"] == "system_admin"


@pytest.mark.parametrize(
    ("password", "why"),
    [("short1A", "太短"), ("alllowercaseletters", "至少"), ("wangli-Admin-2026", "用户名")],
)
def test_a_password_that_breaks_the_rules_is_refused(password, why):
    with pytest.raises(CommandError, match=why):
        call_command("createadmin", "--username", "wangli", "--password", password)
    assert not User.objects.filter(username="wangli").exists()


def test_an_existing_username_is_refused():
    User.objects.create_user("wangli", password=GOOD)
    with pytest.raises(CommandError, match="已经有人使用"):
        call_command("createadmin", "--username", "wangli", "--password", GOOD)


def test_the_password_can_come_from_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    call_command("createadmin", "--username", "wangli", "--password-stdin", stdout=io.StringIO())
    assert authenticate(username="wangli", password=GOOD) is not None


def test_without_a_terminal_the_missing_answers_are_a_clear_error(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="没有终端"):
        call_command("createadmin", "--username", "wangli")


def test_interactively_the_password_is_asked_twice_until_it_is_good(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter(["wangli", "王丽"])
    passwords = iter(["weak", "weak", GOOD, "typo", GOOD, GOOD])
    monkeypatch.setattr("builtins.input", lambda _prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(passwords))
    err = io.StringIO()
    call_command("createadmin", stdout=io.StringIO(), stderr=err)
    assert "不合要求" in err.getvalue() and "不一致" in err.getvalue()
    assert authenticate(username="wangli", password=GOOD).display_name == "王丽"
