"""The audit-log kinds this app writes, with the labels people read in the log viewer."""

from django.utils.translation import gettext_lazy as _

from gongkai.audit.kinds import FAMILY_LABELS, register

ENTRY_CREATED = "catalog.entry_created"
ENTRY_UPDATED = "catalog.entry_updated"
ENTRY_MOVED = "catalog.entry_moved"
ENTRY_DELETED = "catalog.entry_deleted"
IMPORTED = "catalog.imported"
STARTER_INSTALLED = "catalog.starter_installed"
GUIDE_PUBLISHED = "guide.published"

register(ENTRY_CREATED, _("新增公开事项"))
register(ENTRY_UPDATED, _("修改公开事项"))
register(ENTRY_MOVED, _("调整公开事项位置"))
register(ENTRY_DELETED, _("删除公开事项"))
register(IMPORTED, _("导入公开事项目录"))
register(STARTER_INSTALLED, _("安装公开事项目录模板"))
register(GUIDE_PUBLISHED, _("发布政府信息公开指南"))

# The family filter of the log viewer reads this table; there is no register() for it, and
# adding two keys is harmless when the audit app later grows one.
FAMILY_LABELS.setdefault("catalog", _("公开事项目录"))
FAMILY_LABELS.setdefault("guide", _("政府信息公开指南"))
