"""The dashboard card: "站点检查：N 项问题（含否决项）" for an agency's people (their
agencies) and a 政务公开办管理员 (everything supervised). Left out when there is nothing
to fix. Agencies that do not run their 公开专栏 here yet (no catalogue, nothing
published) are left out of the card — the ranking page still lists them — so a dashboard
does not shout vetoes about a site that is elsewhere. Cached for a few minutes: a county's
inspection reads every agency."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.web.selectors import Card, register_card

from . import selectors

CACHE_SECONDS = 300


def _counts(person) -> tuple[int, int]:
    """(problems, vetoes) over the agencies the person's inspection page shows."""
    on = selectors.today()
    if selectors.is_supervisor(person):
        agencies = list(selectors.inspected_agencies(person))
    else:
        agencies = list(selectors.own_agencies(person))
    reports = [r for _a, r in selectors.inspect_many(agencies, on, with_site_only=True)]
    return (
        sum(len(r.problems) for r in reports),
        sum(len(r.vetoes) for r in reports),
    )


def inspection_cards(person) -> list[Card]:
    if not selectors.eligible(person):
        return []
    key = f"inspection:card:{person.pk}:{selectors.today()}"
    counts = cache.get(key)
    if counts is None:
        counts = _counts(person)
        cache.set(key, counts, CACHE_SECONDS)
    problems, vetoes = counts
    if not problems:
        return []
    title = _("站点检查：%(n)s 项问题") % {"n": problems}
    if vetoes:
        title += _("（含否决项）")
    return [
        Card(
            "inspection",
            title,
            problems,
            url=reverse("inspection:index"),
            note=_("国办秘函〔2019〕19号政府网站检查指标"),
            needs_action=bool(vetoes),
        )
    ]


register_card(inspection_cards)
