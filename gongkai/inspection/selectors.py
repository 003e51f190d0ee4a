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
from urllib.parse import urlsplit

from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, Kind, Membership
from gongkai.agencies.selectors import (
    agencies_below,
    nearest_settings,
    supervised_agencies,
    supervises,
)
from gongkai.catalog.models import CatalogEntry, Channel, Mode
from gongkai.catalog.selectors import Node
from gongkai.proactive.review import State
from gongkai.publishing import selectors as publishing
from gongkai.publishing.models import ChannelRecord, Item, PublishingPolicy, Revision
from gongkai.publishing.patrol import open_findings
from gongkai.web.selectors import route_or

from . import probe, rules
from .models import NewMediaAccount

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


# --- the records of many agencies at once -----------------------------------------------------
#
# The ranking inspects every agency of a county: everything below reads all of them with a
# fixed number of queries (one per kind of record), then splits the rows per agency in Python.


def _leaves(nodes: list[Node]) -> list[Node]:
    found: list[Node] = []
    for node in nodes:
        if node.children:
            found.extend(_leaves(node.children))
        elif node.entry.mode == Mode.PROACTIVE:
            # A 依申请公开 column lists what is *not* published: empty by design.
            found.append(node)
    return found


def _trees(ids: list[int]) -> dict[int, list[Node]]:
    """``catalog.selectors.public_catalog`` of every agency in one query: active entries
    only, an inactive parent hiding its branch, siblings by position then id."""
    by_parent: dict[tuple[int, int | None], list[CatalogEntry]] = {}
    for entry in CatalogEntry.objects.filter(agency_id__in=ids, is_active=True).order_by(
        "position", "id"
    ):
        by_parent.setdefault((entry.agency_id, entry.parent_id), []).append(entry)

    def build(agency_id: int, parent_id: int | None, depth: int) -> list[Node]:
        return [
            Node(entry=e, depth=depth, children=build(agency_id, e.pk, depth + 1))
            for e in by_parent.get((agency_id, parent_id), [])
        ]

    return {pk: build(pk, None, 1) for pk in ids}


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
        new_media=route_or("inspection:new_media", "/inspection/", agency.slug),
        availability=route_or("inspection:availability", "/inspection/"),
    )


def _publishing_policies(agencies: list[Agency]) -> dict[int, PublishingPolicy]:
    """``publishing.selectors.policy_for`` of every agency in one query."""
    rows = nearest_settings(PublishingPolicy.objects.all(), agencies)
    return {pk: row or PublishingPolicy() for pk, row in rows.items()}


def _publications(
    agencies: list[Agency], items: list[Item], on: dt.date
) -> dict[int, list[rules.Publication]]:
    """Per agency: public items first published in the last 12 months with the deadline of
    the revision first published (its 生成日期 started the clock), and never-published
    items past their deadline (``publishing.selectors.due_items``' rule)."""
    calendar = publishing.work_calendar()
    policies = _publishing_policies(agencies)
    since = rules.months_before(on, rules.LATE_LOOKBACK_MONTHS)
    recent = [
        i
        for i in items
        if i.first_published_at and since < timezone.localdate(i.first_published_at) <= on
    ]
    first: dict[int, Revision] = {}
    for revision in Revision.objects.filter(
        item_id__in=[i.pk for i in recent], published_at__isnull=False
    ).order_by("item_id", "-published_at", "-id"):
        first[revision.item_id] = revision  # the last one written is the earliest published
    rows: dict[int, list[rules.Publication]] = {a.pk: [] for a in agencies}
    for item in recent:
        revision = first.get(item.pk) or item.published_revision
        due = publishing.publication_due(
            item, revision, calendar, publishing.deadline_days(item, policies[item.agency_id])
        )
        rows[item.agency_id].append(
            rules.Publication(
                title=revision.title,
                url=route_or("publishing:item", "/publishing/", item.pk),
                due=due.date,
                published_on=timezone.localdate(item.first_published_at),
            )
        )
    # The same items as ``publishing.selectors.due_items`` (kept in step with it by
    # tests/inspection: a discarded draft has no deadline).
    waiting = list(
        Item.objects.filter(
            agency_id__in=list(rows), first_published_at__isnull=True, withdrawn_at__isnull=True
        )
        .exclude(state=State.DISCARDED)
        .select_related("catalog_entry")
    )
    newest: dict[int, Revision] = {}
    for revision in Revision.objects.filter(item_id__in=[i.pk for i in waiting]).order_by(
        "item_id", "number"
    ):
        newest[revision.item_id] = revision
    for item in waiting:
        revision = newest.get(item.pk)
        if revision is None:
            continue
        due = publishing.publication_due(
            item, revision, calendar, publishing.deadline_days(item, policies[item.agency_id])
        )
        if due.date < on:
            rows[item.agency_id].append(
                rules.Publication(
                    title=revision.title,
                    url=route_or("publishing:item", "/publishing/", item.pk),
                    due=due.date,
                    published_on=None,
                )
            )
    return rows


def _messages(ids: list[int], on: dt.date) -> dict[int, list[rules.Message]] | None:
    unanswered = unanswered_selector()
    if unanswered is None:
        return None
    queue = route_or("interaction:queue", "/interaction/")
    rows: dict[int, list[rules.Message]] = {pk: [] for pk in ids}
    for row in unanswered(ids, on):
        due = getattr(row, "due", None)
        due = getattr(due, "date", due)  # a DueDate or a plain date
        message = row.message
        agency_id = (
            getattr(row, "agency_id", None)
            or getattr(getattr(row, "agency", None), "pk", None)
            or getattr(message, "agency_id", None)
        )
        rows.setdefault(agency_id, []).append(
            rules.Message(
                title=getattr(message, "title", "") or f"留言 {message.pk}",
                url=route_or("interaction:message", queue, message.pk),
                due=due,
                overdue=bool(row.overdue),
                over_three_months=bool(row.over_three_months),
            )
        )
    return rows


def _matches(account: NewMediaAccount, link: str, shared_host: set[str]) -> bool:
    """Whether a 两微一端 channel record's link is a post of ``account``: the link starts
    with the account's address, or it is on the account's host and no other account of the
    agency shares that host (WeChat articles all live on mp.weixin.qq.com)."""
    if not account.url or not link:
        return False
    if link.startswith(account.url.rstrip("/") + "/") or link == account.url:
        return True
    host = urlsplit(account.url).hostname or ""
    return host == (urlsplit(link).hostname or "") and host not in shared_host


def account_last_updates(accounts: list[NewMediaAccount]) -> dict[int, dt.date | None]:
    """Each account's last update: the clerk's date or the newest 两微一端 channel record of
    the agency's items that points at it, whichever is later. One query."""
    by_agency: dict[int, list[NewMediaAccount]] = {}
    for a in accounts:
        by_agency.setdefault(a.agency_id, []).append(a)
    shared: dict[int, set[str]] = {}
    for agency_id, group in by_agency.items():
        hosts = [urlsplit(a.url).hostname or "" for a in group if a.url]
        shared[agency_id] = {h for h in hosts if hosts.count(h) > 1}
    found = {a.pk: a.last_update_on for a in accounts}
    records = ChannelRecord.objects.filter(
        channel=Channel.NEW_MEDIA, item__agency_id__in=list(by_agency)
    ).exclude(link="")
    for agency_id, link, day in records.values_list("item__agency_id", "link", "date"):
        for a in by_agency.get(agency_id, []):
            if _matches(a, link, shared[agency_id]) and (found[a.pk] is None or day > found[a.pk]):
                found[a.pk] = day
    return found


def _new_media(ids: list[int], agencies: dict[int, Agency]) -> dict[int, list[rules.NewMedia]]:
    accounts = list(NewMediaAccount.objects.filter(agency_id__in=ids))
    last = account_last_updates(accounts)
    rows: dict[int, list[rules.NewMedia]] = {pk: [] for pk in ids}
    for a in accounts:
        page = route_or(
            "inspection:new_media_edit", "/inspection/", agencies[a.agency_id].slug, a.pk
        )
        rows[a.agency_id].append(
            rules.NewMedia(
                name=a.name,
                platform=a.get_platform_display(),
                url=page,
                state=a.state,
                last_update=last[a.pk],
                closure_notice=bool(a.closure_notice_url),
            )
        )
    return rows


@dataclass(frozen=True)
class _Batch:
    sites: dict[int, rules.Site]
    has_site: dict[int, bool]


def _batch(agencies: list[Agency], on: dt.date) -> _Batch:
    ids = [a.pk for a in agencies]
    by_pk = {a.pk: a for a in agencies}
    items = list(
        publishing.public_items()
        .filter(agency_id__in=ids)
        .select_related("catalog_entry", "published_revision")
    )
    items_of: dict[int, list[Item]] = {pk: [] for pk in ids}
    for item in items:
        items_of[item.agency_id].append(item)
    trees = _trees(ids)
    patrol_of: dict[int, list[rules.PatrolRecord]] = {pk: [] for pk in ids}
    patrol_page = route_or("publishing:patrol", "/publishing/patrol/")
    for f in open_findings(ids):
        patrol_of[f.item.agency_id].append(
            rules.PatrolRecord(
                rule=f.rule,
                severity=f.severity,
                message=f.message,
                title=f.revision.title,
                url=route_or("publishing:item", patrol_page, f.item_id),
            )
        )
    publications = _publications(agencies, items, on)
    messages = _messages(ids, on)
    new_media = _new_media(ids, by_pk)
    found = probe.availability(on)
    uptime = rules.Uptime(found.total, found.failed, probe.WINDOW_DAYS) if found.total else None

    sites: dict[int, rules.Site] = {}
    for agency in agencies:
        page = links(agency)
        own = items_of[agency.pk]
        per_entry: dict[int, list[dt.date]] = {}
        for item in own:
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
            for node in _leaves(trees[agency.pk])
        ]
        last = max((d for item in own if (d := _local_date(_last_published(item)))), default=None)
        sites[agency.pk] = rules.Site(
            columns=columns,
            last_publication=last,
            patrol=patrol_of[agency.pk],
            publications=publications[agency.pk],
            messages=None if messages is None else messages.get(agency.pk, []),
            links=page,
            uptime=uptime,
            new_media=new_media[agency.pk],
        )
    has = {a.pk: bool(items_of[a.pk]) or bool(trees[a.pk]) for a in agencies}
    return _Batch(sites, has)


def site(agency: Agency, on: dt.date) -> rules.Site:
    """Everything the indicators read about ``agency`` on ``on``."""
    return _batch([agency], on).sites[agency.pk]


def has_site(agency: Agency) -> bool:
    """True once the agency runs its 公开专栏 here: a catalogue or anything published."""
    return (
        agency.catalog_entries.filter(is_active=True).exists()
        or publishing.public_items(agency).exists()
    )


def inspect_agency(agency: Agency, on: dt.date | None = None) -> rules.Report:
    on = on or today()
    return rules.inspect(site(agency, on), on)


def inspect_many(
    agencies: list[Agency], on: dt.date | None = None, *, with_site_only: bool = False
) -> list[tuple[Agency, rules.Report]]:
    """Every agency's report with a fixed number of queries, in the order given;
    ``with_site_only`` leaves out agencies that do not run their 公开专栏 here."""
    on = on or today()
    batch = _batch(agencies, on)
    return [
        (a, rules.inspect(batch.sites[a.pk], on))
        for a in agencies
        if not with_site_only or batch.has_site[a.pk]
    ]


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
    rows = [RankingRow(a, r) for a, r in inspect_many(list(inspected_agencies(scope)), on)]
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
