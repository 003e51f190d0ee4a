"""Who may see and edit an agency's 公开事项目录 and 公开指南.

- Edit: the agency's own 信息公开工作机构负责人 and 撰稿人 (the people who keep its
  disclosure work going), and a 政务公开办管理员 for every agency they supervise (the
  county office keeps its townships' catalogues consistent).
- View: also anyone else holding a role in the agency or above it (reviewers, leaders).
- The three 等保 system roles act on the platform, not on disclosure content: never.
Services call the `require_*` functions; templates use the predicates only to hide links.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.agencies.selectors import supervised_agencies, supervises, visible_agencies

EDITOR_ROLES = (Role.DISCLOSURE_HEAD, Role.DRAFTER)


def _eligible(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and not getattr(user, "system_role", "")
    )


def can_edit_catalog(user, agency: Agency) -> bool:
    if not _eligible(user):
        return False
    own = Membership.objects.filter(person=user, agency=agency, role__in=EDITOR_ROLES).exists()
    return own or supervises(user, agency)


def can_view_catalog(user, agency: Agency) -> bool:
    if not _eligible(user):
        return False
    return visible_agencies(user).filter(pk=agency.pk).exists()


def editable_agencies(user) -> QuerySet[Agency]:
    if not _eligible(user):
        return Agency.objects.none()
    own = Membership.objects.filter(person=user, role__in=EDITOR_ROLES).values("agency")
    return (Agency.objects.filter(pk__in=own) | supervised_agencies(user)).distinct()


def viewable_agencies(user) -> QuerySet[Agency]:
    if not _eligible(user):
        return Agency.objects.none()
    return visible_agencies(user)


def require_edit_catalog(user, agency: Agency) -> None:
    if not can_edit_catalog(user, agency):
        raise NotAllowed(
            _(
                "只有本机构的信息公开工作机构负责人、撰稿人和上级政务公开办管理员可以修改%(agency)s的公开事项目录和公开指南。"
            )
            % {"agency": agency.name}
        )


def require_view_catalog(user, agency: Agency) -> None:
    if not can_view_catalog(user, agency):
        raise NotAllowed(_("您无权查看%(agency)s的公开事项目录。") % {"agency": agency.name})
