"""Names of the kinds of audit entry, for people reading the log.

The kind stored is a stable code ("auth.login"); this table gives the Chinese label. Apps
add their own kinds here (or under `register`) — a kind without a label shows its code.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KIND_LABELS: dict[str, str | Promise] = {
    "auth.login": _("登录"),
    "auth.login_failed": _("登录失败"),
    "auth.locked": _("账户锁定"),
    "auth.logout": _("退出登录"),
    "auth.password_changed": _("修改密码"),
    "auth.totp_enrolled": _("启用动态口令"),
    "auth.totp_reset": _("重置动态口令"),
    "person.created": _("新建人员"),
    "person.password_reset": _("重置密码"),
    "person.unlocked": _("解除锁定"),
    "membership.added": _("添加岗位"),
    "membership.removed": _("移除岗位"),
    "audit.exported": _("导出审计日志"),
    "agency.created": _("新建机构"),
    "agency.updated": _("修改机构"),
    "agency.moved": _("调整机构上级"),
    "ops.backup_created": _("创建备份"),
    "ops.restored": _("从备份恢复"),
    "reports.upload": _("上传年报"),
    "reports.check_queued": _("年报排队检查"),
    "reports.check_requeued": _("年报重新检查"),
    "reports.check_done": _("年报检查完成"),
    "reports.check_assigned": _("指定年报的机构和年度"),
    "reports.finding_explained": _("标记问题已说明"),
    "reports.finding_unexplained": _("撤销问题说明"),
}

#: Labels of the part before the dot, for filtering a whole family ("auth" = all sign-in).
FAMILY_LABELS: dict[str, str | Promise] = {
    "auth": _("登录与账户安全"),
    "person": _("人员管理"),
    "membership": _("岗位管理"),
    "audit": _("审计"),
    "agency": _("机构管理"),
    "ops": _("运维"),
    "reports": _("年报检查"),
    "calendar": _("工作日历"),
}


def register(kind: str, label: str | Promise) -> None:
    """Let another app name its kinds without editing this module."""
    KIND_LABELS[kind] = label


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind) or FAMILY_LABELS.get(kind)
    return str(label) if label else kind
