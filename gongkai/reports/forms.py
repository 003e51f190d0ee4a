"""Forms of the reports pages. They validate what a person typed; what the files are is
decided by the service (by content), never by a form field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency

from .models import CheckStatus
from .services import MAX_YEAR, MIN_YEAR


def offer_agencies(field: forms.ModelChoiceField, agencies) -> None:
    """Offer only the agencies the person may choose, but accept any agency.

    Whether a person may act for an agency is the service's decision (a 403 with a reason,
    and an audit-worthy refusal), not a form error that silently looks like a typo.
    """
    field.queryset = Agency.objects.all()
    offered = list(agencies) if agencies is not None else []
    field.widget.choices = [("", field.empty_label or "")] + [(a.pk, str(a)) for a in offered]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every file chosen, unvalidated: FileField would refuse the whole form for one empty
    file, while the upload must take the good files and name the bad ones."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


class UploadForm(forms.Form):
    """Files (or zips) and, optionally, the agency and year they are for.

    The files are judged by the service, by content.
    """

    files = MultipleFileField(
        label=_("报告文件或压缩包"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=_("可一次选择多个文件，或上传一个 zip 压缩包；支持 PDF、Word、网页和文本格式。"),
    )
    agency = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("根据报告内容自动识别"),
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("留空则使用报告中写明的年度。"),
    )

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_agencies(self.fields["agency"], agencies)
        allowed = list(agencies) if agencies is not None else []
        if len(allowed) == 1:
            # A township's staff: their own agency, nothing to choose.
            self.fields["agency"].initial = allowed[0].pk
            self.fields["agency"].widget.choices = [(allowed[0].pk, str(allowed[0]))]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files"):
            self.add_error("files", _("请选择要上传的文件"))
        return cleaned


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("单位"), queryset=Agency.objects.none(), required=False, empty_label=_("（未指定）")
    )
    year = forms.IntegerField(
        label=_("年度"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_agencies(self.fields["agency"], agencies)


class ExplainForm(forms.Form):
    rule = forms.CharField(max_length=20, widget=forms.HiddenInput)
    location = forms.CharField(max_length=255, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UnexplainForm(forms.Form):
    rule = forms.CharField(max_length=20)
    location = forms.CharField(max_length=255)


class FilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("单位"), queryset=Agency.objects.none(), required=False, empty_label=_("全部单位")
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *CheckStatus.choices],
    )

    def __init__(self, *args, agencies=None, years=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, f"{y}") for y in years]
