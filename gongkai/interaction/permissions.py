"""Who may see and answer messages: the same people as for disclosure applications
(``gongkai.applications.permissions``): everyone working in an agency answers its messages
and those of the agencies below it; a 政务公开办管理员 reads those it supervises; the three
system roles see none. Anonymous readers see published Q&As only (selectors.published).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency
from gongkai.applications.permissions import (
    can_handle,
    can_view,
    handled_agencies,
    viewable_agencies,
)

__all__ = [
    "can_handle",
    "can_view",
    "handled_agencies",
    "require_handle",
    "require_view",
    "viewable_agencies",
]


def require_handle(user, agency: Agency) -> None:
    if not can_handle(user, agency):
        raise NotAllowed(_("只有本机关的工作人员可以办理本机关收到的留言。"))


def require_view(user, agency: Agency) -> None:
    if not can_view(user, agency):
        raise NotAllowed(_("无权查看该机关收到的留言。"))
