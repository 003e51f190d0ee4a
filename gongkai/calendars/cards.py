"""The dashboard card that asks for next year's notice (registered from `apps.ready`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card

from .permissions import can_manage_calendar
from .selectors import unconfirmed_year_warning, unconfirmed_years_ahead


def calendar_cards(person) -> list[Card]:
    """For the people who can act on it: a year deadlines may fall in whose notice is not
    confirmed. Shown from 1 November for next year (when the notice is due)."""
    if not can_manage_calendar(person):
        return []
    today = timezone.localdate()
    years = unconfirmed_years_ahead(today)
    if not years:
        return []
    return [
        Card(
            key="calendar_unconfirmed",
            title=_("工作日历待确认"),
            count=len(years),
            url=reverse("calendars:year", args=[years[-1]]),
            note=unconfirmed_year_warning(today) or "",
            needs_action=True,
        )
    ]


register_card(calendar_cards)
