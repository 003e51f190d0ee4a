"""Forms of the handler's pages. They check what a person typed (a date is a date, a number
is in range); whether the step may happen, and by whom, is the services' decision, so a
refusal carries the law's reason instead of looking like a typing slip."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.disclosure.lifecycle import STATUS_LABELS_ZH
from gongkai.disclosure.receipt import RULES, Channel
from gongkai.workdays.clocks import MAX_EXTENSION_DAYS

from .attachments import MAX_FILES
from .models import AppealKind, AppealResult, ApplicantType, Delivery
from .selectors import OPEN_STATUSES

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ATTACHMENT_HELP = _("PDF、JPEG、PNG 或 Word（.docx），每个不超过 10 MB，最多 %(n)s 个。") % {
    "n": MAX_FILES
}

# Staff register what came on paper, by fax or by e-mail; online applications come in
# through the public form and are only confirmed here.
STAFF_CHANNELS = [c for c in Channel if c != Channel.ONLINE]


def offer_agencies(field: forms.ModelChoiceField, agencies) -> None:
    """Offer the agencies the person handles but accept any: whether they may act for it
    is the service's decision (a 403 with a reason), not a form error that looks like a
    typing slip. The same pattern as the reports pages."""
    field.queryset = Agency.objects.all()
    field.widget.choices = [("", field.empty_label or "")] + [(a.pk, str(a)) for a in agencies]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every file chosen, unchecked here: ``attachments.accept`` judges them by content and
    names the one it refuses."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("附件"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=ATTACHMENT_HELP,
    )


class QueueFilterForm(forms.Form):
    MINE, ALL = "mine", "all"
    scope = forms.ChoiceField(
        label=_("范围"),
        choices=[(ALL, _("本机关全部申请")), (MINE, _("我承办的申请"))],
        required=False,
    )
    agency = forms.ModelChoiceField(
        label=_("机关"), queryset=Agency.objects.none(), required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, agencies=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The queryset the choices come from is evaluated once, by the caller.
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        self.fields["agency"].widget.choices = [("", _("全部"))] + [
            (a.pk, str(a)) for a in agencies
        ]
        self.fields["status"].choices = [("", _("全部"))] + [
            (s.value, STATUS_LABELS_ZH[s]) for s in OPEN_STATUSES
        ]


class RegisterForm(forms.Form):
    """Staff intake: an application that came by letter, visit, fax or e-mail."""

    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=[(c.value, RULES[c].label_zh) for c in STAFF_CHANNELS],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("收到申请日期"),
        # The rule of the chosen channel (第三十一条) describes this field.
        widget=forms.DateInput(
            attrs={"type": "date", "aria-describedby": "receipt-rules"}, format="%Y-%m-%d"
        ),
        help_text=_("按所选申请方式，依第三十一条确定的日期（见上方说明）。"),
    )
    agency = forms.ModelChoiceField(label=_("受理机关"), queryset=Agency.objects.none())
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    id_document = forms.CharField(label=_("证件类型"), max_length=40, required=False)
    id_number = forms.CharField(label=_("证件号码"), max_length=40, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=10, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    items = forms.CharField(
        label=_("申请事项（每行一项）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("申请了几项信息就写几行，每项单独答复；不填则以上面的描述作为唯一一项。"),
    )
    purpose = forms.CharField(
        label=_("用途"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"), choices=Delivery.choices, initial=Delivery.PAPER_POST
    )
    files = _files_field()

    def __init__(self, *args, agencies=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = list(agencies)
        offer_agencies(self.fields["agency"], agencies)
        if agencies:
            # The person's own agency comes first (tree order): most intake is for it.
            self.fields["agency"].initial = agencies[0].pk

    def item_lines(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.cleaned_data.get("items", "").splitlines() if line.strip()
        )


class ReceiveForm(forms.Form):
    received_on = forms.DateField(
        label=_("与申请人双方确认的日期"),
        widget=DATE_WIDGET,
        help_text=RULES[Channel.ONLINE].basis_zh,
    )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(
        label=_("承办人"), queryset=None, required=False, empty_label=_("（不指定）")
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = people


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("备注内容"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("只在内部可见，申请人看不到。"),
    )


class StepForm(forms.Form):
    """One dated step (补正, 征求意见, 送达 …). ``party`` and ``files`` are shown only for the
    steps that have them (see ``presenters.STEPS_WITH_PARTY`` / ``STEPS_WITH_FILES``)."""

    date = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    party = forms.CharField(label=_("征求意见对象"), max_length=100, required=False)
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    files = _files_field()


class ExtensionForm(forms.Form):
    date = forms.DateField(label=_("批准日期"), widget=DATE_WIDGET)
    days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=MAX_EXTENSION_DAYS,
        initial=MAX_EXTENSION_DAYS,
        help_text=_("第三十三条：只能延长一次，最长不超过 20 个工作日。"),
    )
    reason = forms.CharField(
        label=_("延期理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("将写入延期告知书。"),
    )


class CustomDueForm(forms.Form):
    date = forms.DateField(label=_("确定日期"), widget=DATE_WIDGET)
    due_date = forms.DateField(label=_("另行确定的答复期限"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("第三十五条：申请数量、频次明显超过合理范围时，可以确定延迟答复的合理期限。"),
    )


class FeeNoticeForm(forms.Form):
    date = forms.DateField(
        label=_("申请人收到收费通知的日期"),
        widget=DATE_WIDGET,
        help_text=_("缴费期限（20 个工作日）自这一天起算。"),
    )
    method = forms.ChoiceField(label=_("计收方式"))
    pages = forms.IntegerField(
        label=_("提供信息的页数（按量计收时填写）"), min_value=1, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from gongkai.disclosure.fees import FeeMethod

        self.fields["method"].choices = [(m.value, m.label) for m in FeeMethod]


class DecideForm(forms.Form):
    """The date and, for every item, one outcome and the answer text."""

    date = forms.DateField(label=_("答复日期"), widget=DATE_WIDGET)

    def __init__(self, *args, items, outcome_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=_("第 %(n)s 项的处理结果") % {"n": item.position},
                choices=[("", _("请选择"))] + outcome_choices,
            )
            self.fields[f"answer_{item.pk}"] = forms.CharField(
                label=_("第 %(n)s 项的答复内容") % {"n": item.position},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=_("如：提供的信息、公开的网址、不予公开部分的说明。"),
            )

    def item_fields(self) -> list[tuple[object, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"outcome_{i.pk}"], self[f"answer_{i.pk}"]) for i in self.items]

    def outcomes(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[f"outcome_{i.pk}"] for i in self.items}

    def answers(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"answer_{i.pk}", "") for i in self.items}


# --- 行政复议 / 行政诉讼 ------------------------------------------------------------------


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=AppealKind.choices)
    filed_on = forms.DateField(
        label=_("提起日期"),
        widget=DATE_WIDGET,
        help_text=_("申请人提出行政复议申请或者提起行政诉讼的日期；表四按这一日期计入年度。"),
    )
    body = forms.CharField(
        label=_("复议机关或法院"),
        max_length=100,
        required=False,
        help_text=_("如：示例县人民政府、示例县人民法院。"),
    )
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AppealConcludeForm(forms.Form):
    result = forms.ChoiceField(label=_("结果"), choices=AppealResult.choices)
    decided_on = forms.DateField(
        label=_("审结日期"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("选择“尚未审结”时不填。"),
    )


# --- letters --------------------------------------------------------------------------------

# Placeholders whose text is usually several sentences: a textarea, whatever their value.
LONG_PLACEHOLDERS = frozenset(
    {
        "申请内容",
        "补正事项",
        "补正指导",
        "延期理由",
        "涉及权益",
        "计费明细",
        "期限说明",
        "答复内容",
        "依据",
        "救济途径",
        "提供方式",
        "公开部分",
        "不予公开部分",
        "不予公开理由",
    }
)


def required_placeholders(text: str, values: dict[str, str]) -> list[tuple[str, int | None]]:
    """The placeholders the letter would print although left empty, with their line.

    A placeholder inside ``{{#如果 名称}}`` is optional exactly when its block is skipped,
    which depends on the other values: so the template itself is asked, by filling it with
    the non-empty values only — a missing one is named by ``fill`` — and again after
    marking each named one as given, until none is missing.
    """
    from gongkai.officialdoc import TemplateError, fill

    given = {k: v for k, v in values.items() if v.strip()}
    missing: list[tuple[str, int | None]] = []
    for _round in range(100):
        try:
            fill(text, given)
        except TemplateError as exc:
            if exc.placeholder is None or exc.placeholder in given:
                break  # a syntax error: the service reports it in its own words
            missing.append((exc.placeholder, exc.line))
            given[exc.placeholder] = "—"
        else:
            break
    return missing


class LetterForm(forms.Form):
    """Every placeholder of one letter, named as the template names it (the label) with
    its meaning (the help), pre-filled from the case; and the date the letter carries."""

    date = forms.DateField(
        label=_("落款日期"),
        widget=DATE_WIDGET,
        help_text=_("印在文书落款处的成文日期。"),
    )

    def __init__(self, *args, documented: dict[str, str], text: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        self.names = list(documented)
        initial = kwargs.get("initial") or {}
        for name, meaning in documented.items():
            value = str(initial.get(name) or "")
            long = name in LONG_PLACEHOLDERS or len(value) > 30 or "\n" in value
            self.fields[name] = forms.CharField(
                label=name,
                help_text=meaning,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4 if long else 2, "cols": 80})
                if long
                else forms.TextInput(attrs={"size": 60}),
            )

    def clean(self) -> dict:
        data = super().clean()
        values = {name: (data.get(name) or "") for name in self.names}
        for name, line in required_placeholders(self.text, values):
            where = _("（文书正文第 %(n)s 行）") % {"n": line} if line else ""
            self.add_error(
                name if name in self.fields else None,
                _("请填写「%(name)s」：文书中要用到它%(where)s，不能留空。")
                % {"name": name, "where": where},
            )
        return data

    def context(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.names}

    def placeholder_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.names]


class TemplateForm(forms.Form):
    body = forms.CharField(
        label=_("正文模板"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "cols": 90, "spellcheck": "false"}),
        help_text=_(
            "第一行以“# ”开头的是标题；空一行另起一段；{{名称}} 是占位符；"
            "{{#如果 名称}}……{{/如果}} 中的文字只在该项有内容时印出。"
        ),
    )


# --- year tables and settings ---------------------------------------------------------------


class PolicyForm(forms.Form):
    day_one_is_next_working_day = forms.BooleanField(
        label=_("第 1 个工作日为收到申请后的第一个工作日"),
        required=False,
        help_text=_(
            "不勾选则收到申请的当日即为第 1 个工作日（仅当本地规定如此时才改动）。"
            "改动后所有未办结申请的期限随之变化。"
        ),
    )
    fee_pauses_answer_clock = forms.BooleanField(
        label=_("等待缴费期间答复期限暂停计算"),
        required=False,
        help_text=_("默认不暂停。"),
    )
    fee_exempt_types = forms.MultipleChoiceField(
        label=_("免收信息处理费的申请人类型"),
        choices=ApplicantType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认不免收。"),
    )
    remind_days_before = forms.IntegerField(
        label=_("期限届满前几个工作日提醒"),
        min_value=0,
        max_value=20,
        help_text=_("申请列表中“即将到期”和提醒邮件按此计算。"),
    )
    review_body = forms.CharField(
        label=_("行政复议机关"),
        max_length=100,
        required=False,
        help_text=_("印入告知书的救济途径；不填则为上一级人民政府。"),
    )
    court = forms.CharField(
        label=_("管辖法院"),
        max_length=100,
        required=False,
        help_text=_("印入告知书的救济途径；不填则为“有管辖权的人民法院”。"),
    )
