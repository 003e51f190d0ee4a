"""Who may keep the working-day calendar.

The calendar is one for the whole platform and moves every statutory deadline, so it is
kept by the two kinds of people who act for the whole deployment: the 系统管理员 (the
accounts app's `can_manage_people`) and any 政务公开办管理员 (a Role.SUPERVISOR_ADMIN
membership; `supervision_scopes` answers that and already ignores inactive people).
The same people see the pages: there is nothing there for anyone else to act on.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.permissions import keeps_platform_data


def can_manage_calendar(user) -> bool:
    """Enter a year's notice, correct it, confirm it; and see the calendar pages."""
    return keeps_platform_data(user)


def require_manage_calendar(user) -> None:
    if not can_manage_calendar(user):
        raise NotAllowed(_("只有系统管理员和政务公开办管理员可以维护工作日历。"))
