"""Dashboard cards of 主动公开: what waits for the person's review, items whose
publication deadline is near or past, and what the nightly patrol found in published
items. Only what is there: a card with a zero is left out."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card, route_or

from . import permissions, selectors
from .patrol import open_findings


def publishing_cards(person) -> list[Card]:
    if not person.is_authenticated or getattr(person, "system_role", ""):
        return []
    agencies = list(permissions.member_agencies(person))
    if not agencies:
        return []
    home = route_or("publishing:home", "/publishing/")
    cards: list[Card] = []
    waiting = len(selectors.review_queue(person))
    if waiting:
        cards.append(
            Card("publishing_review", _("待我审核的信息"), waiting, url=home, needs_action=True)
        )
    rows = [row for agency in agencies for row in selectors.due_items(agency)]
    overdue = sum(r.status == "overdue" for r in rows)
    soon = sum(r.status == "due_soon" for r in rows)
    if overdue:
        cards.append(
            Card(
                "publishing_overdue",
                _("超过公开时限仍未发布的信息"),
                overdue,
                url=home,
                note=_("《政府信息公开条例》第二十六条：自形成或变更之日起 20 个工作日内公开"),
                needs_action=True,
            )
        )
    if soon:
        cards.append(Card("publishing_due_soon", _("即将到公开时限的信息"), soon, url=home))
    found = open_findings(agencies)
    if found:
        errors = sum(f.severity == "error" for f in found)
        cards.append(
            Card(
                "publishing_patrol",
                _("站点巡查发现的问题"),
                len(found),
                url=route_or("publishing:patrol", home),
                note=_("其中错误 %(n)s 个（个人信息、错敏字等）") % {"n": errors} if errors else "",
                needs_action=bool(errors),
            )
        )
    return cards


register_card(publishing_cards)
