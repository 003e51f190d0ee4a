"""Forms of the 主动公开 pages. They check the shape of what was typed; the services decide
whether it may happen (permissions, the review chain, dates against today)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogEntry, Channel
from gongkai.catalog.selectors import catalog_rows

from .attachments import MAX_FILE, MAX_FILES
from .models import Disclosure, DocType, Item, ItemKind, Validity
from .services import Content

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ATTACHMENT_HELP = _(
    "PDF、Word（.docx）、Excel（.xlsx）、JPEG 或 PNG，每个不超过 %(mb)s MB，最多 %(n)s 个。"
) % {"mb": MAX_FILE // (1024 * 1024), "n": MAX_FILES}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Every file chosen, unchecked here: ``attachments.accept`` judges them by content."""

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _entry_choices(agency) -> list[tuple[str, str]]:
    # The tree flattened with its depth shown by indentation: a clerk recognises the 目录
    # as it is printed, 一级事项 then its 二级事项.
    choices: list[tuple[str, str]] = [("", _("（不归入目录）"))]
    for node in catalog_rows(agency):
        if not node.entry.is_active:
            continue
        indent = "\u3000" * (node.depth - 1)
        choices.append((str(node.entry.pk), f"{indent}{node.entry.name}"))
    return choices


class ContentForm(forms.Form):
    """The text of a revision: what ``services.Content`` holds."""

    title = forms.CharField(label=_("标题"), max_length=300)
    summary = forms.CharField(
        label=_("内容概述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body_html = forms.CharField(
        label=_("正文（HTML）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "可直接粘贴网页或 Word 中复制的内容（HTML）。保存时自动去掉脚本、样式等不安全的部分，"
            "只保留段落、标题、列表、表格、链接和图片。"
        ),
    )
    generated_on = forms.DateField(
        label=_("生成日期"), widget=DATE_WIDGET, help_text=_("信息形成或者变更的日期。")
    )
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    written_on = forms.DateField(label=_("成文日期"), required=False, widget=DATE_WIDGET)
    doc_type = forms.ChoiceField(
        label=_("文件类型"), choices=[("", "—"), *DocType.choices], required=False
    )
    disclosure = forms.ChoiceField(
        label=_("公开属性"), choices=Disclosure.choices, initial=Disclosure.PROACTIVE
    )
    non_disclosure_reason = forms.CharField(
        label=_("不主动公开的理由和依据"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("公开属性为“依申请公开”或“不予公开”时必填。"),
    )
    files = MultipleFileField(
        label=_("附件"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
        help_text=ATTACHMENT_HELP,
    )

    def content(self, change_note: str = "") -> Content:
        d = self.cleaned_data
        return Content(
            title=d["title"],
            generated_on=d["generated_on"],
            summary=d.get("summary", ""),
            body_html=d.get("body_html", ""),
            doc_number=d.get("doc_number", ""),
            written_on=d.get("written_on"),
            disclosure=d["disclosure"],
            non_disclosure_reason=d.get("non_disclosure_reason", ""),
            doc_type=d.get("doc_type", ""),
            change_note=change_note,
        )


class ItemForm(ContentForm):
    """A new item: its kind and 目录 first, then the text."""

    kind = forms.ChoiceField(
        label=_("类别"), choices=ItemKind.choices, initial=ItemKind.INFO, widget=forms.RadioSelect
    )
    validity = forms.ChoiceField(
        label=_("有效性"), choices=Validity.choices, initial=Validity.VALID, required=False
    )

    field_order = ["kind", "catalog_entry", "title"]

    def __init__(self, *args: Any, agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["catalog_entry"] = EntryField(agency)
        self.order_fields(self.field_order)


class EntryField(forms.ChoiceField):
    """One entry of the agency's 公开事项目录 (or none), offered as the printed tree."""

    def __init__(self, agency, **kwargs: Any) -> None:
        super().__init__(label=_("目录分类"), required=False, **kwargs)
        self.agency = agency
        self.choices = _entry_choices(agency)

    def clean(self, value: Any) -> CatalogEntry | None:
        pk = super().clean(value)
        if not pk:
            return None
        entry = CatalogEntry.objects.filter(agency=self.agency, pk=pk).first()
        if entry is None:
            raise forms.ValidationError(_("请从本机关的公开事项目录中选择。"))
        return entry


class RefileForm(forms.Form):
    """归类 again: the item moves to another entry of the catalogue."""

    def __init__(self, *args: Any, agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalog_entry"] = EntryField(agency)


class EditForm(ContentForm):
    """A draft or returned revision; a correction must say what changed (shown publicly)."""

    change_note = forms.CharField(
        label=_("修改说明"),
        max_length=300,
        required=False,
        help_text=_("更正已发布的信息时必填，将在公开页面的修订记录中显示。"),
    )
    remove_attachments = forms.MultipleChoiceField(
        label=_("删除附件"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, revision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove_attachments"].choices = [
            (str(a.pk), a.name) for a in revision.attachments.all()
        ]

    @staticmethod
    def initial_for(revision) -> dict[str, Any]:
        return {
            f: getattr(revision, f)
            for f in (
                "title",
                "summary",
                "body_html",
                "generated_on",
                "doc_number",
                "written_on",
                "doc_type",
                "disclosure",
                "non_disclosure_reason",
                "change_note",
            )
        }


# --- the actions of the item page ---------------------------------------------------------


class SubmitForm(forms.Form):
    pass


class ApproveForm(forms.Form):
    #: The stage the approver saw: a page left open while someone else acted is refused.
    stage = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    override_reason = forms.CharField(
        label=_("放行筛查问题的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("仅在内容筛查发现须处理的问题、仍确需发布时填写，将记入审批单。"),
    )


class ReturnForm(forms.Form):
    stage = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("退回意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("告诉撰稿人需要修改什么。"),
    )


class PublishForm(forms.Form):
    pass


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("发布时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤稿理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("理由记入审核记录，不公开显示。"),
    )


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label=_("作废理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如“重复录入”“情况有变，不再发布”。理由记入审核记录，稿件不删除。"),
    )


class CorrectForm(forms.Form):
    pass


def _document_choices(items) -> list[tuple[str, str]]:
    return [("", "—")] + [
        (str(i.pk), f"{i.index_number} {i.published_revision or ''}".strip()) for i in items
    ]


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices)
    superseded_by = forms.ChoiceField(label=_("修订或废止本文件的文件"), required=False)
    on = forms.DateField(label=_("效力变更日期"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, documents, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in documents}
        self.fields["superseded_by"].choices = _document_choices(documents)

    def clean_superseded_by(self) -> Item | None:
        pk = self.cleaned_data.get("superseded_by")
        return self.documents.get(pk) if pk else None


class LinkForm(forms.Form):
    document = forms.ChoiceField(label=_("被解读的文件"))
    unlink = forms.BooleanField(label=_("取消关联"), required=False)

    def __init__(self, *args: Any, documents, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in documents}
        self.fields["document"].choices = _document_choices(documents)

    def clean_document(self) -> Item:
        document = self.documents.get(self.cleaned_data.get("document") or "")
        if document is None:
            raise forms.ValidationError(_("请选择一份文件。"))
        return document


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("公开渠道"), choices=Channel.choices)
    date = forms.DateField(label=_("日期"), widget=DATE_WIDGET, initial=timezone.localdate)
    link = forms.CharField(label=_("链接"), max_length=500, required=False)
    photo = forms.FileField(label=_("照片（如公示栏张贴照片，JPEG 或 PNG）"), required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
