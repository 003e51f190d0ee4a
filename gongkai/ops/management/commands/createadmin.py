"""`gongkai createadmin`: the first 系统管理员, made on the server's command line.

Whoever installs Gongkai needs one person who can then create everyone else on the web
pages. Nobody can do that on the web before the first administrator exists, so it is done
here, by the person with access to the server — and that person must change the password at
first sign-in, like every other new account.
"""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import SystemRole, User
from gongkai.audit.services import audit_record

ACTOR_NAME = "gongkai createadmin（服务器命令行）"


class Command(BaseCommand):
    help = "新建一名系统管理员（首次登录必须修改密码）。不带参数时逐项询问。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="用户名")
        parser.add_argument("--display-name", default="", help="姓名（可选）")
        parser.add_argument(
            "--password",
            help="初始密码（注意：会留在命令历史和进程列表中；更稳妥的是不带此项，按提示输入）",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="从标准输入读取初始密码（供部署脚本使用）",
        )

    def handle(
        self,
        *args,
        username: str | None,
        display_name: str,
        password: str | None,
        password_stdin: bool,
        **opts,
    ) -> None:
        interactive = username is None or (password is None and not password_stdin)
        if interactive and not sys.stdin.isatty():
            raise CommandError(
                "没有终端可以询问：请用 --username 和 --password（或 --password-stdin）给出。"
            )
        if username is None:
            username = input("用户名：").strip()
        self._check_username(username)
        if not display_name and interactive:
            display_name = input("姓名（可留空）：").strip()
        person = User(username=username, display_name=display_name)

        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        if password is not None:
            self._validate(password, person)
        else:
            password = self._ask_password(person)

        with transaction.atomic():
            person.system_role = SystemRole.SYSTEM_ADMIN
            person.must_change_password = True
            person.set_password(password)
            person.password_changed_at = timezone.now()
            person.save()
            audit_record(
                kind="person.created",
                actor_name=ACTOR_NAME,
                obj=person,
                after={
                    "username": person.username,
                    "display_name": person.display_name,
                    "system_role": person.system_role,
                    "must_change_password": True,
                },
                note="在服务器命令行创建系统管理员",
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建系统管理员「{username}」。首次登录时必须修改密码；"
                "之后可在网页上添加其他人员和岗位。"
            )
        )

    def _check_username(self, username: str) -> None:
        if not username:
            raise CommandError("用户名不能为空。")
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError as error:
            raise CommandError("用户名不合要求：" + "；".join(error.messages)) from None
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户名「{username}」已经有人使用。")

    def _validate(self, password: str, person: User) -> None:
        try:
            validate_password(password, user=person)
        except ValidationError as error:
            raise CommandError("密码不合要求：" + "；".join(error.messages)) from None

    def _ask_password(self, person: User) -> str:
        for _attempt in range(3):
            first = getpass.getpass("初始密码：")
            second = getpass.getpass("再输入一次：")
            if first != second:
                self.stderr.write("两次输入的密码不一致，请重新输入。")
                continue
            try:
                validate_password(first, user=person)
            except ValidationError as error:
                self.stderr.write("密码不合要求：" + "；".join(error.messages))
                continue
            return first
        raise CommandError("三次都没有输入合格的密码，已放弃。")
