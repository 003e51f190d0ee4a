"""Forms check the shape of what was typed; the rules live in services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Role

from .models import SystemRole


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("请输入 6 位数字。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
                "maxlength": 7,
            }
        ),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password_again = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = " ".join(password_validators_help_texts())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("两次输入的新密码不一致。"))
        return data


class PersonCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    system_role = forms.ChoiceField(
        label=_("系统角色"),
        choices=SystemRole.choices,
        required=False,
        help_text=_("业务人员留空；三员账号不能在机构中担任岗位。"),
    )


class MembershipForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("机构"), queryset=Agency.objects.order_by("path"))
    role = forms.ChoiceField(label=_("岗位"), choices=Role.choices)
