"""The dashboard cards of 依申请公开: the in-platform side of the deadline reminders.

A handler sees what waits for them (online applications to confirm, cases due soon or
overdue, cases waiting for the applicant); a 政务公开办管理员 sees the overdue cases of the
agencies they supervise; both are warned while any open case they can see has a
provisional (暂定) deadline, with the year whose holidays are missing — a date counted
Monday–Friday may still move, and the person who can fix it should know.

Registered with `gongkai.web.selectors.register_card` on import (ApplicationsConfig.ready
and the supervision URLconf import this module).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership, Role
from gongkai.agencies.selectors import supervised_agencies
from gongkai.web.selectors import Card, register_card, route_or

from . import selectors
from .permissions import handled_agencies
from .selectors import QueueRow, Urgency


def _is_handler(person) -> bool:
    # Everyone who works in an agency handles its applications (permissions.py), except
    # the 三员 system roles; a 政务公开办管理员 who holds no other role watches, not handles.
    if getattr(person, "system_role", ""):
        return False
    return Membership.objects.filter(person=person).exclude(role=Role.SUPERVISOR_ADMIN).exists()


def provisional_note(rows: list[QueueRow]) -> str:
    """Which years' holidays are missing, in the clocks' own words (DueDate.reason)."""
    reasons: list[str] = []
    for row in rows:
        for due in row.deadlines.dues.values():
            if due.provisional and due.reason and due.reason not in reasons:
                reasons.append(due.reason)
    text = "；".join(reasons) or _("有的年份放假安排尚未录入")
    return _(
        "%(n)s 件未办结申请的期限为“暂定”：%(why)s。请在工作日历中录入并确认该年放假安排，"
        "期限会自动更新。"
    ) % {"n": len(rows), "why": text}


# How long a person's cards may be reused while nothing changed (selectors.data_version).
CACHE_SECONDS = selectors.QUEUE_CACHE_SECONDS


def application_cards(person) -> list[Card]:
    if not person.is_authenticated:
        return []
    handler = _is_handler(person)
    supervised = sorted(supervised_agencies(person).values_list("pk", flat=True))
    if not handler and not supervised:
        return []
    handled = sorted(handled_agencies(person).values_list("pk", flat=True)) if handler else []
    # The cards depend on the scope and the data only, so people with the same scope share
    # them, and a changed membership is a changed key.
    scope_key = hashlib.sha256(f"{handled}|{supervised}".encode()).hexdigest()[:24]
    key = f"applications.cards:{scope_key}:{selectors.data_version(selectors.today())}"
    cards = cache.get(key)
    if cards is None:
        cards = _cards(set(handled), set(supervised), handler)
        cache.set(key, cards, CACHE_SECONDS)
    return cards


def _cards(handled: set[int], supervised: set[int], handler: bool) -> list[Card]:
    scope = handled | supervised
    # One pass over the open cases of everything the person may see: the deadlines are
    # computed once, then counted for each card.
    rows = selectors.queue_of_agencies(scope)
    queue_url = route_or("applications:queue", "/applications/")
    supervision_url = route_or("applications:supervision", "/applications/supervision/")
    cards: list[Card] = []

    if handler:
        mine = [r for r in rows if r.application.agency_id in handled]

        def count(urgency: str) -> int:
            return sum(r.urgency == urgency for r in mine)

        to_confirm = count(Urgency.TO_CONFIRM)
        due_soon = count(Urgency.DUE_SOON)
        overdue = count(Urgency.OVERDUE)
        waiting = count(Urgency.WAITING)
        # Only what is there: a dashboard of zeros hides the one card that matters.
        if to_confirm:
            cards.append(
                Card(
                    key="applications_to_confirm",
                    title=_("待确认收到的网上申请"),
                    count=to_confirm,
                    url=queue_url,
                    note=_("网上申请以双方确认之日为收到申请之日（第三十一条），请尽快确认。"),
                    needs_action=True,
                )
            )
        if due_soon:
            cards.append(
                Card(
                    key="applications_due_soon",
                    title=_("即将到期的申请"),
                    count=due_soon,
                    url=queue_url,
                    needs_action=True,
                )
            )
        if overdue:
            cards.append(
                Card(
                    key="applications_overdue",
                    title=_("已超期的申请"),
                    count=overdue,
                    url=queue_url,
                    note=_("已超过答复期限，请尽快答复。"),
                    needs_action=True,
                )
            )
        if waiting:
            cards.append(
                Card(
                    key="applications_waiting",
                    title=_("等待申请人的申请"),
                    count=waiting,
                    url=queue_url,
                    note=_("等待申请人补正或缴纳信息处理费。"),
                )
            )

    if supervised:
        watched = set(supervised)
        overdue_rows = [
            r for r in rows if r.urgency == Urgency.OVERDUE and r.application.agency_id in watched
        ]
        agencies = len({r.application.agency_id for r in overdue_rows})
        # Always shown to a supervisor: "0 overdue across the county" is itself the answer.
        cards.append(
            Card(
                key="applications_supervised_overdue",
                title=_("所辖机构超期申请"),
                count=len(overdue_rows),
                url=supervision_url,
                note=_("涉及 %(n)s 个机构") % {"n": agencies} if overdue_rows else "",
                needs_action=True,
            )
        )

    provisional = [r for r in rows if r.deadlines.provisional]
    if provisional:
        cards.append(
            Card(
                key="applications_provisional",
                title=_("期限暂定的申请"),
                count=len(provisional),
                url=queue_url if handler else supervision_url,
                note=provisional_note(provisional),
                needs_action=True,
            )
        )
    return cards


register_card(application_cards)
