"""Disclosure applications (依申请公开): the case, its log of steps, its items and letters.

The log (``CaseStep``) is the truth. A case's status, its received and concluded dates are
copies kept on ``Application`` so that queues and yearly counts are plain indexed queries;
they are rewritten by the services from the replayed log on every step and never edited on
their own. Deadlines are not stored at all: they are derived from the log and the calendar
(``gongkai.workdays``) each time they are shown, so confirming next year's holidays moves
every open case's dates at once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.lifecycle import STATUS_LABELS_ZH, STEP_LABELS_ZH, Status, Step
from gongkai.disclosure.receipt import RULES, Channel


class ApplicantType(models.TextChoices):
    """The columns of table 三: 自然人, and the five kinds of 法人或其他组织."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他组织")


class Delivery(models.TextChoices):
    """How the applicant wants the information and the letters."""

    PAPER_POST = "paper_post", _("纸质，邮寄")
    PAPER_PICKUP = "paper_pickup", _("纸质，当面领取")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上查看")


StatusChoices = models.TextChoices(
    "StatusChoices", [(s.name, (s.value, STATUS_LABELS_ZH[s])) for s in Status]
)
StepChoices = models.TextChoices(
    "StepChoices", [(s.name, (s.value, STEP_LABELS_ZH[s])) for s in Step]
)
ChannelChoices = models.TextChoices(
    "ChannelChoices", [(c.name, (c.value, RULES[c].label_zh)) for c in Channel]
)


class Application(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("受理机关"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # 申请编号 as the office writes it on letters: year of entry and a running number.
    number = models.CharField(_("申请编号"), max_length=20)
    # For the applicant's tracking page: the code is printed on the receipt, the secret is
    # shown once and only its hash is kept, so a leaked database does not open the pages.
    tracking_code = models.CharField(_("查询码"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=128)
    channel = models.CharField(_("申请方式"), max_length=20, choices=ChannelChoices.choices)
    status = models.CharField(
        _("状态"), max_length=24, choices=StatusChoices.choices, default=Status.SUBMITTED
    )

    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_document = models.CharField(_("证件类型"), max_length=40, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)

    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    purpose = models.TextField(_("用途"), blank=True)
    delivery = models.CharField(
        _("获取信息的方式"), max_length=20, choices=Delivery.choices, default=Delivery.PAPER_POST
    )

    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_applications",
    )
    # Copies from the log, for queries (see the module docstring).
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True, db_index=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)

    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="application_number_unique")
        ]
        indexes = [models.Index(fields=["agency", "status"], name="application_queue")]

    def __str__(self) -> str:
        # No applicant name: this is what the audit log keeps as the object's name, and
        # the log's readers (auditor, supervisor) need no personal data.
        return f"{self.agency.short_name or self.agency.name} {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.DECIDED, Status.CLOSED)


class ApplicationItem(models.Model):
    """One piece of information asked for; each gets its own outcome (decisions as data:
    the key of ``gongkai.disclosure.outcomes.OUTCOMES``)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="items", verbose_name=_("申请")
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    description = models.TextField(_("申请内容"))
    outcome = models.CharField(_("处理结果"), max_length=40, blank=True)
    # What the letter says about this item beyond the ground: where it is published, what
    # part was withheld, what was provided.
    answer = models.TextField(_("答复内容"), blank=True)

    class Meta:
        verbose_name = _("申请事项")
        verbose_name_plural = _("申请事项")
        ordering = ["application", "position"]


class CaseStep(models.Model):
    """One step of a case, on its legal date. Append-only: a mistake is corrected by a
    note and, if need be, by the supervisor's audit, never by editing history."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="steps", verbose_name=_("申请")
    )
    step = models.CharField(_("办理事项"), max_length=30, choices=StepChoices.choices)
    date = models.DateField(_("日期"))
    party = models.CharField(_("征求意见对象"), max_length=100, blank=True)
    n = models.PositiveSmallIntegerField(_("延长工作日数"), null=True, blank=True)
    due_date = models.DateField(_("另行确定的答复期限"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("经办人姓名"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["application", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_step_display()}"


class CaseFile(models.Model):
    """A file that came with the application or with a later step (a corrected
    application, a third party's reply). Checked by content on the way in."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="files", verbose_name=_("申请")
    )
    step = models.ForeignKey(
        CaseStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=20)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(_("文件"), upload_to="applications/%Y/", max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")
        ordering = ["application", "id"]


class LetterTemplate(models.Model):
    """An administrator's version of a letter; without one, the default text of
    ``gongkai.officialdoc.letters_zh`` is used. Per agency, or for all (agency empty)."""

    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("文书类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文模板"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="letter_template_unique"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(agency__isnull=True),
                name="letter_template_default_unique",
            ),
        ]


class Letter(models.Model):
    """A letter as it was issued: the filled text is kept, so a later change of the template
    never changes what the applicant received."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("申请")
    )
    key = models.CharField(_("文书类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("正文"))
    docx = models.FileField(upload_to="letters/%Y/", max_length=255)
    pdf = models.FileField(upload_to="letters/%Y/", max_length=255, blank=True)
    # Letters the applicant may see on the tracking page (not internal drafts).
    issued = models.BooleanField(_("已发出"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["application", "id"]


class AppealKind(models.TextChoices):
    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other_result", _("其他结果")
    PENDING = "pending", _("尚未审结")


class Appeal(models.Model):
    """A 行政复议 or 行政诉讼 arising from a case: table 四 is counted from these."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("申请")
    )
    kind = models.CharField(_("类型"), max_length=30, choices=AppealKind.choices)
    filed_on = models.DateField(_("提起日期"))
    body = models.CharField(_("复议机关或法院"), max_length=100, blank=True)
    result = models.CharField(
        _("结果"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("行政复议或诉讼")
        verbose_name_plural = _("行政复议或诉讼")
        ordering = ["-filed_on", "-id"]


class HandlingPolicy(models.Model):
    """The choices DOMAIN.md leaves to each office (*setting*). An agency without its own
    policy uses the nearest one above it, then the site-wide one (agency empty)."""

    agency = models.OneToOneField(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    day_one_is_next_working_day = models.BooleanField(
        _("第 1 个工作日为收到申请后的第一个工作日"), default=True
    )
    fee_pauses_answer_clock = models.BooleanField(_("等待缴费期间答复期限暂停计算"), default=False)
    fee_exempt_types = models.JSONField(_("免收信息处理费的申请人类型"), default=list, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("提前几个工作日提醒"), default=3)
    review_body = models.CharField(_("行政复议机关"), max_length=100, blank=True)
    court = models.CharField(_("管辖法院"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("办理设置")
        verbose_name_plural = _("办理设置")

    def __str__(self) -> str:
        return f"办理设置（{self.agency.name if self.agency else '全站'}）"


class ReminderSent(models.Model):
    """One reminder mailed, so that a daily job never sends the same one twice."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    deadline = models.CharField(max_length=30)
    due_date = models.DateField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deadline", "due_date", "person"], name="reminder_once"
            )
        ]
