"""The filter of the audit log viewer (a GET form: filters are part of the address)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import User

from . import selectors
from .kinds import kind_label


class AuditFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("机构"), queryset=None, required=False, empty_label=_("全部")
    )
    actor = forms.ModelChoiceField(
        label=_("操作人"), queryset=None, required=False, empty_label=_("全部")
    )
    kind = forms.ChoiceField(label=_("类别"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, viewer: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from the viewer's own scope: a supervisor is not offered the names
        # of agencies or people they may not read about.
        self.fields["agency"].queryset = selectors.audit_filter_agencies(viewer)
        self.fields["actor"].queryset = selectors.audit_filter_people(viewer)
        self.fields["actor"].label_from_instance = lambda u: f"{u}（{u.username}）"
        # Indented by depth, so a township's villages read as under it.
        self.fields["agency"].label_from_instance = lambda a: "　" * (a.depth - 1) + a.name
        kinds = selectors.audit_kinds(viewer)
        families = sorted({k.split(".")[0] for k in kinds if "." in k})
        self.fields["kind"].choices = (
            [("", _("全部"))]
            + [(f, f"{kind_label(f)}（{f}.*）") for f in families]
            + [(k, f"{kind_label(k)}（{k}）") for k in kinds]
        )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filters(self) -> dict:
        """The valid filters only: one mistyped date must not hide the whole log."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in self.errors and value not in (None, "")
        }
