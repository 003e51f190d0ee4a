"""主动公开: items, their revisions, the review log, attachments and channel records.

An *item* is what the public sees under one 索引号: a piece of information, an official
document (文件) or a policy interpretation (政策解读). Its text lives in *revisions*; each
revision goes through the agency's review chain on its own log (``ReviewAction``,
append-only) replayed by ``gongkai.proactive.review``. The item points at the revision the
public sees (``published_revision``); a correction is a new revision that replaces it only
once it is approved and published, so the public never sees unreviewed text.

``state`` on items and revisions (and ``stage_index``/``stage_role`` on revisions) are
copies of the replayed log for queries; services rewrite them with every action.

A document's validity (有效/修订/废止) is kept on the item, not on a revision: it changes
when *another* document repeals or amends this one, which is a fact about the document as
published, not a new text to review, and it must survive corrections.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Channel
from gongkai.proactive.index_numbers import DEFAULT_PATTERN
from gongkai.proactive.review import STATE_LABELS_ZH, Action, State

#: 第二十六条: within 20 working days of being formed or changed.
STATUTORY_DEADLINE_WORKING_DAYS = 20

StateChoices = models.TextChoices(
    "StateChoices", [(s.name, (s.value, STATE_LABELS_ZH[s])) for s in State]
)
ActionChoices = models.TextChoices("ActionChoices", [(a.name, (a.value, a.value)) for a in Action])


class ItemKind(models.TextChoices):
    INFO = "info", _("信息")
    DOCUMENT = "document", _("文件")
    INTERPRETATION = "interpretation", _("政策解读")


class Disclosure(models.TextChoices):
    """公开属性."""

    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_DISCLOSED = "not_disclosed", _("不予公开")


class DocType(models.TextChoices):
    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")
    OTHER = "other", _("其他文件")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修订")
    REPEALED = "repealed", _("已废止")


class PublishingPolicy(models.Model):
    """Settings of 主动公开 for an agency and the agencies below it (the nearest one at or
    above an agency applies); the row without an agency is the site-wide default."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publishing_policy",
    )
    index_pattern = models.CharField(
        _("索引号格式"),
        max_length=100,
        default=DEFAULT_PATTERN,
        help_text=_("可用占位符：{机构代码}、{分类}、{年}、{序号}；{序号:05} 表示补足 5 位。"),
    )
    #: Never inherited: it names one agency. Empty: the agency's 网址标识 is used.
    agency_code = models.CharField(_("机构代码"), max_length=40, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("发布时限（工作日）"),
        default=STATUTORY_DEADLINE_WORKING_DAYS,
        help_text=_("条例第二十六条为 20 个工作日；本地规定更严的可以改小。"),
    )
    allow_one_person_two_stages = models.BooleanField(
        _("允许同一人审核两个环节"),
        default=False,
        help_text=_("一人身兼两个岗位时，是否可以连续审核两个环节。默认不允许。"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("主动公开设置")
        verbose_name_plural = _("主动公开设置")

    def __str__(self) -> str:
        return f"{self.agency or _('全站默认')} · {self._meta.verbose_name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from gongkai.proactive.index_numbers import IndexPatternError, validate_pattern

        try:
            validate_pattern(self.index_pattern)
        except IndexPatternError as exc:
            raise ValidationError({"index_pattern": str(exc)}) from exc
        if not 1 <= self.deadline_working_days <= STATUTORY_DEADLINE_WORKING_DAYS:
            raise ValidationError(
                {"deadline_working_days": _("发布时限应为 1 到 20 个工作日（不能宽于条例）。")}
            )


class ReviewChain(models.Model):
    """An agency's review stages, in order (created from the township default when first
    needed)."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="review_chain",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("审核流程")
        verbose_name_plural = _("审核流程")

    def __str__(self) -> str:
        return f"{self.agency} · {self._meta.verbose_name}"


class ReviewStage(models.Model):
    chain = models.ForeignKey(ReviewChain, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(_("顺序"))
    key = models.SlugField(_("编码"), max_length=30)
    label = models.CharField(_("环节名称"), max_length=40)
    role = models.CharField(_("办理岗位"), max_length=30)

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")
        ordering = ["chain_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="review_stage_position_once")
        ]

    def __str__(self) -> str:
        return self.label


class Item(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("发布机构"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    catalog_entry = models.ForeignKey(
        "catalog.CatalogEntry",
        verbose_name=_("目录分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=ItemKind.choices)
    index_number = models.CharField(_("索引号"), max_length=100, unique=True)
    index_year = models.PositiveSmallIntegerField()
    index_seq = models.PositiveIntegerField()
    #: The public state: PUBLISHED while a revision is public, WITHDRAWN after 撤稿, else the
    #: state of the newest revision (a copy of the replayed logs, for queries).
    state = models.CharField(
        _("状态"), max_length=20, choices=StateChoices.choices, default=State.DRAFT
    )
    published_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("公开的版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_published_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤稿时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤稿理由"), blank=True)
    # Documents only (see the module docstring for why these live on the item).
    validity = models.CharField(
        _("效力"), max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("效力变更日期"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("修订或废止本文件的文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    #: An interpretation interprets documents; the reverse is ``interpreted_by``.
    interprets = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="interpreted_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_seq"], name="item_index_seq_once"
            )
        ]
        indexes = [models.Index(fields=["agency", "state"])]

    def __str__(self) -> str:
        return self.index_number

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED and self.published_revision_id is not None


class Revision(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    #: Sanitised on every write (publishing.html.sanitize): what the portal shows as is.
    body_html = models.TextField(_("正文"), blank=True)
    generated_on = models.DateField(_("生成日期"))
    # Documents (文件):
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    disclosure = models.CharField(
        _("公开属性"), max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    non_disclosure_reason = models.TextField(_("不主动公开的理由"), blank=True)
    doc_type = models.CharField(_("文件类型"), max_length=20, choices=DocType.choices, blank=True)
    change_note = models.CharField(_("修改说明"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰稿人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Copies of the replayed review log, for queues and lists.
    state = models.CharField(
        _("状态"), max_length=20, choices=StateChoices.choices, default=State.DRAFT
    )
    stage_index = models.PositiveSmallIntegerField(null=True, blank=True)
    stage_role = models.CharField(max_length=30, blank=True)
    #: The chain as it was at submission: a chain edited later does not move revisions
    #: already in review (and the 审批单 prints the stages they went through).
    chain = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("稿件版本")
        verbose_name_plural = _("稿件版本")
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_number_once")
        ]
        indexes = [models.Index(fields=["state", "stage_role"])]

    def __str__(self) -> str:
        return self.title

    @property
    def body_is_public(self) -> bool:
        """Only 主动公开 text is shown; the 目录 still lists the others with their 公开属性."""
        return self.disclosure == Disclosure.PROACTIVE


class Attachment(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(_("文件"), upload_to="publishing/%Y/", max_length=255)
    #: Extracted for search and screening (empty for images).
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["revision_id", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ReviewAction(models.Model):
    """One entry of a revision's review log. Append-only: never changed, never deleted."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="actions")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=20, choices=ActionChoices.choices)
    stage_index = models.PositiveSmallIntegerField(null=True, blank=True)
    stage_label = models.CharField(max_length=40, blank=True)
    comment = models.TextField(blank=True)
    override_reason = models.TextField(blank=True)
    #: Screening findings at the time (as data), and the roles the actor then held.
    findings = models.JSONField(default=list, blank=True)
    roles = models.JSONField(default=list, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["revision_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.revision_id} · {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("审核记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("审核记录只能追加，不能删除")


class ChannelRecord(models.Model):
    """An item made public through one channel on one day (the annual report counts these).
    Publishing on the platform records the 政府网站 channel itself."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="channel_records")
    channel = models.CharField(_("公开渠道"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("日期"))
    link = models.URLField(_("链接"), max_length=500, blank=True)
    photo = models.FileField(_("照片"), upload_to="publishing/channels/%Y/", blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开渠道记录")
        verbose_name_plural = _("公开渠道记录")
        ordering = ["item_id", "date", "id"]
        indexes = [models.Index(fields=["channel", "date"])]

    def __str__(self) -> str:
        return f"{self.item} · {self.get_channel_display()}"


class PatrolFinding(models.Model):
    """What the nightly site patrol (站点巡查) found in a published revision: screening
    findings (C-1…C-3, personal data already masked) and links that do not resolve (C-4).
    A finding that is no longer there at the next patrol is marked resolved, not deleted,
    so an office can show what it fixed and when."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="patrol_findings")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("规则"), max_length=10)
    severity = models.CharField(_("级别"), max_length=10)
    message = models.TextField(_("说明"))
    text = models.CharField(_("原文"), max_length=500, blank=True)
    suggestion = models.CharField(_("建议"), max_length=500, blank=True)
    # Identifies the same finding from one patrol to the next.
    fingerprint = models.CharField(max_length=64)
    first_found_at = models.DateTimeField(_("首次发现"))
    last_found_at = models.DateTimeField(_("最近发现"))
    resolved_at = models.DateTimeField(_("已消除"), null=True, blank=True)

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
        ordering = ["-last_found_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "fingerprint"], name="patrol_finding_once")
        ]
