"""An agency's annual report of one year, as written and published on the platform.

One ``YearReport`` per agency and year holds the working copy: the six sections' texts
(with live placeholders such as ``{{申请.新收}}``), the explanations of warnings, and the
figures the clerk enters where the platform has no source (``EnteredFigure``). The tables
are not stored on it: they are compiled from the data whenever the report is shown, so
text and tables cannot disagree.

Publishing freezes a ``PublishedVersion``: the Report JSON as published, the findings and
explanations, and the rendered DOCX and PDF. Data that changes later never alters it; a
correction publishes a new version (and the public page says 已更正).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where the working copy is. ``published``: the working copy is the last published
    version (a correction in progress puts it back to drafting while that version stays
    public)."""

    DRAFTING = "drafting", _("起草中")
    IN_REVIEW = "in_review", _("审核中")
    PUBLISHED = "published", _("已发布")


class YearReport(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    stage = models.CharField(
        _("状态"), max_length=20, choices=Stage.choices, default=Stage.DRAFTING
    )
    #: section key -> text with placeholders, as the clerk wrote it.
    texts = models.JSONField(default=dict, blank=True)
    #: finding key (rule|location|message digest) -> the clerk's explanation of a warning.
    explanations = models.JSONField(default=dict, blank=True)
    #: People who wrote in this round (texts, figures, explanations, submission): none of
    #: them may approve it (separation of duties, as in proactive/review.py).
    writer_ids = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)
    #: Why a published report is being corrected (the new version's 更正说明).
    correction_reason = models.CharField(_("更正原因"), max_length=300, blank=True)
    #: Findings of the working copy when it was last saved or checked (for lists).
    draft_errors = models.PositiveIntegerField(default=0)
    draft_warnings = models.PositiveIntegerField(default=0)
    #: Findings of the last published version (copied when it is published).
    public_errors = models.PositiveIntegerField(default=0)
    public_warnings = models.PositiveIntegerField(default=0)
    first_published_at = models.DateTimeField(_("首次发布时间"), null=True, blank=True)
    last_published_at = models.DateTimeField(_("最近发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="yearreport_once_per_year")
        ]
        indexes = [models.Index(fields=["year", "agency"])]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year} 年政府信息公开工作年度报告"

    @property
    def is_published(self) -> bool:
        return self.first_published_at is not None


class EnteredFigure(models.Model):
    """A figure of table 二 the platform has no source for (行政许可/处罚/强制 decisions,
    收费 in 万元 …), entered by the clerk. Every change is audited with before and after."""

    report = models.ForeignKey(YearReport, on_delete=models.CASCADE, related_name="figures")
    #: ``table2.<row>.<column>`` of the report's format.
    key = models.CharField(max_length=80)
    value = models.DecimalField(max_digits=16, decimal_places=4)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    entered_at = models.DateTimeField(_("填报时间"))

    class Meta:
        verbose_name = _("填报数据")
        verbose_name_plural = _("填报数据")
        ordering = ["report_id", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="entered_figure_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class PublishedVersion(models.Model):
    """A report as published: frozen, never changed."""

    report = models.ForeignKey(YearReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    #: The Report as published (compile.report_to_dict): texts resolved, tables, findings.
    snapshot = models.JSONField()
    #: The texts as written (with placeholders) and the explanations of the warnings.
    texts = models.JSONField(default=dict)
    explanations = models.JSONField(default=dict)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    correction_note = models.CharField(_("更正说明"), max_length=300, blank=True)
    docx = models.FileField(upload_to="yearreports/%Y/", max_length=255)
    pdf = models.FileField(upload_to="yearreports/%Y/", max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("年度报告发布版本")
        verbose_name_plural = _("年度报告发布版本")
        ordering = ["report_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="published_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.report} 第 {self.number} 版"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class DeadlineSetting(models.Model):
    """The local publication deadline (month, day of the year after the report year).
    Without its own row an agency uses the nearest one above it, then the site-wide row
    (agency empty), then 1月31日 (条例第四十九条)."""

    agency = models.OneToOneField(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.PositiveSmallIntegerField(_("月"))
    day = models.PositiveSmallIntegerField(_("日"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度报告发布期限")
        verbose_name_plural = _("年度报告发布期限")

    def __str__(self) -> str:
        where = self.agency.name if self.agency else "全站"
        return f"年度报告发布期限（{where}）：次年{self.month}月{self.day}日"
