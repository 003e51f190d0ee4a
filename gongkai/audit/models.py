"""The audit log: an append-only record of every state change in the platform.

Nobody edits or deletes an entry — not an administrator, not the auditor, not a bug: the
model refuses, and database triggers (migration 0002) refuse too, so not even raw SQL
through the application's connection can rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(
        _("操作人姓名"), max_length=150, blank=True
    )  # kept if the person is renamed
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("类别"), max_length=60, db_index=True
    )  # "auth.login_failed", "agency.created" …
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=60, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.kind} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除")
