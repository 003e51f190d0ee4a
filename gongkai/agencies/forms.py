"""Forms check the shape of what was typed; the rules of the tree live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, Kind, Level


class ParentField(forms.ModelChoiceField):
    """The parent, chosen from the tree with each agency indented under its own parent."""

    def label_from_instance(self, obj: Agency) -> str:
        return "\u3000" * (obj.depth - 1) + obj.name


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    parent = ParentField(
        label=_("上级机构"),
        queryset=Agency.objects.order_by("path"),
        required=False,
        empty_label=_("（无上级：顶级机构）"),
    )

    def __init__(self, *args, agency: Agency | None = None, **kwargs) -> None:
        if agency is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": agency.name,
                    "short_name": agency.short_name,
                    "level": agency.level,
                    "kind": agency.kind,
                    "parent": agency.parent_id,
                },
            )
        super().__init__(*args, **kwargs)
        if agency is not None:
            # Not under itself or its own descendants (the service refuses it too).
            self.fields["parent"].queryset = Agency.objects.exclude(
                path__startswith=agency.path
            ).order_by("path")


class AgencyCreateForm(AgencyForm):
    slug = forms.SlugField(
        label=_("网址标识"),
        max_length=60,
        required=False,
        help_text=_(
            "公开专栏的网址 /gk/网址标识/，只能用英文字母、数字和连字符，例如 qingshi；"
            "创建后不能修改。留空则自动生成。"
        ),
    )
