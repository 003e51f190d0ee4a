"""The agency tree and who works where, in which role.

An agency is a government (省/市/县/乡镇/街道), a village, a department under a
government (部门), or a county's 政务公开办. The tree is stored with a materialised path
("0001/0003/0012/") so that "everything under this county" is one indexed prefix query
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")
    VILLAGE = "village", _("村（社区）")


class Kind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府部门")
    OPEN_GOVERNMENT_OFFICE = "ogo", _("政务公开办")
    VILLAGE = "village", _("村（居）委会")


class Role(models.TextChoices):
    """Roles a person holds in one agency (a person may hold several, in several agencies)."""

    DRAFTER = "drafter", _("撰稿人")
    REVIEWER = "reviewer", _("审核人（分管领导）")
    SECRECY_REVIEWER = "secrecy_reviewer", _("保密审查员")
    FINAL_APPROVER = "final_approver", _("终审人（主要领导）")
    DISCLOSURE_HEAD = "disclosure_head", _("信息公开工作机构负责人")
    SUPERVISOR_ADMIN = "supervisor_admin", _("政务公开办管理员")


class Agency(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.path:
            super().save(*args, **kwargs)  # get a primary key first
            prefix = self.parent.path if self.parent else ""
            self.path = f"{prefix}{self.pk:06d}/"
            kwargs.pop("force_insert", None)
            super().save(update_fields=["path"])
            return
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def lineage_paths(self) -> list[str]:
        """The paths of the root, …, the parent and this agency, in that order: for settings
        an agency inherits from the nearest agency above it that has its own."""
        parts = [p for p in self.path.split("/") if p]
        return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]

    def is_within(self, other: Agency) -> bool:
        """True when this agency is `other` or lies anywhere below it."""
        return self.path.startswith(other.path)


class Membership(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "agency", "role"], name="one_role_once_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.agency} · {self.get_role_display()}"
