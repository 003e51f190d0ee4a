"""Who may see and do what in 主动公开.

- Drafts and items in review belong to the agency's people in the chain (撰稿人, 审核人,
  保密审查员, 终审人, 信息公开工作机构负责人 of *that* agency — not of the agencies above or
  below it: a county's leader does not sign a township's items) and are read, never
  changed, by the 政务公开办 that supervises the agency. Nobody else sees them: not the
  public, not another township's clerk, not the three system roles (等保 separates running
  the platform from its content).
- What each person may do in the review itself (which stage, separation of duties) is the
  review core's rule (gongkai.proactive.review); services pass it the roles held here.
- Published items are public; every public read goes through selectors.public_items.

Services call the ``require_*`` functions; templates use the predicates only to hide links.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.selectors import supervised_agencies, supervises

CHAIN_ROLES = frozenset(
    {Role.DRAFTER, Role.REVIEWER, Role.SECRECY_REVIEWER, Role.FINAL_APPROVER, Role.DISCLOSURE_HEAD}
)
WRITER_ROLES = frozenset({Role.DRAFTER, Role.DISCLOSURE_HEAD})
#: Who sets the agency's index pattern, deadline and chain.
SETTINGS_ROLES = frozenset({Role.DISCLOSURE_HEAD, Role.FINAL_APPROVER})


def _active(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and not getattr(user, "system_role", "")
    )


def roles_in(user, agency: Agency) -> frozenset[str]:
    """The chain roles ``user`` holds in ``agency`` itself (as plain strings)."""
    if not _active(user):
        return frozenset()
    return frozenset(
        str(r)
        for r in Membership.objects.filter(
            person=user, agency=agency, role__in=CHAIN_ROLES
        ).values_list("role", flat=True)
    )


def member_agencies(user) -> QuerySet[Agency]:
    """Agencies where ``user`` holds a chain role."""
    if not _active(user):
        return Agency.objects.none()
    return Agency.objects.filter(
        memberships__person=user, memberships__role__in=CHAIN_ROLES
    ).distinct()


def internal_agencies(user) -> QuerySet[Agency]:
    """Agencies whose unpublished items ``user`` may read: their own (chain roles) and the
    supervised ones."""
    if not _active(user):
        return Agency.objects.none()
    ids = {*member_agencies(user).values_list("pk", flat=True)}
    ids |= set(supervised_agencies(user).values_list("pk", flat=True))
    return Agency.objects.filter(pk__in=ids)


def can_view_internal(user, agency: Agency) -> bool:
    if not _active(user):
        return False
    return bool(roles_in(user, agency)) or supervises(user, agency)


def can_write(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & WRITER_ROLES)


def can_change_settings(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency) & SETTINGS_ROLES)


def require_view_internal(user, agency: Agency) -> None:
    if not can_view_internal(user, agency):
        raise NotAllowed(_("只有本机关审核流程中的人员和政务公开办可以查看未发布的稿件。"))


def require_in_chain(user, agency: Agency) -> frozenset[str]:
    """The roles ``user`` acts with, or NotAllowed (a supervisor reads, never acts)."""
    roles = roles_in(user, agency)
    if not roles:
        raise NotAllowed(_("只有本机关审核流程中的人员可以办理本机关的主动公开稿件。"))
    return roles


def require_write(user, agency: Agency) -> frozenset[str]:
    roles = roles_in(user, agency)
    if not roles & WRITER_ROLES:
        raise NotAllowed(
            _("只有本机关的撰稿人或信息公开工作机构负责人可以撰写和修改主动公开稿件。")
        )
    return roles


def require_change_settings(user, agency: Agency) -> None:
    if not can_change_settings(user, agency):
        raise NotAllowed(
            _("主动公开设置和审核流程由本机关的信息公开工作机构负责人或主要领导修改。")
        )
