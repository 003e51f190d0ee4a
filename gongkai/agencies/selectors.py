"""Reads about agencies and people. Every 'who may see what' question starts here.

Two scopes answer most questions:

- an agency's own people see their agency and what lies under it (a township's villages);
- a 政务公开办管理员 supervises everything under the government their office belongs to
  (`supervised_agencies`), which is also what they see (`visible_agencies`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Agency, Membership, Role


def _active(person) -> bool:
    return bool(
        person is not None
        and getattr(person, "is_authenticated", False)
        and getattr(person, "is_active", False)
    )


def _under_any(paths) -> QuerySet[Agency]:
    """Agencies at or under any of these paths (one indexed prefix test per path)."""
    query = Q()
    for path in set(paths):
        query |= Q(path__startswith=path)
    return Agency.objects.filter(query) if query else Agency.objects.none()


def agencies_below(agency: Agency) -> QuerySet[Agency]:
    """The agency and every agency under it."""
    return Agency.objects.filter(path__startswith=agency.path)


def roles_of(person, agency: Agency) -> set[str]:
    return set(
        Membership.objects.filter(person=person, agency=agency).values_list("role", flat=True)
    )


def supervision_scopes(person) -> list[Agency]:
    """The governments a person supervises as 政务公开办管理员: for each office they serve,
    the government it belongs to (an office with no parent supervises itself only)."""
    if not _active(person):
        return []
    return [
        m.agency.parent or m.agency
        for m in Membership.objects.filter(
            person=person, role=Role.SUPERVISOR_ADMIN
        ).select_related("agency__parent")
    ]


def supervised_agencies(person) -> QuerySet[Agency]:
    """Agencies a 政务公开办管理员 supervises: everything under the government their office
    belongs to, the office itself included. Nothing for anyone else."""
    return _under_any(scope.path for scope in supervision_scopes(person))


def supervises(person, agency: Agency) -> bool:
    """True when the person is 政务公开办管理员 of an office whose government contains `agency`."""
    return any(agency.is_within(scope) for scope in supervision_scopes(person))


def visible_agencies(person) -> QuerySet[Agency]:
    """Agencies whose unpublished work a person may see: their own and those under it, and
    for a 政务公开办管理员 every agency they supervise."""
    if not _active(person):
        return Agency.objects.none()
    own = Membership.objects.filter(person=person).select_related("agency")
    paths = [m.agency.path for m in own]
    paths += [scope.path for scope in supervision_scopes(person)]
    return _under_any(paths)


def agency_tree(agencies: QuerySet[Agency] | None = None) -> QuerySet[Agency]:
    """Agencies in tree order (parents before their children), each with `member_count`:
    how many people hold a role there."""
    agencies = Agency.objects.all() if agencies is None else agencies
    return (
        agencies.select_related("parent")
        .annotate(member_count=Count("memberships__person", distinct=True))
        .order_by("path")
    )


@dataclass(frozen=True)
class TreeRow:
    agency: Agency
    indent: int  # 0 for the top of what the viewer sees


def agency_tree_rows(*, viewer) -> list[TreeRow]:
    """The tree as the management page shows it to `viewer`: all of it for the 系统管理员,
    the supervised part for a 政务公开办管理员; `NotAllowed` for anyone else."""
    # Imported here: the permission rules are built on this module's selectors.
    from .permissions import agencies_viewable_by, require_view_agencies

    require_view_agencies(viewer)
    agencies = list(agency_tree(agencies_viewable_by(viewer)))
    top = min((a.depth for a in agencies), default=0)
    return [TreeRow(agency=a, indent=a.depth - top) for a in agencies]


def nearest_setting(rows: QuerySet, agency: Agency):
    """The row of ``rows`` (a model with an ``agency`` key; empty = the site-wide row) that
    belongs to ``agency`` or the nearest agency above it, else the site-wide row, else None:
    how every per-office setting is inherited down the tree, in one query."""
    return nearest_settings(rows, [agency])[agency.pk]


def nearest_settings(rows: QuerySet, agencies: Iterable[Agency]) -> dict[int, Any]:
    """``nearest_setting`` for many agencies in one query: agency id -> its row or None."""
    agencies = list(agencies)
    paths = {p for a in agencies for p in a.lineage_paths()}
    found = {
        row.agency.path if row.agency_id else "": row
        for row in rows.filter(Q(agency__path__in=paths) | Q(agency__isnull=True)).select_related(
            "agency"
        )
    }
    out: dict[int, Any] = {}
    for agency in agencies:
        out[agency.pk] = next(
            (found[p] for p in [*reversed(agency.lineage_paths()), ""] if p in found), None
        )
    return out
