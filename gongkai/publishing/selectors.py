"""Reads about 主动公开: settings in force, review states replayed from the logs, the
queues, due dates, the public listing and history. Nothing here writes.

Every public page, feed and index reads items through ``public_items`` (and the history
through ``history``): nothing is public before the last stage approved and someone
published it, and nothing withdrawn stays public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.selectors import nearest_setting
from gongkai.proactive import review
from gongkai.proactive.review import Logged, ReviewState, Rules, Stage, State
from gongkai.workdays import DueDate, WorkCalendar, add_working_days, count_working_days

from .models import ChannelRecord, Item, ItemKind, PublishingPolicy, ReviewAction, Revision
from .permissions import CHAIN_ROLES, internal_agencies, roles_in

#: Unpublished items due within this many working days are "due soon".
DUE_SOON_WORKING_DAYS = 5
#: States of a revision still on its way to the public.
WORKING_STATES = (State.DRAFT, State.RETURNED, State.IN_REVIEW, State.APPROVED, State.SCHEDULED)


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()


def work_calendar() -> WorkCalendar:
    from gongkai.calendars.selectors import work_calendar as stored

    return stored()


# --- settings ----------------------------------------------------------------------------


def policy_for(agency: Agency) -> PublishingPolicy:
    """The nearest policy at or above ``agency``, else the site-wide one, else defaults."""
    return nearest_setting(PublishingPolicy.objects.all(), agency) or PublishingPolicy()


def agency_code(agency: Agency) -> str:
    """The 机构代码 of the index number: the agency's own setting, never an inherited one
    (it names the agency), else its 网址标识."""
    own = PublishingPolicy.objects.filter(agency=agency).values_list("agency_code", flat=True)
    return next(iter(own), "") or agency.slug.upper()


def chain_for(agency: Agency) -> tuple[Stage, ...]:
    """The agency's review stages in order; the township default until it sets its own
    (services store it the first time a revision is submitted)."""
    from .models import ReviewStage

    stages = ReviewStage.objects.filter(chain__agency=agency).order_by("position")
    stored = tuple(Stage(s.key, s.label, s.role) for s in stages)
    return stored or review.DEFAULT_TOWNSHIP_CHAIN


def rules_for(agency: Agency) -> Rules:
    return Rules(allow_one_person_two_stages=policy_for(agency).allow_one_person_two_stages)


def revision_chain(revision: Revision) -> tuple[Stage, ...]:
    """The chain a revision is reviewed under: its snapshot once submitted."""
    if revision.chain:
        return review.chain_from_data(revision.chain)
    return chain_for(revision.item.agency)


# --- the review log ------------------------------------------------------------------------


def logged(actions) -> list[Logged]:
    return [
        Logged(
            action=review.Action(a.action),
            actor=a.actor_id,
            roles=frozenset(a.roles or ()),
            stage=a.stage_index,
            comment=a.comment,
            override_reason=a.override_reason,
            blocking=tuple(f["rule"] for f in a.findings or () if f.get("blocking")),
            at=a.at,
            scheduled_for=a.scheduled_for,
        )
        for a in actions
    ]


def review_state(revision: Revision) -> ReviewState:
    actions = ReviewAction.objects.filter(revision=revision).order_by("at", "id")
    return review.replay(
        revision_chain(revision),
        logged(actions),
        writer=revision.author_id,
        rules=rules_for(revision.item.agency),
    )


def allowed_actions(user, revision: Revision) -> list[review.Action]:
    """What ``user`` may do with ``revision`` now (for showing buttons; services decide)."""
    roles = roles_in(user, revision.item.agency)
    if not roles:
        return []
    return review.allowed(
        revision_chain(revision),
        review_state(revision),
        user.pk,
        roles,
        rules=rules_for(revision.item.agency),
    )


def timeline(revision: Revision) -> QuerySet[ReviewAction]:
    """The review log of a revision (internal: comments and override reasons)."""
    return (
        ReviewAction.objects.filter(revision=revision).select_related("actor").order_by("at", "id")
    )


# --- internal lists -----------------------------------------------------------------------


def internal_items(user, agency: Agency | None = None) -> QuerySet[Item]:
    """Items ``user`` may see in the back office, published or not."""
    items = Item.objects.filter(agency__in=internal_agencies(user))
    if agency is not None:
        items = items.filter(agency=agency)
    return items.select_related("agency", "catalog_entry", "published_revision")


def working_revision(item: Item) -> Revision | None:
    """The newest revision not yet public (a draft, or a correction on its way), or None."""
    newest = item.revisions.order_by("-number").first()
    if newest is None or newest.state not in WORKING_STATES:
        return None
    return newest


def review_queue(user) -> list[Revision]:
    """待我审核: revisions waiting at a stage whose role ``user`` holds in that agency,
    minus their own writing and any stage the rules would not let them approve."""
    memberships = Membership.objects.filter(person=user, role__in=CHAIN_ROLES)
    query = Q()
    for agency_id, role in memberships.values_list("agency_id", "role"):
        query |= Q(item__agency_id=agency_id, stage_role=role)
    if not query or not roles_in_any(user):
        return []
    candidates = list(
        Revision.objects.filter(query, state=State.IN_REVIEW)
        .exclude(author=user)
        .select_related("item__agency", "author")
        .order_by("updated_at", "id")
    )
    # The same rules as allowed_actions, with the logs read in one query and the roles and
    # rules read once per agency: a 分管领导 may have hundreds of revisions waiting.
    logs: dict[int, list[ReviewAction]] = {r.pk: [] for r in candidates}
    for action in ReviewAction.objects.filter(revision__in=candidates).order_by("at", "id"):
        logs[action.revision_id].append(action)
    per_agency: dict[int, tuple[frozenset[str], Rules]] = {}
    waiting = []
    for revision in candidates:
        agency = revision.item.agency
        if agency.pk not in per_agency:
            per_agency[agency.pk] = (roles_in(user, agency), rules_for(agency))
        roles, rules = per_agency[agency.pk]
        chain = revision_chain(revision)
        state = review.replay(
            chain, logged(logs[revision.pk]), writer=revision.author_id, rules=rules
        )
        if review.Action.APPROVE in review.allowed(chain, state, user.pk, roles, rules=rules):
            waiting.append(revision)
    return waiting


def roles_in_any(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)) and not getattr(
        user, "system_role", ""
    )


def my_drafts(user) -> QuerySet[Revision]:
    """Revisions ``user`` wrote that are not public yet (drafts, returned, in review,
    approved or scheduled), returned ones first."""
    if not roles_in_any(user):
        return Revision.objects.none()
    return (
        Revision.objects.filter(author=user, state__in=WORKING_STATES)
        .select_related("item__agency")
        .order_by("-updated_at", "-id")
    )


# --- due dates (第二十六条) -----------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    item: Item
    revision: Revision
    due: DueDate
    #: Working days left after ``on`` (negative once overdue: how many days late).
    working_days_left: int
    status: str  # "overdue" | "due_soon" | "ok"

    @property
    def status_zh(self) -> str:
        return {"overdue": "已超期", "due_soon": "即将到期", "ok": "未到期"}[self.status]


def deadline_days(item: Item, policy: PublishingPolicy | None = None) -> int:
    """The working days allowed: the catalogue entry's own limit when it sets one, else
    the agency's policy (20 under 第二十六条 unless stricter locally)."""
    entry = item.catalog_entry
    if entry is not None and entry.deadline_working_days:
        return entry.deadline_working_days
    return (policy or policy_for(item.agency)).deadline_working_days


def publication_due(
    item: Item, revision: Revision, calendar: WorkCalendar | None = None, days: int | None = None
) -> DueDate:
    days = days if days is not None else deadline_days(item)
    return add_working_days(
        calendar or work_calendar(),
        revision.generated_on,
        days,
        rule=f"《政府信息公开条例》第二十六条（本机关规定 {days} 个工作日内公开）",
    )


def due_items(agency: Agency, on: dt.date | None = None) -> list[DueRow]:
    """Every item of ``agency`` never published yet (not withdrawn, not discarded) with its
    publication deadline, the most urgent first."""
    on = on or today()
    calendar = work_calendar()
    policy = policy_for(agency)
    items = (
        Item.objects.filter(
            agency=agency, first_published_at__isnull=True, withdrawn_at__isnull=True
        )
        .exclude(state=State.DISCARDED)
        .select_related("catalog_entry", "agency")
    )
    newest = {}
    for revision in Revision.objects.filter(item__in=items).order_by("item_id", "number"):
        newest[revision.item_id] = revision
    rows = []
    for item in items:
        revision = newest.get(item.pk)
        if revision is None:
            continue
        due = publication_due(item, revision, calendar, deadline_days(item, policy))
        if due.date >= on:
            left = count_working_days(calendar, on, due.date)
        else:
            left = -count_working_days(calendar, due.date, on)
        status = (
            "overdue" if due.date < on else "due_soon" if left <= DUE_SOON_WORKING_DAYS else "ok"
        )
        rows.append(DueRow(item, revision, due, left, status))
    rows.sort(key=lambda r: (r.due.date, r.item.pk))
    return rows


# --- public ------------------------------------------------------------------------------


def public_items(agency: Agency | None = None) -> QuerySet[Item]:
    """What the public may see: published, not withdrawn, with the revision that is public.
    ``agency`` None: every agency's (feeds, the county portal)."""
    items = Item.objects.filter(state=State.PUBLISHED, published_revision__isnull=False)
    if agency is not None:
        items = items.filter(agency=agency)
    return items.select_related("agency", "catalog_entry", "published_revision").order_by(
        "-published_revision__published_at", "-id"
    )


def public_item(agency: Agency, pk: int) -> Item | None:
    return public_items(agency).filter(pk=pk).first()


@dataclass(frozen=True)
class HistoryRow:
    number: int
    title: str
    change_note: str
    published_at: dt.datetime
    current: bool


def history(item: Item) -> list[HistoryRow]:
    """The public history: each published revision with its date and what changed, newest
    first. Empty unless the item is public now."""
    if not item.is_public:
        return []
    revisions = item.revisions.filter(published_at__isnull=False).order_by("-published_at", "-id")
    return [
        HistoryRow(
            r.number, r.title, r.change_note, r.published_at, r.pk == item.published_revision_id
        )
        for r in revisions
    ]


def interpretations_of(document: Item) -> QuerySet[Item]:
    """The public interpretations of a document (解读 → 文件, read backwards)."""
    return public_items().filter(interprets=document, kind=ItemKind.INTERPRETATION)


def documents_interpreted(interpretation: Item) -> QuerySet[Item]:
    """The public documents an interpretation interprets."""
    return public_items().filter(interpreted_by=interpretation, kind=ItemKind.DOCUMENT)


# --- the annual report --------------------------------------------------------------------


def channel_counts(agency: Agency, year: int) -> dict[str, int]:
    """Items made public through each channel in ``year`` (each item once per channel),
    keyed by the catalogue's channel keys; channels with none are left out."""
    rows = (
        ChannelRecord.objects.filter(item__agency=agency, date__year=year)
        .values("channel")
        .annotate(n=Count("item", distinct=True))
    )
    return {row["channel"]: row["n"] for row in rows}


__all__ = [
    "DueRow",
    "HistoryRow",
    "agency_code",
    "allowed_actions",
    "chain_for",
    "channel_counts",
    "documents_interpreted",
    "due_items",
    "history",
    "internal_items",
    "interpretations_of",
    "my_drafts",
    "policy_for",
    "public_item",
    "public_items",
    "review_queue",
    "review_state",
    "roles_in",
    "timeline",
    "working_revision",
]
