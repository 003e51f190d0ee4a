"""The supervisor's dashboard card: from 1 December until the deadline, how many of the
agencies they supervise have not published the year's annual report."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card

from . import platform, supervision


def supervision_cards(person) -> list[Card]:
    if not supervision.may_remind(person):
        return []
    scope = supervision.scopes(person)[0]
    on = supervision.today()
    agencies = list(supervision.reporting_agencies(scope))
    if not agencies:
        return []
    # The window closes with the last deadline of any of the agencies (a township's local
    # date may be later than 1月31日).
    year = supervision.card_year(on, lambda y: max(platform.deadlines(agencies, y).values()))
    if year is None:
        return []
    rows = supervision.statuses(scope, year, on=on, agencies=agencies)
    waiting = [r for r in rows if not r.is_published]
    if not waiting:
        return []
    late = sum(r.state == supervision.State.LATE for r in waiting)
    first = min(r.deadline for r in rows)
    note = _("%(year)s 年度报告：%(total)s 个单位中 %(n)s 个尚未发布，发布期限 %(date)s。") % {
        "year": year,
        "total": len(rows),
        "n": len(waiting),
        "date": f"{first.year}年{first.month}月{first.day}日",
    }
    if late:
        note += _("其中 %(n)s 个已逾期。") % {"n": late}
    return [
        Card(
            key="reports_not_published",
            title=_("尚未发布年度报告的单位"),
            count=len(waiting),
            url=reverse("reports:supervision", args=[year]) + f"?scope={scope.pk}",
            note=note,
            needs_action=True,
        )
    ]


register_card(supervision_cards)
