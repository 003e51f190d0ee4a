"""Forms of the catalogue pages: input shapes only; services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Channel, Mode, Tier


class EntryForm(forms.Form):
    name = forms.CharField(label=_("事项名称"), max_length=100)
    content = forms.CharField(
        label=_("公开内容（要素）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(
        label=_("公开依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    time_limit = forms.CharField(
        label=_("公开时限"),
        required=False,
        max_length=200,
        help_text=_("例如：信息形成或者变更之日起20个工作日内"),
    )
    body = forms.CharField(label=_("公开主体"), required=False, max_length=200)
    channels = forms.MultipleChoiceField(
        label=_("公开渠道和载体"),
        required=False,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    channels_other = forms.CharField(label=_("其他渠道（说明）"), required=False, max_length=200)
    audience = forms.ChoiceField(
        label=_("公开对象"), choices=Audience.choices, initial=Audience.PUBLIC
    )
    mode = forms.ChoiceField(label=_("公开方式"), choices=Mode.choices, initial=Mode.PROACTIVE)
    tier = forms.ChoiceField(
        label=_("公开层级"), required=False, choices=[("", "—")] + list(Tier.choices)
    )
    deadline_working_days = forms.IntegerField(
        label=_("发布时限（工作日）"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("填写后，归入本事项的信息按此时限发布，代替本机构的默认时限。"),
    )
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("公开事项目录表格（.xlsx）"))


class StarterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("模板"),
        choices=[
            ("township", _("乡镇人民政府（条例第二十条、第二十一条）")),
            ("village", _("村（社区）党务、村务、财务公开")),
        ],
    )
    merge = forms.BooleanField(label=_("已有目录时，合并模板中缺少的事项"), required=False)


class GuideForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body_html = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "可使用的标记：h2、h3、p、ul、ol、li、strong、em、a、table；其他标记会被去掉。"
        ),
    )
    note = forms.CharField(label=_("修改说明"), required=False, max_length=200)
