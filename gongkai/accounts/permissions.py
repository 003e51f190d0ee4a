"""Who may administer what: the 三员分立 of 等保 as small predicates.

Services call `require_*` before every write, so the rule holds whatever page, command or
future API calls them; templates may use the predicates too, but only to hide buttons.

- 系统管理员 manages people and their agency roles.
- 安全管理员 manages sign-in policy matters: unlocking accounts, resetting second factors.
- 审计管理员 reads the audit log and changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .errors import NotAllowed
from .models import SystemRole


def _role(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return user.system_role or ""


def can_manage_people(user) -> bool:
    """Create people, reset their passwords, give and take agency roles."""
    return _role(user) == SystemRole.SYSTEM_ADMIN


def can_manage_sign_in(user) -> bool:
    """Unlock accounts and reset second factors."""
    return _role(user) == SystemRole.SECURITY_ADMIN


def can_view_people(user) -> bool:
    """The list of people is the working surface of both administrators (not the auditor:
    what they need to know about people is in the log)."""
    return can_manage_people(user) or can_manage_sign_in(user)


def require_manage_people(user) -> None:
    if not can_manage_people(user):
        raise NotAllowed(_("只有系统管理员可以管理人员和岗位。"))


def require_manage_sign_in(user) -> None:
    if not can_manage_sign_in(user):
        raise NotAllowed(_("只有安全管理员可以解锁账户或重置动态口令。"))


def require_view_people(user) -> None:
    if not can_view_people(user):
        raise NotAllowed(_("只有系统管理员和安全管理员可以查看人员列表。"))
