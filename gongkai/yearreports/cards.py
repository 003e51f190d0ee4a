"""The clerk's dashboard card: this year's annual report, from 1 December on.

From 1 December of the report year up to its deadline the card shows the report's stage
and the days left; after the deadline, while the report is not published, it shows the
days overdue as an action (drawn in the warning colour): for a report started here until
it is published, for one never started here for 90 days (an office that publishes its
report elsewhere is then chased by the supervisor's pages, not by a card all year).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card

from . import selectors
from .models import Stage
from .permissions import APPROVER_ROLES, WRITER_ROLES

STAGE_WORDS = {
    Stage.DRAFTING.value: "起草中",
    Stage.IN_REVIEW.value: "审核中",
    Stage.PUBLISHED.value: "已发布",
}


NOT_STARTED_DAYS = 90


def report_year(today: dt.date) -> int:
    """The report year a clerk works on: this year's in December, last year's otherwise."""
    return today.year if today.month == 12 else today.year - 1


def year_report_cards(person, today: dt.date | None = None) -> list[Card]:
    from gongkai.agencies.models import Agency

    today = today or timezone.localdate()
    if getattr(person, "system_role", "") or not getattr(person, "is_authenticated", False):
        return []
    agencies = list(
        Agency.objects.filter(
            memberships__person=person, memberships__role__in=WRITER_ROLES | APPROVER_ROLES
        )
        .distinct()
        .order_by("path")
    )
    if not agencies:
        return []
    year = report_year(today)
    if today < dt.date(year, 12, 1):
        return []
    statuses = selectors.report_statuses([a.pk for a in agencies], year)
    cards = []
    for agency in agencies:
        status = statuses.get(agency.pk)
        deadline = selectors.deadline_for(agency, year)
        published = status is not None and status.stage == Stage.PUBLISHED.value
        stage = STAGE_WORDS[status.stage] if status else "尚未开始"
        due = f"{deadline.year}年{deadline.month}月{deadline.day}日"
        name = agency.short_name or agency.name
        url = status.staff_url if status else reverse("yearreports:index")
        if today <= deadline:
            cards.append(
                Card(
                    key=f"yearreport_{agency.pk}",
                    title=_("%(a)s %(y)s 年度报告：距发布期限（天）") % {"a": name, "y": year},
                    count=(deadline - today).days,
                    url=url,
                    note=_("%(s)s。发布期限 %(d)s。") % {"s": stage, "d": due},
                )
            )
        elif not published and (status is not None or (today - deadline).days <= NOT_STARTED_DAYS):
            cards.append(
                Card(
                    key=f"yearreport_{agency.pk}",
                    title=_("%(a)s %(y)s 年度报告：已逾期（天）") % {"a": name, "y": year},
                    count=(today - deadline).days,
                    url=url,
                    note=_("%(s)s。发布期限 %(d)s 已过，请尽快完成并发布。")
                    % {"s": stage, "d": due},
                    needs_action=True,
                )
            )
    return cards


register_card(year_report_cards)
