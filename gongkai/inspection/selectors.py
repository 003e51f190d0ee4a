"""Reads for the inspection: one agency's records for ``rules.inspect``, the county's
ranking, and who may see which report. Nothing here writes.

Every figure comes from the same selectors the rest of the platform shows: the public
catalogue (``catalog.selectors.public_catalog``), what is public (``publishing.selectors.
public_items``), publication deadlines (``publication_due``/``due_items``), the nightly
patrol (``publishing.patrol.open_findings``) and, when installed, the interaction app's
``unanswered``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, Kind, Membership
from gongkai.agencies.selectors import agencies_below, supervised_agencies, supervises
from gongkai.catalog.models import Mode
from gongkai.catalog.selectors import Node, public_catalog
from gongkai.publishing import selectors as publishing
from gongkai.publishing.models import Item, Revision
from gongkai.publishing.patrol import open_findings
from gongkai.web.selectors import route_or

from . import rules

#: Where the interaction app offers its unanswered messages (looked up at each inspection,
#: so this app works before, and without, that app).
UNANSWERED_SELECTOR = ("gongkai.interaction", "gongkai.interaction.selectors", "unanswered")


def today() -> dt.date:
    return timezone.localdate()


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def unanswered_selector() -> Callable | None:
    """The interaction app's ``unanswered(agencies, on)``, or None while it is not there
    (not installed: importing its models would fail, so ask the registry first)."""
    app, module, name = UNANSWERED_SELECTOR
    if not apps.is_installed(app):
        return None
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


# --- one agency's records -------------------------------------------------------------------


def _leaves(nodes: list[Node]) -> list[Node]:
    found: list[Node] = []
    for node in nodes:
        if node.children:
            found.extend(_leaves(node.children))
        elif node.entry.mode == Mode.PROACTIVE:
            # A 依申请公开 column lists what is *not* published: empty by design.
            found.append(node)
    return found


def _last_published(item: Item) -> dt.datetime | None:
    revision = item.published_revision
    return max(
        (m for m in (item.first_published_at, revision and revision.published_at) if m),
        default=None,
    )


def links(agency: Agency) -> rules.Links:
    return rules.Links(
        catalog=route_or("catalog:tree", "/catalog/", agency.slug),
        publishing=route_or("publishing:home", "/publishing/"),
        patrol=route_or("publishing:patrol", "/publishing/patrol/"),
        interaction=route_or("interaction:queue", "/interaction/"),
    )


def site(agency: Agency, on: dt.date) -> rules.Site:
    """Everything the indicators read about ``agency`` on ``on``."""
    page = links(agency)
    items = list(publishing.public_items(agency))

    # Columns: each active leaf with its public items and newest publication.
    per_entry: dict[int, list[dt.date]] = {}
    for item in items:
        moment = _last_published(item)
        if item.catalog_entry_id and moment is not None:
            per_entry.setdefault(item.catalog_entry_id, []).append(timezone.localdate(moment))
    columns = [
        rules.Column(
            code=node.entry.code,
            name=node.entry.name,
            url=f"{page.catalog}#entry-{node.entry.pk}",
            items=len(per_entry.get(node.entry.pk, [])),
            last_published=max(per_entry.get(node.entry.pk, []), default=None),
        )
        for node in _leaves(public_catalog(agency))
    ]
    last = max((d for item in items if (d := _local_date(_last_published(item)))), default=None)

    patrol = [
        rules.PatrolRecord(
            rule=f.rule,
            severity=f.severity,
            message=f.message,
            title=f.revision.title,
            url=route_or("publishing:item", page.patrol, f.item_id),
        )
        for f in open_findings([agency])
    ]

    return rules.Site(
        columns=columns,
        last_publication=last,
        patrol=patrol,
        publications=_publications(agency, items, on),
        messages=_messages(agency, on),
        links=page,
    )


def _publications(agency: Agency, items: list[Item], on: dt.date) -> list[rules.Publication]:
    """Public items first published in the last 12 months with the deadline of the revision
    first published (its 生成日期 started the clock), and unpublished overdue items."""
    calendar = publishing.work_calendar()
    policy = publishing.policy_for(agency)
    since = rules.months_before(on, rules.LATE_LOOKBACK_MONTHS)
    recent = [
        i
        for i in items
        if i.first_published_at and since < timezone.localdate(i.first_published_at) <= on
    ]
    first: dict[int, Revision] = {}
    for revision in Revision.objects.filter(item__in=recent, published_at__isnull=False).order_by(
        "item_id", "-published_at", "-id"
    ):
        first[revision.item_id] = revision  # the last one written is the earliest published
    rows = []
    for item in recent:
        revision = first.get(item.pk) or item.published_revision
        due = publishing.publication_due(
            item, revision, calendar, publishing.deadline_days(item, policy)
        )
        rows.append(
            rules.Publication(
                title=revision.title,
                url=route_or("publishing:item", "/publishing/", item.pk),
                due=due.date,
                published_on=timezone.localdate(item.first_published_at),
            )
        )
    for row in publishing.due_items(agency, on):
        if row.status == "overdue":
            rows.append(
                rules.Publication(
                    title=row.revision.title,
                    url=route_or("publishing:item", "/publishing/", row.item.pk),
                    due=row.due.date,
                    published_on=None,
                )
            )
    return rows


def _messages(agency: Agency, on: dt.date) -> list[rules.Message] | None:
    unanswered = unanswered_selector()
    if unanswered is None:
        return None
    queue = route_or("interaction:queue", "/interaction/")
    rows = []
    for row in unanswered([agency], on):
        due = getattr(row, "due", None)
        due = getattr(due, "date", due)  # a DueDate or a plain date
        message = row.message
        rows.append(
            rules.Message(
                title=getattr(message, "title", "") or f"留言 {message.pk}",
                url=route_or("interaction:message", queue, message.pk),
                due=due,
                overdue=bool(row.overdue),
                over_three_months=bool(row.over_three_months),
            )
        )
    return rows


def has_site(agency: Agency) -> bool:
    """True once the agency runs its 公开专栏 here: a catalogue or anything published."""
    return (
        agency.catalog_entries.filter(is_active=True).exists()
        or publishing.public_items(agency).exists()
    )


def inspect_agency(agency: Agency, on: dt.date | None = None) -> rules.Report:
    on = on or today()
    return rules.inspect(site(agency, on), on)


# --- the county -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    agency: Agency
    report: rules.Report


def inspected_agencies(scope: Agency | object) -> QuerySet[Agency]:
    """What a county's inspection covers: an agency and everything under it, or everything
    a 政务公开办管理员 supervises — except the 政务公开办 itself (it has no site: it works
    inside its government's)."""
    agencies = agencies_below(scope) if isinstance(scope, Agency) else supervised_agencies(scope)
    return agencies.exclude(kind=Kind.OPEN_GOVERNMENT_OFFICE).order_by("path")


def inspect_county(scope: Agency | object, on: dt.date | None = None) -> list[RankingRow]:
    """Every inspected agency with its report, worst first (see ``rules.rank_key``)."""
    on = on or today()
    rows = [RankingRow(a, inspect_agency(a, on)) for a in inspected_agencies(scope)]
    rows.sort(key=lambda r: (rules.rank_key(r.report), r.agency.path))
    return rows


# --- who sees what ----------------------------------------------------------------------------


def eligible(user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and not getattr(user, "system_role", "")  # 等保: the three system roles keep out
    )


def own_agencies(user) -> QuerySet[Agency]:
    """Agencies where ``user`` works (any role), the 政务公开办 left out."""
    if not eligible(user):
        return Agency.objects.none()
    ids = Membership.objects.filter(person=user).values_list("agency_id", flat=True)
    return (
        Agency.objects.filter(pk__in=ids).exclude(kind=Kind.OPEN_GOVERNMENT_OFFICE).order_by("path")
    )


def is_supervisor(user) -> bool:
    return eligible(user) and supervised_agencies(user).exists()


def can_view(user, agency: Agency) -> bool:
    """An agency's own people see its report; a 政务公开办管理员 every supervised one."""
    if not eligible(user):
        return False
    if Membership.objects.filter(person=user, agency=agency).exists():
        return True
    return supervises(user, agency)
