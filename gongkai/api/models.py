"""API tokens: the key a program (a county's document system, a script) presents to upload
annual reports through /api/.

Only a SHA-256 digest of each token is stored. A token is 256 random bits, so a plain
digest is as good as a salted slow hash here (nobody can guess one from a digest) and it
lets a request find its token with one indexed lookup. The first characters are kept in
clear (``prefix``) so that people can tell their tokens apart in the list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("可上传的单位"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("令牌开头"), max_length=12, editable=False)
    # Uploads are recorded in this person's name (UploadBatch.uploaded_by), and the token
    # never does more than they may: losing their role stops the token too.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吊销人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
