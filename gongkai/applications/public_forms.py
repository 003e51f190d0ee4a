"""Forms of the public side of 依申请公开: the online application and the tracking lookup.

They check what a person typed and say what is wrong in plain Chinese next to the field.
What an attachment *is* is decided by ``attachments.accept`` from its bytes, never from
its name; the form only passes the refusal on, naming the file.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import attachments, services
from .models import ApplicantType, Delivery

RESIDENT_ID = "居民身份证"
CREDIT_CODE = "统一社会信用代码"

# 证件 a natural person applies with; 居民身份证 first: it is what almost everyone has.
ID_DOCUMENTS = (
    RESIDENT_ID,
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "港澳台居民居住证",
    "护照",
    "外国人永久居留身份证",
    "其他证件",
)

MAX_ITEMS = 20
MAX_DESCRIPTION = 4000

ORG_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]

# --- formats ---------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, Z, S, V


def resident_id_problem(number: str, today: dt.date | None = None) -> str | None:
    """Why an 18-character 居民身份证号码 (GB 11643-1999) cannot be right, or None."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return _("居民身份证号码应为 18 位：前 17 位是数字，最后一位是数字或字母 X。")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("居民身份证号码中的出生日期（第 7–14 位）不是有效日期，请核对。")
    if born.year < 1900 or born > (today or dt.date.today()):
        return _("居民身份证号码中的出生日期（第 7–14 位）不合理，请核对。")
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return _("居民身份证号码的校验位（最后一位）不对，可能有数字输错了，请核对。")
    return None


def credit_code_problem(code: str) -> str | None:
    """Why an 18-character 统一社会信用代码 (GB 32100-2015) cannot be right, or None."""
    if len(code) != 18 or any(c not in _CREDIT_CHARS for c in code):
        return _(
            "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V），见营业执照或登记证书。"
        )
    total = sum(_CREDIT_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17]))
    if _CREDIT_CHARS[(31 - total % 31) % 31] != code[17]:
        return _("统一社会信用代码的校验位（最后一位）不对，可能有字符输错了，请核对。")
    return None


_MOBILE = re.compile(r"1[3-9]\d{9}")
# Landline: an optional area code (0 and 2–3 digits), then 7–8 digits.
_LANDLINE = re.compile(r"(0\d{2,3})?[2-9]\d{6,7}")
_SEPARATORS = re.compile(r"[\s()（）\-—]+")


def _dialled(text: str) -> str | None:
    digits = _SEPARATORS.sub("", text)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    return None


def normalize_phone(raw: str) -> str | None:
    """The number as it will be dialled, or None when it is not a Chinese phone number.
    People write 138 0000 0000, (0571)8888-8888, +86 13800000000, 0571-88888888转123:
    all are accepted."""
    text = (
        raw.strip()
        .replace("＋", "+")
        .translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    )
    whole = _dialled(text)
    if whole is not None:
        return whole
    # An extension after 转, 分机 or a last hyphen, on a landline only.
    m = re.fullmatch(r"(.+?)(?:转|分机|-)(\d{1,6})", text)
    if m:
        number = _dialled(m.group(1))
        if number is not None and _LANDLINE.fullmatch(number):
            return f"{number}转{m.group(2)}"
    return None


# --- fields ----------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every file chosen, unchecked here: ``attachments.accept`` judges them by content."""

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [f for f in files if f]


def _grouped_applicant_types() -> list:
    """自然人, then 法人或其他组织 with its five kinds as a group (the columns of table 三)."""
    return [
        (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
        (_("法人或其他组织"), [(t.value, t.label) for t in ORG_TYPES]),
    ]


class ApplicationForm(forms.Form):
    """The online application (条例第二十九条): who applies, how to reach them, what is
    wanted and how it should be provided."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=_grouped_applicant_types,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请人类型。")},
    )
    # A natural person
    person_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_document = forms.ChoiceField(
        label=_("证件类型"),
        choices=[("", _("请选择"))] + [(d, d) for d in ID_DOCUMENTS],
        required=False,
    )
    id_number = forms.CharField(label=_("证件号码"), max_length=40, required=False)
    # A legal person or other organisation
    org_name = forms.CharField(label=_("名称"), max_length=100, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    # Contact
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        error_messages={"required": _("请填写联系电话，以便工作人员与您确认申请。")},
        help_text=_("手机或带区号的固定电话。"),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("电子邮箱的格式不对，例如 zhangsan@example.com。")},
    )
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=10, required=False)
    # What is wanted
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请描述您需要的政府信息。")},
        help_text=_("例如文件名称、文号、年份、涉及的项目或地点，越具体越便于查找。"),
    )
    items = forms.CharField(
        label=_("分项列出（可不填）"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("需要多项信息时，每行写一项，每项会分别答复；不填则按上面的描述作为一项。"),
    )
    purpose = forms.CharField(
        label=_("用途（可不填）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("2019 年修订的《政府信息公开条例》不再要求说明用途，不填不影响办理。"),
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=Delivery.choices,
        initial=Delivery.PAPER_POST,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择获取信息的方式。")},
    )
    attachments = MultipleFileField(
        label=_("附件（可不上传）"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
        help_text=format_lazy(
            _(
                "如身份证件、营业执照、授权委托书的扫描件。最多 {n} 个，每个不超过 {mb} MB，"
                "限 PDF、JPEG、PNG 图片或 Word（.docx）文档。"
            ),
            n=attachments.MAX_FILES,
            mb=attachments.MAX_FILE // attachments.MB,
        ),
    )
    agree = forms.BooleanField(
        label=_("我承诺以上填写的内容真实、准确。"),
        error_messages={"required": _("请阅读并勾选承诺后再提交。")},
    )

    PERSON_FIELDS = ("person_name", "id_document", "id_number")
    ORG_FIELDS = ("org_name", "credit_code", "contact_person")

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(
                _(
                    "联系电话的格式不对：请填写 11 位手机号，或带区号的固定电话（如 0571-88888888）。"
                )
            )
        return phone

    def clean_postcode(self) -> str:
        code = self.cleaned_data["postcode"].strip()
        if code and not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("邮政编码应为 6 位数字。"))
        return code

    def clean_credit_code(self) -> str:
        return re.sub(r"\s+", "", self.cleaned_data["credit_code"]).upper()

    def clean_id_number(self) -> str:
        return re.sub(r"\s+", "", self.cleaned_data["id_number"]).upper()

    def clean_items(self) -> tuple[str, ...]:
        lines = tuple(
            line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()
        )
        if len(lines) > MAX_ITEMS:
            raise forms.ValidationError(
                _("最多分 %(max)s 项，这次写了 %(n)s 项；内容较多时请分几次申请。")
                % {"max": MAX_ITEMS, "n": len(lines)}
            )
        return lines

    def clean_attachments(self) -> list[attachments.Accepted]:
        try:
            return attachments.accept(self.cleaned_data["attachments"])
        except attachments.AttachmentError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_type")
        if kind == ApplicantType.NATURAL_PERSON:
            self._clean_person(cleaned)
        elif kind:
            self._clean_org(cleaned)
        delivery = cleaned.get("delivery")
        if delivery == Delivery.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择以电子邮件获取信息时，请填写电子邮箱。"))
        if delivery == Delivery.PAPER_POST and not cleaned.get("address", "").strip():
            self.add_error("address", _("选择邮寄时，请填写通信地址。"))
        return cleaned

    def _clean_person(self, cleaned: dict) -> None:
        if not cleaned.get("person_name", "").strip():
            self.add_error("person_name", _("请填写申请人姓名。"))
        document = cleaned.get("id_document")
        number = cleaned.get("id_number", "")
        if not document:
            self.add_error("id_document", _("请选择证件类型。"))
        if not number:
            self.add_error("id_number", _("请填写证件号码。"))
        elif document == RESIDENT_ID:
            problem = resident_id_problem(number)
            if problem:
                self.add_error("id_number", problem)

    def _clean_org(self, cleaned: dict) -> None:
        if not cleaned.get("org_name", "").strip():
            self.add_error("org_name", _("请填写法人或其他组织的名称。"))
        code = cleaned.get("credit_code", "")
        if not code:
            self.add_error("credit_code", _("请填写统一社会信用代码。"))
        else:
            problem = credit_code_problem(code)
            if problem:
                self.add_error("credit_code", problem)
        if not cleaned.get("contact_person", "").strip():
            self.add_error("contact_person", _("请填写联系人姓名。"))

    def intake(self) -> services.Intake:
        """What the service takes, from a valid form."""
        d = self.cleaned_data
        person = d["applicant_type"] == ApplicantType.NATURAL_PERSON
        return services.Intake(
            applicant_type=d["applicant_type"],
            applicant_name=(d["person_name"] if person else d["org_name"]).strip(),
            description=d["description"].strip(),
            id_document=d["id_document"] if person else CREDIT_CODE,
            id_number=d["id_number"] if person else d["credit_code"],
            contact_person="" if person else d["contact_person"].strip(),
            phone=d["phone"],
            email=d["email"],
            address=d["address"].strip(),
            postcode=d["postcode"],
            purpose=d["purpose"].strip(),
            delivery=d["delivery"],
            items=d["items"],
        )


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=32,
        error_messages={"required": _("请填写回执上的查询码。")},
        help_text=_("回执上的 10 位字母和数字。"),
    )
    secret = forms.CharField(
        label=_("查询密码"),
        max_length=32,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        error_messages={"required": _("请填写提交申请时显示的 6 位查询密码。")},
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s\-]+", "", self.cleaned_data["code"]).upper()

    def clean_secret(self) -> str:
        return re.sub(r"\s+", "", self.cleaned_data["secret"])
