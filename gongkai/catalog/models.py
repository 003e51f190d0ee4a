"""公开事项目录 (the catalogue of 国办公开办函〔2019〕54号 style) and 政府信息公开指南 (条例第十二条).

A catalogue belongs to one agency. Its entries form a shallow tree — 一级事项 and 二级事项,
sometimes a third level — kept in order by `position` among siblings; the tree is small (a
township has some 60–150 rows), so it is read whole and assembled in Python rather than
stored with a materialised path.

The columns are the ones 54号 asks for, in its order. Channels are stored as stable keys
(see `Channel`) so that renaming a label never changes stored data, plus free text for 其他.

Other apps point at `CatalogEntry` ("catalog.CatalogEntry"): the publishing app files items
under an entry and reads `deadline_working_days`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: 一级 / 二级 事项, and one more level for the rare catalogue that needs it.
MAX_DEPTH = 3


class Channel(models.TextChoices):
    """公开渠道和载体 (the list of DOMAIN.md, in its order)."""

    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    NEW_MEDIA = "new_media", _("两微一端")
    PRESS = "press", _("发布会/听证会")
    BROADCAST = "broadcast", _("广播电视")
    PRINT = "print", _("纸质媒体")
    READING_POINT = "reading_point", _("公开查阅点")
    SERVICE_CENTER = "service_center", _("政务服务中心")
    SERVICE_STATION = "service_station", _("便民服务站")
    DOOR_TO_DOOR = "door_to_door", _("入户/现场")
    NOTICE_BOARD = "notice_board", _("社区/村公示栏（电子屏）")
    TARGETED_PUSH = "targeted_push", _("精准推送")
    OTHER = "other", _("其他")


class Audience(models.TextChoices):
    """公开对象."""

    PUBLIC = "public", _("全社会")
    SPECIFIC = "specific", _("特定群体")


class Mode(models.TextChoices):
    """公开方式."""

    PROACTIVE = "proactive", _("主动")
    ON_REQUEST = "on_request", _("依申请")


class Tier(models.TextChoices):
    """公开层级 (optional: many catalogues leave it out)."""

    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


class CatalogEntry(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机构"),
        on_delete=models.PROTECT,
        related_name="catalog_entries",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # deleting a parent is a service decision, never a cascade
        related_name="children",
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    #: Stable within the agency ("t05", "t05-02"): addresses, import matching, and the
    #: publishing app's column codes survive renames.
    code = models.SlugField(_("编码"), max_length=40)

    name = models.CharField(_("事项名称"), max_length=100)
    content = models.TextField(_("公开内容（要素）"), blank=True)
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit = models.CharField(_("公开时限"), max_length=200, blank=True)
    body = models.CharField(_("公开主体"), max_length=200, blank=True)
    channels = models.JSONField(_("公开渠道和载体"), default=list, blank=True)
    channels_other = models.CharField(_("其他渠道"), max_length=200, blank=True)
    audience = models.CharField(
        _("公开对象"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    mode = models.CharField(
        _("公开方式"), max_length=20, choices=Mode.choices, default=Mode.PROACTIVE
    )
    tier = models.CharField(_("公开层级"), max_length=20, choices=Tier.choices, blank=True)
    deadline_working_days = models.PositiveSmallIntegerField(
        _("发布时限（工作日）"),
        null=True,
        blank=True,
        help_text=_("填写后，归入本事项的信息按此时限发布，代替本机构的默认时限。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        ordering = ["agency_id", "parent_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="catalog_code_once_per_agency")
        ]
        indexes = [models.Index(fields=["agency", "parent", "position"])]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_labels(self) -> list[str]:
        """The channels as people read them; 其他 carries its free text."""
        labels = []
        for key in self.channels:
            if key not in Channel.values:
                continue  # a key from a newer version of the list: show nothing rather than fail
            if key == Channel.OTHER and self.channels_other:
                labels.append(f"{Channel.OTHER.label}（{self.channels_other}）")
            else:
                labels.append(str(Channel(key).label))
        return labels


class Guide(models.Model):
    """One agency's 政府信息公开指南; its text lives in versions, the newest is current."""

    agency = models.OneToOneField(
        "agencies.Agency", verbose_name=_("机构"), on_delete=models.PROTECT, related_name="guide"
    )
    #: Someone confirmed the text is still right without changing it (or published it).
    reviewed_at = models.DateTimeField(_("最近审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def __str__(self) -> str:
        return f"{self.agency} · {self._meta.verbose_name}"


class GuideVersion(models.Model):
    """A published text, kept as published: versions are never edited."""

    guide = models.ForeignKey(
        Guide, verbose_name=_("指南"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    title = models.CharField(_("标题"), max_length=200)
    #: Sanitised HTML (services.sanitize_guide_html); what the portal shows.
    body_html = models.TextField(_("正文"))
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("指南版本")
        verbose_name_plural = _("指南版本")
        ordering = ["guide_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guide_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"
