"""Reads of the audit log, and who may read which part of it.

- The 审计管理员 reads every entry.
- A 政务公开办管理员 reads the entries of the agencies their office supervises (not sign-in
  events, which belong to no agency, and not other counties).
- Nobody else reads anything: `NotAllowed`, which views answer with 403.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.errors import NotAllowed
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agencies_below, supervised_agencies

from .models import AuditEntry


def audit_may_read(viewer: User) -> bool:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return False
    return viewer.is_auditor or supervised_agencies(viewer).exists()


def _scope(viewer: User) -> QuerySet[AuditEntry]:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        raise NotAllowed(_("请先登录。"))
    entries = AuditEntry.objects.select_related("agency", "actor")
    if viewer.is_auditor:
        return entries
    agencies = supervised_agencies(viewer)
    if not agencies.exists():
        raise NotAllowed(_("只有审计管理员和政务公开办管理员可以查看审计日志。"))
    return entries.filter(agency__in=agencies)


def _day_start(day: date) -> datetime:
    """Midnight in the site's time zone: "11月23日" means the county's day, not UTC's."""
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entry_list(
    *,
    viewer: User,
    agency: Agency | None = None,
    actor: User | None = None,
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries `viewer` may read, newest first, narrowed by the filters.

    `agency` includes the agencies under it (a township and its villages); `kind` is a
    code ("auth.login") or a family ("auth"); the dates are inclusive, in local time."""
    entries = _scope(viewer)
    if agency is not None:
        entries = entries.filter(agency__in=agencies_below(agency))
    if actor is not None:
        entries = entries.filter(actor=actor)
    kind = kind.strip()
    if kind:
        entries = entries.filter(Q(kind=kind) | Q(kind__startswith=kind.rstrip(".") + "."))
    if date_from is not None:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_day_start(date_to + timedelta(days=1)))
    return entries.order_by("-at", "-id")


def audit_entry_get(*, viewer: User, pk: int) -> AuditEntry:
    """One entry; 404 (not 403) outside the viewer's scope, so ids reveal nothing."""
    entry = _scope(viewer).filter(pk=pk).first()
    if entry is None:
        raise Http404(_("没有这条审计记录。"))
    return entry


def audit_filter_agencies(viewer: User) -> QuerySet[Agency]:
    """Agencies offered in the filter: all for the auditor, the supervised ones otherwise."""
    if viewer.is_auditor:
        return Agency.objects.order_by("path")
    return supervised_agencies(viewer).order_by("path")


def audit_filter_people(viewer: User) -> QuerySet[User]:
    """People offered in the filter: those who appear as actors in the viewer's scope."""
    actor_ids = _scope(viewer).exclude(actor=None).values("actor_id")
    return User.objects.filter(pk__in=actor_ids).order_by("username")


def audit_kinds(viewer: User) -> list[str]:
    """Kinds that occur in the viewer's scope, for the filter's choices."""
    kinds = _scope(viewer).order_by().values_list("kind", flat=True).distinct()
    return sorted(set(kinds))
