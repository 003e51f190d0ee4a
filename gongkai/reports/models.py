"""Uploaded annual reports, their checks, and the explanations people give for findings.

Three ideas shape these models:

* A file is its content. ``ReportFile`` is unique by SHA-256, so the same report uploaded
  twice (the supervisor re-sends the townships' zip after one of them fixed its file) is
  stored once, and everything said about it stays attached to it.
* A check is one reading of one file for one agency and year. The agency and year are
  guessed from the report and can be corrected; the result is the engine's JSON as it was,
  with the engine version, so a later engine can be told apart.
* An explanation belongs to a finding of a file — (file hash, rule, location) — not to a
  check: re-checking the same file, or uploading it again, finds the explanation again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadBatch(models.Model):
    """One submission of the upload form: what was sent, and what became of each file."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # Whose work the upload is: the agency chosen in the form, else the government a
    # supervisor oversees. It decides who may see checks whose agency is not known yet.
    scope = models.ForeignKey(
        "agencies.Agency", verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("上传批次")
        verbose_name_plural = _("上传批次")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"上传批次 {self.pk}"


class ReportFile(models.Model):
    """The bytes of one report, stored once however often they are uploaded."""

    sha256 = models.CharField(_("内容摘要（SHA-256）"), max_length=64, unique=True)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.BigIntegerField(_("大小（字节）"))
    # What readers.sniff saw in the content (pdf, docx, ole, html, text) — never the name.
    kind = models.CharField(_("文件类型"), max_length=20)
    file = models.FileField(_("文件"), upload_to="reports/", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首次上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("首次上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告文件")
        verbose_name_plural = _("报告文件")

    def __str__(self) -> str:
        return self.original_name


class CheckStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("检查中")
    DONE = "done", _("已完成")
    UNREADABLE = "unreadable", _("无法读取")


FINISHED = (CheckStatus.DONE, CheckStatus.UNREADABLE)


class ReportCheck(models.Model):
    """One check of one report file, assigned to an agency and a year."""

    file = models.ForeignKey(
        ReportFile, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="checks"
    )
    batch = models.ForeignKey(
        UploadBatch,
        verbose_name=_("上传批次"),
        on_delete=models.PROTECT,
        related_name="checks",
    )
    original_name = models.CharField(_("文件名"), max_length=255)
    archive_name = models.CharField(_("所在压缩包"), max_length=255, blank=True)
    scope = models.ForeignKey(
        "agencies.Agency", verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_checks",
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    # True while agency/year are the machine's guess; a person's choice sets it False
    # and a re-check never overrides a person.
    agency_guessed = models.BooleanField(_("单位为自动识别"), default=False)
    year_guessed = models.BooleanField(_("年度为自动识别"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=CheckStatus.choices, default=CheckStatus.QUEUED
    )
    report = models.JSONField(_("检查结果"), null=True, blank=True, encoder=DjangoJSONEncoder)
    message = models.TextField(_("说明"), blank=True)  # why a file could not be read
    detected_agency = models.CharField(_("报告中的单位名称"), max_length=200, blank=True)
    detected_year = models.PositiveSmallIntegerField(_("报告中的年度"), null=True, blank=True)
    format = models.CharField(_("表格格式"), max_length=10, blank=True)
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    warning_count = models.PositiveIntegerField(_("警告"), default=0)
    info_count = models.PositiveIntegerField(_("提示"), default=0)
    # Kept in step with the explanations so that dashboards add up one column.
    unexplained_errors = models.PositiveIntegerField(_("未说明的错误"), default=0)
    engine_version = models.CharField(_("检查引擎版本"), max_length=40, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始检查时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告检查")
        verbose_name_plural = _("报告检查")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "year"], name="reports_check_agency_year"),
            models.Index(fields=["status"], name="reports_check_status"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def owner(self):
        """The agency whose people answer for this check (the scope until it is assigned)."""
        return self.agency or self.scope

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list((self.report or {}).get("findings") or [])


class UploadOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("已接收")
    DUPLICATE = "duplicate", _("已上传过")
    REJECTED = "rejected", _("未接收")


class UploadItem(models.Model):
    """One file of an upload (a zip counts each file inside): accepted, or why not."""

    batch = models.ForeignKey(
        UploadBatch, verbose_name=_("上传批次"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("序号"))
    name = models.CharField(_("文件名"), max_length=500)
    outcome = models.CharField(_("结果"), max_length=20, choices=UploadOutcome.choices)
    message = models.TextField(_("说明"), blank=True)
    report_check = models.ForeignKey(
        ReportCheck,
        verbose_name=_("检查"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("上传文件")
        verbose_name_plural = _("上传文件")
        ordering = ["batch", "position"]

    def __str__(self) -> str:
        return self.name


class FindingExplanation(models.Model):
    """ "Mark as explained": a person says why a finding is not a mistake, or what was done.

    Keyed by the file's content hash, the rule and the location — the identity of a
    finding that survives re-checks — so it is found again for the same file.
    """

    sha256 = models.CharField(_("文件内容摘要"), max_length=64)
    rule = models.CharField(_("规则"), max_length=20)
    location = models.CharField(_("位置"), max_length=255)
    comment = models.TextField(_("说明"))
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("说明人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    explained_at = models.DateTimeField(_("说明时间"))

    class Meta:
        verbose_name = _("问题说明")
        verbose_name_plural = _("问题说明")
        constraints = [
            models.UniqueConstraint(
                fields=["sha256", "rule", "location"], name="one_explanation_per_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.location}"


class ReportReminder(models.Model):
    """A supervisor reminded an agency of its annual report of a year: who, when, and who
    was mailed. Shown on the supervision page; "not twice the same day unless asked" reads
    ``sent_on``."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提醒人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    sent_on = models.DateField(_("提醒日期"))  # the local date, for "once a day"
    # The status the agency's report had when reminded, in words ("起草中", "逾期"…).
    status = models.CharField(_("当时状态"), max_length=30, blank=True)
    # Usernames of the people mailed, and of those who could not be (no address, failure).
    mailed = models.JSONField(_("已发送邮件"), default=list, blank=True)
    not_mailed = models.JSONField(_("未能发送"), default=list, blank=True)

    class Meta:
        verbose_name = _("年报提醒")
        verbose_name_plural = _("年报提醒")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["year", "agency"], name="reports_reminder_year_agency")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} 年度报告提醒"
