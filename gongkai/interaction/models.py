"""互动交流: messages from citizens (留言咨询, 找错 reports, complaints recorded from other
channels), their replies, and each agency's answer deadline.

Deadlines are not stored: like applications' they are derived from ``received_at`` and the
working-day calendar each time they are shown (``selectors.due_date``), so confirming next
year's holidays moves every open message's date at once.

Routing (转办) closes the message at the agency that got it (status 已转办) and creates a
new one at the receiving agency, received on the day of routing: the receiving agency's
clock starts when it receives the message, it cannot be late for days it never had it.
The citizen's own wait is kept in ``first_received_at`` (copied along the chain), and the
3-month red line of 国办秘函〔2019〕19号 is counted from that date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PORTAL = "portal", _("网站留言")
    ERROR_REPORT = "error_report", _("我为政府网站找错")
    WEIBO = "weibo", _("微博")
    WECHAT = "wechat", _("微信")
    HOTLINE = "hotline_12345", _("12345热线")
    MAILBOX = "mailbox", _("信箱")
    PHONE = "phone", _("电话")
    OTHER = "other", _("其他")


# Channels a clerk records by hand (the portal's own two arrive through the public forms).
RECORDED_CHANNELS = [c for c in Channel if c not in (Channel.PORTAL, Channel.ERROR_REPORT)]


class Kind(models.TextChoices):
    CONSULT = "consult", _("咨询")
    SUGGEST = "suggest", _("建议")
    COMPLAINT = "complaint", _("投诉")
    ERROR = "error", _("找错")


class Status(models.TextChoices):
    PENDING = "pending", _("待处理")
    ROUTED = "routed", _("已转办")
    REPLIED = "replied", _("已答复")
    WITHHELD = "withheld", _("不予公开")


# A message in these states has its answer: it no longer runs a clock.
ANSWERED = (Status.REPLIED, Status.WITHHELD)


class Message(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("办理机关"), on_delete=models.PROTECT, related_name="+"
    )
    # 留言编号, shown to the citizen on the receipt and on the public list.
    reference = models.CharField(_("留言编号"), max_length=24, unique=True)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.CONSULT)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("留言内容"))
    # Private: never on a public page, never in the audit log.
    submitter_name = models.CharField(_("留言人"), max_length=50, blank=True)
    submitter_contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    page_url = models.CharField(_("出错网页地址"), max_length=500, blank=True)
    # The 查询码 printed once on the receipt, kept only as a hash: with the reference it
    # opens the public look-up page (``services.lookup``). Empty for messages recorded by a
    # clerk from another channel and for those received before look-up existed: those
    # cannot be looked up online.
    secret_hash = models.CharField(max_length=128, blank=True)

    received_at = models.DateField(_("收到日期"), db_index=True)
    first_received_at = models.DateField(_("留言人首次提交日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    routed_from = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("转办来源机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("原留言"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="routed_copies",
    )
    route_reason = models.CharField(_("转办理由"), max_length=500, blank=True)

    public = models.BooleanField(_("公开"), default=False)
    masked_body = models.TextField(_("公开的留言内容（已脱敏）"), blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateField(_("答复日期"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withheld_reason = models.CharField(_("不予公开理由"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"], name="message_queue"),
            models.Index(fields=["agency", "public"], name="message_public"),
        ]

    def __str__(self) -> str:
        # No submitter: this is the audit log's name for the object.
        return f"留言 {self.reference}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.PENDING

    @property
    def is_error_report(self) -> bool:
        return self.channel == Channel.ERROR_REPORT


def default_answer_days() -> int:
    return int(getattr(settings, "GONGKAI_MESSAGE_ANSWER_DAYS", 5))


def default_error_report_days() -> int:
    # 国办秘函〔2019〕19号: 网民纠错留言 3 个工作日内答复处理.
    return int(getattr(settings, "GONGKAI_ERROR_REPORT_DAYS", 3))


class MessagePolicy(models.Model):
    """Answer deadlines of an agency. Without its own, an agency uses the nearest one above
    it (``Agency.lineage_paths``), then the site-wide one (agency empty), then settings."""

    agency = models.OneToOneField(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    answer_days = models.PositiveSmallIntegerField(
        _("留言咨询答复期限（工作日）"), default=default_answer_days
    )
    error_report_days = models.PositiveSmallIntegerField(
        _("网站找错答复期限（工作日）"), default=default_error_report_days
    )

    class Meta:
        verbose_name = _("互动交流答复期限")
        verbose_name_plural = _("互动交流答复期限")

    def __str__(self) -> str:
        return f"互动交流答复期限（{self.agency.name if self.agency else '全站'}）"
