"""The year page's form: the notice's reference and its days as text. The text is read
by `notice.parse_notice`; the rules of a year live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CalendarYear

NOTICE_HELP = _(
    "每行一项，可以直接粘贴通知原文。例如：“2027-10-01 至 2027-10-07 国庆节”、"
    "“国庆节：10月1日至7日放假调休，共7天。9月26日（周日）、10月9日（周六）上班。”、"
    "“2027-09-26 调休上班”、“上班：10月9日”。写“上班”“补班”的是调休上班的周末，"
    "其余日期为放假；放假区间里的周末可以照写。以 # 开头的行不读。"
)


class YearForm(forms.Form):
    notice_ref = forms.CharField(
        label=_("通知文号"),
        max_length=CalendarYear._meta.get_field("notice_ref").max_length,
        required=False,
        help_text=_("国务院办公厅放假通知的文号，例如“国办发明电〔2025〕7号”；确认前必须填写。"),
    )
    text = forms.CharField(
        label=_("放假和调休上班日期"),
        required=False,
        strip=False,  # keep exactly what was typed when the page is shown again
        widget=forms.Textarea(attrs={"rows": 16, "cols": 60, "spellcheck": "false"}),
        help_text=NOTICE_HELP,
    )
