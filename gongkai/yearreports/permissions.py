"""Who may write, approve and read an agency's annual report.

- Writing (texts, entered figures, explanations, submission): the agency's 撰稿人 or
  信息公开工作机构负责人 — the report is the office's own, as a 主动公开 item is.
- Approving (审核通过并发布) or returning it: the agency's 信息公开工作机构负责人 or 主要领导
  (终审人), and never someone who wrote in this round — the writer never approves
  (as in gongkai/proactive/review.py). Checked in the services.
- Reading drafts: the agency's people in the chain and the 政务公开办 that supervises it
  (read-only). The three system roles see none.
- The local deadline: the 政务公开办 that supervises the agency.
Public pages read published versions only, through ``selectors.public_version(s)``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.selectors import supervises
from gongkai.publishing.permissions import (
    internal_agencies,
    member_agencies,
    roles_in,
)

WRITER_ROLES = frozenset({Role.DRAFTER, Role.DISCLOSURE_HEAD})
APPROVER_ROLES = frozenset({Role.DISCLOSURE_HEAD, Role.FINAL_APPROVER})

__all__ = [
    "can_approve",
    "can_set_deadline",
    "can_view",
    "can_write",
    "member_agencies",
    "readable_agencies",
    "require_approve",
    "require_set_deadline",
    "require_view",
    "require_write",
]


def readable_agencies(user) -> QuerySet[Agency]:
    return internal_agencies(user)


def can_view(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency)) or (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "system_role", "")
        and supervises(user, agency)
    )


def can_write(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & WRITER_ROLES)


def can_approve(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & APPROVER_ROLES)


def can_set_deadline(user, agency: Agency) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not getattr(user, "system_role", "")
        and supervises(user, agency)
    )


def require_view(user, agency: Agency) -> None:
    if not can_view(user, agency):
        raise NotAllowed(_("无权查看该机关的年度报告。"))


def require_write(user, agency: Agency) -> None:
    if not can_write(user, agency):
        raise NotAllowed(_("只有本机关的撰稿人或信息公开工作机构负责人可以编写本机关的年度报告。"))


def require_approve(user, agency: Agency) -> None:
    if not can_approve(user, agency):
        raise NotAllowed(
            _("年度报告须由本机关的信息公开工作机构负责人或主要领导审核，您在本机关没有这一岗位。")
        )


def require_set_deadline(user, agency: Agency) -> None:
    if not can_set_deadline(user, agency):
        raise NotAllowed(_("年度报告的发布期限由监督本机关的政务公开办设置。"))
