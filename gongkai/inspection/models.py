"""What the inspection keeps: the agency's 政务新媒体 accounts (两微一端 …) and the results of
the site-availability probe. Everything else it reads from the other apps as it is now.

政务新媒体 (国办发〔2018〕123号《关于推进政务新媒体健康有序发展的意见》): each account is
registered (名称、平台、地址、负责人) so the office knows what it runs; 19号's 政务新媒体检查
指标 then fail an account for no update within 2 weeks, and the 2018 意见 asks that an account
no longer maintained be closed with a public notice rather than left to rot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    APP = "app", _("移动客户端")
    MINI_PROGRAM = "mini_program", _("小程序")
    VIDEO = "video", _("短视频账号")
    TOUTIAO = "toutiao", _("头条号")
    OTHER = "other", _("其他")


class AccountState(models.TextChoices):
    ACTIVE = "active", _("正常运行")
    UNREACHABLE = "unreachable", _("无法访问")
    CLOSED = "closed", _("已关停")


class NewMediaAccount(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("主办机关"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("账号名称"), max_length=100)
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("账号地址"), max_length=500, blank=True)
    responsible = models.CharField(_("负责人"), max_length=50)
    #: The last update a clerk saw on the account (the platform is not reachable from here).
    last_update_on = models.DateField(_("最近更新日期"), null=True, blank=True)
    state = models.CharField(
        _("运行状态"), max_length=20, choices=AccountState.choices, default=AccountState.ACTIVE
    )
    closed_on = models.DateField(_("关停日期"), null=True, blank=True)
    closure_notice_url = models.URLField(_("关停公告地址"), max_length=500, blank=True)
    checked_on = models.DateField(_("登记核实日期"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        ordering = ["agency_id", "platform", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "platform", "name"], name="new_media_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}「{self.name}」"


class SiteProbe(models.Model):
    """One availability check of the portal's home page. ``slot`` is the start of the
    probe's period: a second run in the same period finds it there and does nothing."""

    slot = models.DateTimeField(_("监测时段"), unique=True)
    checked_at = models.DateTimeField(_("监测时间"))
    url = models.CharField(_("监测地址"), max_length=500)
    ok = models.BooleanField(_("正常"))
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    seconds = models.FloatField(_("耗时（秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("站点可用性监测")
        verbose_name_plural = _("站点可用性监测")
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.slot:%Y-%m-%d %H:%M} {'正常' if self.ok else '无法访问'}"
