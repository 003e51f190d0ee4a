"""Who may see and handle disclosure applications.

- Anyone who works in an agency (any role) handles its applications: a township office has
  one or two clerks, and they take turns. People of an agency also see the cases of the
  agencies under it (a township sees its villages').
- Approving an extension (第三十三条) needs the head of the 信息公开工作机构 or the agency's
  主要领导: the services check it, and record who approved.
- A 政务公开办管理员 sees every case of the agencies it supervises, read-only: supervision
  chases overdue cases, it does not answer them.
- The three system roles see no cases: 等保 separates running the system from its content.

Services call the ``require_*`` functions; templates use the predicates only to hide links.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.selectors import supervised_agencies, supervises

APPROVER_ROLES = (Role.DISCLOSURE_HEAD, Role.FINAL_APPROVER)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def handled_agencies(user) -> QuerySet[Agency]:
    """Agencies whose cases ``user`` works on: their own and those below them. None for a
    system role, even one that also holds a membership (等保: 三员 act on the platform)."""
    if not _active(user) or getattr(user, "system_role", ""):
        return Agency.objects.none()
    paths = Membership.objects.filter(person=user).values_list("agency__path", flat=True)
    query = Q()
    for path in set(paths):
        query |= Q(path__startswith=path)
    return Agency.objects.filter(query) if query else Agency.objects.none()


def viewable_agencies(user) -> QuerySet[Agency]:
    """Agencies whose cases ``user`` may read: handled ones and supervised ones."""
    return (handled_agencies(user) | supervised_agencies(user)).distinct()


def can_handle(user, agency: Agency) -> bool:
    if getattr(user, "system_role", ""):
        return False
    return _active(user) and any(
        agency.is_within(a) for a in Agency.objects.filter(memberships__person=user).distinct()
    )


def can_view(user, agency: Agency) -> bool:
    return can_handle(user, agency) or (_active(user) and supervises(user, agency))


def can_approve_extension(user, agency: Agency) -> bool:
    return (
        _active(user)
        and Membership.objects.filter(person=user, agency=agency, role__in=APPROVER_ROLES).exists()
    )


def require_handle(user, agency: Agency) -> None:
    if not can_handle(user, agency):
        raise NotAllowed(_("只有本机关的工作人员可以办理本机关的政府信息公开申请。"))


def require_view(user, agency: Agency) -> None:
    if not can_view(user, agency):
        raise NotAllowed(_("无权查看该机关的政府信息公开申请。"))


def require_approve_extension(user, agency: Agency) -> None:
    if not can_approve_extension(user, agency):
        raise NotAllowed(
            _("延长答复期限须经信息公开工作机构负责人或主要领导同意，您在本机关没有这一岗位。")
        )
