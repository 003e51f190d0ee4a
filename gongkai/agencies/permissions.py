"""Who may see and change the agency tree.

- The 系统管理员 creates agencies and changes them (names, level, type, place in the tree):
  the same person who manages people and their roles (accounts.permissions).
- A 政务公开办管理员 reads the part of the tree their office supervises.
- Nobody else sees the management pages; the public tree is the portal's.

Services call `require_manage_agencies`; the nav and templates use the predicates only to
hide links.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.errors import NotAllowed
from gongkai.accounts.permissions import can_manage_people

from .models import Agency
from .selectors import supervised_agencies


def can_manage_agencies(user) -> bool:
    """Create agencies, rename them, change their level or type, move them."""
    return can_manage_people(user)  # the 系统管理员, and only them


def agencies_viewable_by(user) -> QuerySet[Agency]:
    """The part of the tree the management pages show to `user` (none: no access)."""
    if can_manage_agencies(user):
        return Agency.objects.all()
    return supervised_agencies(user)


def can_view_agencies(user) -> bool:
    return can_manage_agencies(user) or supervised_agencies(user).exists()


def require_manage_agencies(user) -> None:
    if not can_manage_agencies(user):
        raise NotAllowed(_("只有系统管理员可以新建或修改机构。"))


def require_view_agencies(user) -> None:
    if not can_view_agencies(user):
        raise NotAllowed(_("只有系统管理员和政务公开办管理员可以查看机构管理。"))


def keeps_platform_data(user) -> bool:
    """The people who keep data the whole deployment shares (the working-day calendar, the
    screening dictionary): the 系统管理员 and any 政务公开办管理员."""
    from .selectors import supervision_scopes

    return can_manage_people(user) or bool(supervision_scopes(user))
