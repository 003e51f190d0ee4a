"""The administrators' own dictionary terms (词库), on top of the starter dictionary that
ships with ``gongkai.screening``.

A county knows its own leaders' names and titles, its renamed offices and the local
mistakes its clerks make; those terms live here, and every screening in the platform uses
the starter dictionary merged with them (a term here wins over the starter's, so an
office can also downgrade or switch off a starter entry with kind ``ok``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.screening.dictionary import TermKind

KIND_LABELS = {
    TermKind.TYPO: _("错别字（C-1）"),
    TermKind.SENSITIVE: _("敏感或不当表述（C-2）"),
    TermKind.OUTDATED: _("过时名称（C-2）"),
    TermKind.EXPRESSION: _("不规范表述（C-2）"),
    TermKind.LEADER: _("领导姓名及职务（C-2）"),
    TermKind.OK: _("例外（不提示）"),
}


class LexiconTerm(models.Model):
    text = models.CharField(_("词条"), max_length=60, unique=True)
    kind = models.CharField(
        _("类型"), max_length=20, choices=[(k.value, label) for k, label in KIND_LABELS.items()]
    )
    suggestion = models.CharField(
        _("建议写法（领导：职务，用 | 分隔）"), max_length=200, blank=True
    )
    severity = models.CharField(
        _("级别"), max_length=10, choices=[("warning", _("警告")), ("error", _("错误"))]
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("词库词条")
        verbose_name_plural = _("词库词条")
        ordering = ["kind", "text"]

    def __str__(self) -> str:
        return self.text
