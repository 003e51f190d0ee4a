"""Reads of catalogues and guides: the tree as rows, the public catalogue, current guides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.agencies.models import Agency

from .models import CatalogEntry, Guide, GuideVersion


@dataclass
class Node:
    entry: CatalogEntry
    depth: int  # 1 for a 一级事项
    children: list[Node] = field(default_factory=list)

    @property
    def leaf_count(self) -> int:
        return sum(c.leaf_count for c in self.children) if self.children else 1


def catalog_tree(agency: Agency, *, active_only: bool = False) -> list[Node]:
    """The agency's entries as a tree in display order (siblings by position, then id)."""
    entries = CatalogEntry.objects.filter(agency=agency)
    if active_only:
        entries = entries.filter(is_active=True)
    by_parent: dict[int | None, list[CatalogEntry]] = {}
    for entry in entries.order_by("position", "id"):
        by_parent.setdefault(entry.parent_id, []).append(entry)

    def build(parent_id: int | None, depth: int) -> list[Node]:
        return [
            Node(entry=e, depth=depth, children=build(e.pk, depth + 1))
            for e in by_parent.get(parent_id, [])
        ]

    return build(None, 1)


def flatten(nodes: list[Node]) -> list[Node]:
    """Depth-first, parents before their children: the order of the page and the sheet."""
    rows: list[Node] = []
    for node in nodes:
        rows.append(node)
        rows.extend(flatten(node.children))
    return rows


def catalog_rows(agency: Agency) -> list[Node]:
    return flatten(catalog_tree(agency))


def public_catalog(agency: Agency) -> list[Node]:
    """What the portal shows: active entries only (an inactive parent hides its branch)."""
    return catalog_tree(agency, active_only=True)


def entry_counts(agencies: QuerySet[Agency]) -> dict[int, int]:
    from django.db.models import Count

    rows = CatalogEntry.objects.filter(agency__in=agencies).values("agency").annotate(n=Count("id"))
    return {row["agency"]: row["n"] for row in rows}


def current_guide(agency: Agency) -> GuideVersion | None:
    """The newest published version of the agency's guide, or None."""
    return (
        GuideVersion.objects.filter(guide__agency=agency)
        .select_related("guide", "published_by")
        .order_by("-number")
        .first()
    )


def published_contacts(agency: Agency) -> list[str]:
    """Phone numbers and e-mail addresses in the current 指南 of the agency and of every
    agency above it. A government publishes them there on purpose (受理机构, 联系电话), so
    screening must not take them for a private person's (C-3) when a notice repeats them."""
    from gongkai.screening import find_personal_data

    newest = GuideVersion.objects.filter(guide=OuterRef("guide")).order_by("-number")
    bodies = GuideVersion.objects.filter(
        guide__agency__path__in=agency.lineage_paths(),
        number=Subquery(newest.values("number")[:1]),
    ).values_list("body_html", flat=True)
    found: dict[str, None] = {}
    for body in bodies:
        for f in find_personal_data(strip_tags(body)):
            if f.kind != "id_card" and f.kind != "bank_card":
                found[f.text] = None
    return list(found)


def guide_versions(agency: Agency) -> QuerySet[GuideVersion]:
    return GuideVersion.objects.filter(guide__agency=agency).select_related("published_by")


def stale_guides(days: int = 365, agencies: QuerySet[Agency] | None = None) -> QuerySet[Guide]:
    """Guides nobody has published or reviewed for `days` days: 第十二条 asks that the guide
    be kept current, and a dashboard can nudge the office. Agencies that have no guide at
    all are not here (see `agencies_without_guide`)."""
    cutoff = timezone.now() - timedelta(days=days)
    guides = Guide.objects.annotate(last_published=Max("versions__published_at")).filter(
        Q(reviewed_at__lt=cutoff)
        | Q(reviewed_at__isnull=True, last_published__lt=cutoff)
        | Q(reviewed_at__isnull=True, last_published__isnull=True)
    )
    if agencies is not None:
        guides = guides.filter(agency__in=agencies)
    return guides.select_related("agency").order_by("reviewed_at")


def agencies_without_guide(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    return agencies.exclude(guide__versions__isnull=False).distinct()
