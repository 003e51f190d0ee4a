"""The dashboard card about 公开指南 nobody has reviewed for a year.

Only published guides count: an agency that never published one is not nagged here (a new
deployment would otherwise greet every clerk with a card on day one); the catalogue page
says "尚未发布" instead."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card

from .permissions import editable_agencies
from .selectors import stale_guides


def guide_cards(person) -> list[Card]:
    agencies = editable_agencies(person)
    if not agencies.exists():
        return []
    stale = stale_guides(365, agencies=agencies).filter(versions__isnull=False).distinct().count()
    if not stale:
        return []
    return [
        Card(
            key="catalog_guides",
            title=_("公开指南超过一年未审核"),
            count=stale,
            url=reverse("catalog:list"),
            note=_("请核对公开指南是否仍然准确，修改后发布新版本，或记录本次审核。"),
            needs_action=True,
        )
    ]


register_card(guide_cards)
