"""manage.py api_token: create, list and revoke API tokens from the server's shell.

The same services as the token page, so the same permission rules and audit entries:
the person named with --as must be one who may create a token for the agency.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.errors import AccountsError
from gongkai.agencies.models import Agency
from gongkai.api import services
from gongkai.api.models import ApiToken


class Command(BaseCommand):
    help = "创建、列出或吊销开放接口的接口令牌"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建令牌（令牌只显示这一次）")
        create.add_argument("--as", dest="username", required=True, help="以哪位人员的身份创建")
        create.add_argument("--agency", required=True, help="单位的网址标识（slug）")
        create.add_argument("--name", required=True, help="令牌名称")
        sub.add_parser("list", help="列出全部令牌")
        revoke = sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("--as", dest="username", required=True, help="以哪位人员的身份吊销")
        revoke.add_argument("token_id", type=int, help="令牌编号（list 中的第一列）")

    def _person(self, username: str):
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"没有用户名为「{username}」的人员")
        return person

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except AccountsError as e:
            raise CommandError(e.message) from e

    def _create(self, *, username: str, agency: str, name: str, **_) -> None:
        found = Agency.objects.filter(slug=agency).first()
        if found is None:
            raise CommandError(f"没有网址标识为「{agency}」的单位")
        token, raw = services.token_create(actor=self._person(username), agency=found, name=name)
        self.stdout.write(
            f"已创建令牌 {token.pk}「{token.name}」，可为「{found.name}」及其下级单位上传。"
        )
        self.stdout.write("令牌只显示这一次，请现在保存：")
        self.stdout.write(raw)

    def _list(self, **_) -> None:
        for t in ApiToken.objects.select_related("agency", "created_by").order_by("id"):
            state = f"已吊销 {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "有效"
            self.stdout.write(
                f"{t.pk}\t{t.prefix}…\t{t.name}\t{t.agency.slug}\t{t.created_by}\t{state}"
            )

    def _revoke(self, *, username: str, token_id: int, **_) -> None:
        token = ApiToken.objects.filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"没有编号为 {token_id} 的令牌")
        services.token_revoke(actor=self._person(username), token=token)
        self.stdout.write(f"已吊销令牌 {token.pk}「{token.name}」")
