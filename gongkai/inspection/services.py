"""Writes of the inspection: the registry of an agency's 政务新媒体 accounts. The probe's
rows are written by ``probe.probe`` (the periodic task), not by people.

Who: the agency's own people (a clerk keeps the registry: 台账, as the inspections ask) and
a 政务公开办管理员 above it. Every save leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record

from . import selectors
from .models import AccountState, NewMediaAccount, Platform

FIELDS = (
    "name",
    "platform",
    "url",
    "responsible",
    "last_update_on",
    "state",
    "closed_on",
    "closure_notice_url",
)


def can_manage_accounts(user, agency: Agency) -> bool:
    return selectors.can_view(user, agency)


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _check_url(value: str, label: str) -> str:
    value = value.strip()
    if value and urlsplit(value).scheme not in ("http", "https"):
        raise InvalidChange(_("%(label)s应以 http:// 或 https:// 开头。") % {"label": label})
    return value


def account_save(
    *,
    actor,
    agency: Agency,
    account: NewMediaAccount | None = None,
    name: str,
    platform: str,
    responsible: str,
    url: str = "",
    last_update_on: dt.date | None = None,
    state: str = AccountState.ACTIVE,
    closed_on: dt.date | None = None,
    closure_notice_url: str = "",
    request=None,
) -> NewMediaAccount:
    """Register an account (``account`` None) or change one of ``agency``'s."""
    if not can_manage_accounts(actor, agency):
        raise NotAllowed(_("只有本机关的工作人员和上级政务公开办可以登记政务新媒体账号。"))
    if account is not None and account.agency_id != agency.pk:
        raise NotAllowed(_("该账号不属于本机关。"))
    name, responsible = name.strip(), responsible.strip()
    if not name:
        raise InvalidChange(_("请填写账号名称。"))
    if not responsible:
        raise InvalidChange(_("请填写负责人。"))
    if platform not in Platform.values:
        raise InvalidChange(_("请选择平台。"))
    if state not in AccountState.values:
        raise InvalidChange(_("请选择运行状态。"))
    url = _check_url(url, _("账号地址"))
    closure_notice_url = _check_url(closure_notice_url, _("关停公告地址"))
    today = timezone.localdate()
    if last_update_on and last_update_on > today:
        raise InvalidChange(_("最近更新日期不能晚于今天。"))
    if state == AccountState.CLOSED and not closed_on:
        raise InvalidChange(_("已关停的账号请填写关停日期。"))
    if closed_on and closed_on > today:
        raise InvalidChange(_("关停日期不能晚于今天。"))
    if state != AccountState.CLOSED:
        closed_on, closure_notice_url = None, ""
    values = {
        "name": name,
        "platform": platform,
        "url": url,
        "responsible": responsible,
        "last_update_on": last_update_on,
        "state": state,
        "closed_on": closed_on,
        "closure_notice_url": closure_notice_url,
    }
    with transaction.atomic():
        duplicate = NewMediaAccount.objects.filter(agency=agency, platform=platform, name=name)
        if account is not None:
            duplicate = duplicate.exclude(pk=account.pk)
        if duplicate.exists():
            raise InvalidChange(_("本机关已登记过同一平台的同名账号。"))
        if account is None:
            before = None
            account = NewMediaAccount(agency=agency)
        else:
            account = NewMediaAccount.objects.select_for_update().get(pk=account.pk)
            before = {k: _plain(getattr(account, k)) for k in FIELDS}
        for key, value in values.items():
            setattr(account, key, value)
        account.checked_on = today
        account.updated_by = actor
        account.save()
        after = {k: _plain(v) for k, v in values.items()}
        if before is not None:
            changed = [k for k in FIELDS if before[k] != after[k]]
            before = {k: before[k] for k in changed}
            after = {k: after[k] for k in changed}
        audit_record(
            kind="inspection.account_saved",
            actor=actor,
            agency=agency,
            obj=account,
            before=before,
            after=after,
            request=request,
        )
    return account
