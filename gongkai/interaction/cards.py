"""The dashboard card: overdue unanswered messages of the agencies a person works in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card

from . import selectors
from .permissions import handled_agencies


def overdue_messages_card(person) -> list[Card]:
    agencies = list(handled_agencies(person).values_list("pk", flat=True))
    if not agencies:
        return []
    rows = [r for r in selectors.unanswered(agencies, selectors.today()) if r.overdue]
    if not rows:
        # Nothing overdue, no card: the dashboard tells a clerk with nothing to do so.
        return []
    red = sum(r.over_three_months for r in rows)
    note = _("超过答复期限尚未答复的留言。")
    if red:
        note += _("其中 %(n)s 件超过 3 个月未答复（国办秘函〔2019〕19号）。") % {"n": red}
    return [
        Card(
            key="interaction_overdue",
            title=_("逾期未答复的留言"),
            count=len(rows),
            url=reverse("interaction:queue"),
            note=note,
            needs_action=True,
        )
    ]


register_card(overdue_messages_card)
