"""The registry form of a 政务新媒体 account: plain Chinese next to each field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccountState, Platform


def _messages(label: str, n: int | None = None) -> dict:
    found = {"required": _("请填写%(label)s。") % {"label": label}}
    if n:
        found["max_length"] = _("%(label)s不能超过 %(n)s 字。") % {"label": label, "n": n}
    return found


_DATE = {"invalid": _("请按 2026-09-21 的格式填写日期。")}


class AccountForm(forms.Form):
    name = forms.CharField(
        label=_("账号名称"), max_length=100, error_messages=_messages("账号名称", 100)
    )
    platform = forms.ChoiceField(
        label=_("平台"), choices=Platform.choices,
        error_messages={"required": _("请选择平台。"), "invalid_choice": _("请选择平台。")},
    )  # fmt: skip
    url = forms.CharField(
        label=_("账号地址"), max_length=500, required=False,
        error_messages=_messages("账号地址", 500),
        help_text=_("账号主页或二维码落地页的网址；发布记录中指向这里的链接会自动算作更新。"),
    )  # fmt: skip
    responsible = forms.CharField(
        label=_("负责人"), max_length=50, error_messages=_messages("负责人", 50)
    )
    last_update_on = forms.DateField(
        label=_("最近更新日期"), required=False, error_messages=_DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("账号最近一次发布信息的日期。超过 2 周不更新即单项否决。"),
    )  # fmt: skip
    state = forms.ChoiceField(
        label=_("运行状态"), choices=AccountState.choices, initial=AccountState.ACTIVE,
        error_messages={"required": _("请选择运行状态。"), "invalid_choice": _("请选择运行状态。")},
    )  # fmt: skip
    closed_on = forms.DateField(
        label=_("关停日期"), required=False, error_messages=_DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    closure_notice_url = forms.CharField(
        label=_("关停公告地址"), max_length=500, required=False,
        error_messages=_messages("关停公告地址", 500),
        help_text=_("关停前发布的停更公告的网址。"),
    )  # fmt: skip
