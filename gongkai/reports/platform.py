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
    one query (``yearreports.selectors.deadlines_for``: local settings, and the law's
    3月31日 for a government's own report)."""
    agencies = list(agencies)
    sel = _selectors()
    if sel is None:
        return {a.pk: _date(year, *DEFAULT_DEADLINE) for a in agencies}
    return dict(sel.deadlines_for(agencies, year))


def deadline(agency: Agency, year: int) -> dt.date:
    return deadlines([agency], year)[agency.pk]
