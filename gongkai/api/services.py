"""Writes of the API app: create and revoke tokens, find the token of a request, and
upload a report with a token.

The upload goes through ``gongkai.reports.services.upload_create`` — the very function
behind the upload form — so content sniffing, size limits, duplicate detection and the
check queue are the same whichever way a report arrives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import AccountsError, InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record
from gongkai.reports import intake
from gongkai.reports import services as reports_services
from gongkai.reports.models import UploadBatch

from . import permissions
from .models import ApiToken

#: Every token starts with this, so that a token pasted where it does not belong (a log,
#: a repository) is recognisable by secret scanners and by people.
TOKEN_PREFIX = "gk_"
# last_used_at is bookkeeping, not evidence: written at most once a minute per token so a
# busy client does not turn every read into a write.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


class TokenRefused(AccountsError):
    """No token, an unknown one or a revoked one: the API answers 401."""


class TooManyUploads(AccountsError):
    """The token has used up its uploads for the hour: the API answers 429."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_create(*, actor, agency: Agency, name: str, request=None) -> tuple[ApiToken, str]:
    """A new token for ``agency``; returns the row and the token itself, which is shown
    this once and never stored."""
    name = (name or "").strip()
    if not name:
        raise InvalidChange(_("请填写令牌名称（例如“县公文系统”），以便日后辨认。"))
    if len(name) > 100:
        raise InvalidChange(_("令牌名称不能超过 100 个字。"))
    with transaction.atomic():
        permissions.require_create_token(actor, agency)
        raw = _new_secret()
        token = ApiToken.objects.create(
            name=name,
            agency=agency,
            digest=token_digest(raw),
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            created_by=actor,
        )
        audit_record(
            kind="api.token_created",
            actor=actor,
            agency=agency,
            obj=token,
            after={"name": name, "agency": agency.name, "prefix": token.prefix},
            request=request,
        )
    return token, raw


def token_revoke(*, actor, token: ApiToken, request=None) -> ApiToken:
    """Stop a token at once; it stays in the list (and the log) as revoked."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("agency").get(pk=token.pk)
        permissions.require_revoke_token(actor, token)
        if token.revoked_at is not None:
            raise InvalidChange(_("这个令牌已经吊销了。"))
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            kind="api.token_revoked",
            actor=actor,
            agency=token.agency,
            obj=token,
            before={"revoked": False},
            after={"revoked": True, "name": token.name, "prefix": token.prefix},
            request=request,
        )
    return token


def token_use(raw: str | None) -> ApiToken:
    """The active token ``raw`` stands for, noting when it was used; ``TokenRefused``
    with a Chinese message otherwise."""
    raw = (raw or "").strip()
    if not raw:
        raise TokenRefused(_("缺少接口令牌：请在请求头中加上 Authorization: Bearer <令牌>。"))
    token = (
        ApiToken.objects.select_related("agency", "created_by")
        .filter(digest=token_digest(raw))
        .first()
    )
    if token is None:
        raise TokenRefused(_("接口令牌无效：请检查令牌是否完整，或向管理员重新申请。"))
    if token.revoked_at is not None:
        raise TokenRefused(_("接口令牌已被吊销，不能再使用；请向管理员申请新的令牌。"))
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def uploads_per_hour() -> int:
    return int(getattr(settings, "GONGKAI_API_UPLOADS_PER_HOUR", 60))


def _count_upload(token: ApiToken) -> None:
    """A fixed hourly window per token in the shared cache: enough to stop a runaway
    script from filling the check queue, simple enough to explain in the message."""
    now = timezone.now()
    key = f"api:uploads:{token.pk}:{now:%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=3600)
        used = 1
    if used > uploads_per_hour():
        retry = 3600 - (now.minute * 60 + now.second)
        raise TooManyUploads(
            _("这个令牌每小时最多上传 %(n)d 次，已达上限；请 %(min)d 分钟后再试。")
            % {"n": uploads_per_hour(), "min": max(1, retry // 60)},
            retry_after=retry,
        )


def report_upload(
    *,
    token: ApiToken,
    agency: Agency,
    year: int,
    files: Iterable[intake.UploadedFileLike],
    request=None,
) -> UploadBatch:
    """Upload report files for ``agency`` and ``year`` with ``token``.

    The token reaches its agency and those below it; the reports service then applies its
    own rules to the token's creator, in whose name the upload is recorded.
    """
    if not permissions.token_may_write_for(token, agency):
        raise NotAllowed(
            _("这个令牌只能为「%(own)s」及其下级单位上传，不能为「%(agency)s」上传。")
            % {"own": token.agency.name, "agency": agency.name}
        )
    _count_upload(token)
    try:
        batch = reports_services.upload_create(
            actor=token.created_by, files=files, agency=agency, year=year, request=request
        )
    except NotAllowed as e:
        # The reports service speaks to the creator ("您不能…"); the caller is a program.
        raise NotAllowed(
            _(
                "令牌的创建人「%(person)s」不能为「%(agency)s」上传年度报告，令牌也不能"
                "（%(why)s）。请由有权为该单位上传的人员创建令牌。"
            )
            % {"person": token.created_by, "agency": agency.name, "why": e.message}
        ) from e
    with transaction.atomic():
        audit_record(
            kind="api.report_uploaded",
            actor=token.created_by,
            agency=agency,
            obj=batch,
            after={"token": token.prefix, "token_name": token.name, "year": year},
            request=request,
            note=_("通过接口令牌「%(name)s」上传") % {"name": token.name},
        )
    return batch
