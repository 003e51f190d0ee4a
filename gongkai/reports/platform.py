"""The reports made on the platform (gongkai.yearreports), as supervision needs them.

Supervision reads them only through ``gongkai.yearreports.selectors`` (its stable
interface). Without that app — a deployment that only checks uploaded reports — every
agency reports elsewhere and the deadline is the law's: 1月31日 of the next year
(条例第四十九条).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import ModuleType
from typing import Any

from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.annualreport.model import Report

DEFAULT_DEADLINE = (1, 31)


def _selectors() -> ModuleType | None:
    try:
        from gongkai.yearreports import selectors
    except ImportError:
        return None
    return selectors


def report_statuses(agency_ids: Iterable[int], year: int) -> dict[int, Any]:
    sel = _selectors()
    return sel.report_statuses(list(agency_ids), year) if sel else {}


def published_report(agency_id: int, year: int) -> Report | None:
    sel = _selectors()
    return sel.published_report(agency_id, year) if sel else None


def published_reports(agency_ids: Iterable[int], year: int) -> dict[int, Report]:
    sel = _selectors()
    return sel.published_reports(list(agency_ids), year) if sel else {}


def published_years(agency_id: int) -> list[int]:
    sel = _selectors()
    return list(sel.published_years(agency_id)) if sel else []


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year + 1, month, day)
    except ValueError:  # 2月29日 in a common year
        return dt.date(year + 1, month, 28)


def deadlines(agencies: Iterable[Agency], year: int) -> dict[int, dt.date]:
    """agency id -> the last day to publish its report of ``year``, for many agencies in
    one query.

    ``yearreports.selectors.deadline_for`` answers for one agency with a query each; a
    county page of fifty agencies must not make fifty. This reads the same settings
    (``DeadlineSetting``: the agency's own row, else the nearest above it, else the
    site-wide row, else 1月31日) at once; a test compares the two for every agency.
    """
    agencies = list(agencies)
    sel = _selectors()
    bulk = getattr(sel, "deadlines_for", None) if sel else None
    if bulk is not None:
        return dict(bulk(agencies, year))
    if sel is None:
        return {a.pk: _date(year, *DEFAULT_DEADLINE) for a in agencies}
    try:
        from gongkai.yearreports.models import DeadlineSetting
    except ImportError:
        return {a.pk: sel.deadline_for(a, year) for a in agencies}
    paths = {p for a in agencies for p in a.lineage_paths()}
    rows = DeadlineSetting.objects.filter(
        Q(agency__path__in=paths) | Q(agency__isnull=True)
    ).select_related("agency")
    by_path = {row.agency.path if row.agency_id else "": row for row in rows}
    out: dict[int, dt.date] = {}
    for agency in agencies:
        month, day = DEFAULT_DEADLINE
        for path in [*reversed(agency.lineage_paths()), ""]:
            row = by_path.get(path)
            if row is not None:
                month, day = row.month, row.day
                break
        out[agency.pk] = _date(year, month, day)
    return out


def deadline(agency: Agency, year: int) -> dt.date:
    return deadlines([agency], year)[agency.pk]
