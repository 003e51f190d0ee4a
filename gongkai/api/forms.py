from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"),
        max_length=100,
        help_text=_("写明谁用、做什么，例如“县公文系统年报同步”，以便日后辨认和吊销。"),
    )
    agency = forms.ModelChoiceField(
        label=_("可上传的单位"),
        queryset=Agency.objects.none(),
        help_text=_("令牌可以为这个单位及其下级单位上传年度报告。"),
        error_messages={"invalid_choice": _("请选择您有权管理的单位。")},
    )

    def __init__(self, *args, agencies: list[Agency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("path")
        if len(agencies) == 1:
            field.initial = agencies[0].pk
