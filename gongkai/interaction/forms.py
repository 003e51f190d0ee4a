"""Forms of 互动交流: the citizen's two (留言咨询, 网站找错) and the clerk's.

Messages are plain Chinese next to the field; bounds match the services' (``MAX_*``) so a
refusal is explained before anything is stored.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency

from .models import RECORDED_CHANNELS, Kind
from .services import (
    ANSWER_DAYS_BOUNDS,
    ERROR_REPORT_DAYS_BOUNDS,
    MAX_BODY,
    MAX_REPLY,
    MAX_TITLE,
    SECRET_DIGITS,
)

PUBLIC_KINDS = [(k.value, k.label) for k in Kind if k != Kind.ERROR]
_TEXTAREA = {"rows": 8}


def _length_messages(label: str, n: int) -> dict:
    return {
        "required": _("请填写%(label)s。") % {"label": label},
        "max_length": _("%(label)s不能超过 %(n)s 字，请精简后再提交。") % {"label": label, "n": n},
    }


class MessageForm(forms.Form):
    """`/gk/<slug>/messages/new/`: 留言咨询."""

    kind = forms.ChoiceField(
        label=_("留言类型"), choices=PUBLIC_KINDS, initial=Kind.CONSULT,
        error_messages={"required": _("请选择留言类型。"), "invalid_choice": _("请选择留言类型。")},
    )  # fmt: skip
    title = forms.CharField(
        label=_("标题"), max_length=MAX_TITLE, error_messages=_length_messages("标题", MAX_TITLE)
    )
    body = forms.CharField(
        label=_("留言内容"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages=_length_messages("留言内容", MAX_BODY),
        help_text=_("请不要在留言内容中填写身份证号、手机号等个人信息；公开时会作脱敏处理。"),
    )
    submitter_name = forms.CharField(
        label=_("姓名"), max_length=50, required=False,
        error_messages=_length_messages("姓名", 50),
    )  # fmt: skip
    submitter_contact = forms.CharField(
        label=_("联系电话或电子邮箱"),
        max_length=100,
        required=False,
        error_messages=_length_messages("联系方式", 100),
        help_text=_("选填，只供工作人员联系您，不会公开。"),
    )

    def clean_title(self) -> str:
        value = self.cleaned_data["title"].strip()
        if not value:
            raise forms.ValidationError(_("请填写标题。"))
        return value

    def clean_body(self) -> str:
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(_("请填写留言内容。"))
        return value


class ErrorReportForm(forms.Form):
    """`/gk/<slug>/report-error/`: 我为政府网站找错."""

    page_url = forms.CharField(
        label=_("出错网页的地址"),
        max_length=500,
        error_messages=_length_messages("出错网页的地址", 500),
        help_text=_("例如 https://www.example.gov.cn/gk/…，可以从浏览器地址栏复制。"),
    )
    body = forms.CharField(
        label=_("错误描述"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages=_length_messages("错误描述", MAX_BODY),
        help_text=_("请说明哪里有错：错别字、链接打不开、内容过时等。"),
    )
    submitter_contact = forms.CharField(
        label=_("联系电话或电子邮箱"), max_length=100, required=False,
        error_messages=_length_messages("联系方式", 100),
        help_text=_("选填，只供工作人员联系您，不会公开。"),
    )  # fmt: skip

    def clean_body(self) -> str:
        value = self.cleaned_data["body"].strip()
        if not value:
            raise forms.ValidationError(_("请填写错误描述。"))
        return value

    def clean_page_url(self) -> str:
        value = self.cleaned_data["page_url"].strip()
        if not value:
            raise forms.ValidationError(_("请填写出错网页的地址。"))
        return value


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复内容"), max_length=MAX_REPLY, widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages=_length_messages("答复内容", MAX_REPLY),
    )  # fmt: skip
    masked_body = forms.CharField(
        label=_("公开的留言内容（已脱敏，可修改）"),
        required=False,
        max_length=MAX_BODY + 200,
        widget=forms.Textarea(attrs=_TEXTAREA),
        help_text=_("公开时显示这段文字，而不是留言原文。身份证号、手机号已自动打上星号。"),
    )


class RouteForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("转办给"), queryset=Agency.objects.none(),
        error_messages={"required": _("请选择接收机关。")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("转办理由"), max_length=500, error_messages=_length_messages("转办理由", 500)
    )

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies if agencies is not None else Agency.objects
        self.fields["to_agency"].label_from_instance = lambda a: a.name


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("不予公开的理由"), max_length=500,
        error_messages=_length_messages("不予公开的理由", 500),
    )  # fmt: skip


class RecordForm(forms.Form):
    """A message from another channel, entered by a clerk."""

    agency = forms.ModelChoiceField(label=_("办理机关"), queryset=Agency.objects.none())
    channel = forms.ChoiceField(
        label=_("渠道"), choices=[(c.value, c.label) for c in RECORDED_CHANNELS]
    )
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices, initial=Kind.COMPLAINT)
    received_at = forms.DateField(
        label=_("收到日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("标题"), max_length=MAX_TITLE)
    body = forms.CharField(
        label=_("内容"), max_length=MAX_BODY, widget=forms.Textarea(attrs=_TEXTAREA)
    )
    submitter_name = forms.CharField(label=_("留言人"), max_length=50, required=False)
    submitter_contact = forms.CharField(label=_("联系方式"), max_length=100, required=False)
    reply = forms.CharField(
        label=_("答复内容"), max_length=MAX_REPLY, required=False,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )  # fmt: skip
    replied_at = forms.DateField(
        label=_("答复日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects
        self.fields["agency"].label_from_instance = lambda a: a.name


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


def _days_field(label: str, bounds: tuple[int, int], help_text: str) -> forms.IntegerField:
    low, high = bounds
    out_of_bounds = _("%(label)s应在 %(low)s 至 %(high)s 个工作日之间。") % {
        "label": label, "low": low, "high": high,
    }  # fmt: skip
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
        error_messages={
            "required": _("请填写%(label)s。") % {"label": label},
            "invalid": _("%(label)s请填写整数个工作日，例如 5。") % {"label": label},
            "min_value": out_of_bounds,
            "max_value": out_of_bounds,
        },
    )


class PolicyForm(forms.Form):
    """`/interaction/settings/<slug>/`: an agency's answer clocks, in whole working days."""

    answer_days = _days_field(
        _("留言咨询答复期限（工作日）"),
        ANSWER_DAYS_BOUNDS,
        _("从收到留言的次日起算的工作日数。"),
    )
    error_report_days = _days_field(
        _("网站找错答复期限（工作日）"),
        ERROR_REPORT_DAYS_BOUNDS,
        _("国办秘函〔2019〕19号要求网民纠错留言 3 个工作日内答复，只能更短。"),
    )


class LookupForm(forms.Form):
    """`/gk/<slug>/messages/lookup/`: the reference and the 查询码 from the receipt."""

    reference = forms.CharField(
        label=_("留言编号"), max_length=40,
        error_messages=_length_messages("留言编号", 40),
        help_text=_("回执上的留言编号，例如 LY20260105ABCDE。"),
    )  # fmt: skip
    secret = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages=_length_messages("查询码", 20),
        help_text=_("回执上的 %(n)s 位数字查询码。") % {"n": SECRET_DIGITS},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
