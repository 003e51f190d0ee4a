"""The working-day calendar as our own data: one row per year, one per date that differs
from Monday–Friday, and one row whose stamp changes on every write.

Only differences are stored (a weekday off, a weekend day worked): that is what the State
Council's notice says and all `gongkai.workdays.WorkCalendar` needs. Deadlines are never
stored; they are recomputed from these tables, so a corrected year moves them by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    SEED = "seed", _("软件内置（chinese-calendar）")
    ADMIN = "admin", _("管理员录入")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")  # a weekday off
    MAKEUP = "makeup", _("调休上班")  # a weekend day worked


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    # Unconfirmed years count Monday–Friday and mark deadlines 暂定 (see WorkCalendar).
    confirmed = models.BooleanField(_("已确认"), default=False)
    notice_ref = models.CharField(_("通知文号"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class CalendarDay(models.Model):
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)  # e.g. 国庆节

    class Meta:
        verbose_name = _("日历日期")
        verbose_name_plural = _("日历日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"


class CalendarStamp(models.Model):
    """A single row (pk 1) that every write changes, so each process's cached calendar can
    be checked with one indexed primary-key read instead of rebuilding it.

    `token` is random, not a counter, on purpose: a write that rolls back after some process
    cached its uncommitted state would leave that process holding "version 7"; a later,
    different write would commit version 7 again and the stale cache would look current.
    A random token is never reused. `version` counts writes for people reading it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveBigIntegerField(default=0)
    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = _("日历版本")
