"""Reads of annual reports made on the platform — the interface other apps use.

``report_statuses``, ``published_report``, ``published_years`` and ``deadline_for`` are
called by the county's supervision (gongkai/reports) and the API (gongkai/api): their
signatures stay stable.

Stage of a report (``ReportStatus.stage``): "published" as soon as a version has been
published, even while a correction is being drafted (the published version is what the
public and the supervisor see, and its findings are the ones counted); otherwise
"drafting" or "in_review". Agencies that have not started a report are absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import nearest_setting, nearest_settings
from gongkai.annualreport.model import Report

from .models import DeadlineSetting, PublishedVersion, Stage, YearReport

#: 条例第四十九条: 县级以上人民政府部门 publish by 31 January, a 县级以上地方人民政府 its own
#: report by 31 March; a township's deadline is local (a ``DeadlineSetting``), and without
#: one 31 January is used.
DEFAULT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)


@dataclass(frozen=True)
class ReportStatus:
    agency_id: int
    year: int
    stage: str  # "drafting" | "in_review" | "published"
    updated_at: dt.datetime
    published_at: dt.datetime | None  # first publication
    errors: int  # findings of the current version (draft, or the published one)
    warnings: int
    staff_url: str
    public_url: str | None  # None until published


def _status(row: YearReport, slug: str) -> ReportStatus:
    published = row.first_published_at is not None
    return ReportStatus(
        agency_id=row.agency_id,
        year=row.year,
        stage=Stage.PUBLISHED.value if published else row.stage,
        updated_at=row.updated_at,
        published_at=row.first_published_at,
        errors=row.public_errors if published else row.draft_errors,
        warnings=row.public_warnings if published else row.draft_warnings,
        staff_url=reverse("yearreports:report", args=[row.pk]),
        public_url=reverse("yearreports_public:detail", args=[slug, row.year])
        if published
        else None,
    )


def report_statuses(agency_ids: Iterable[int], year: int) -> dict[int, ReportStatus]:
    """agency id -> status of its report of ``year``, for agencies that started one
    (one query)."""
    rows = YearReport.objects.filter(agency_id__in=list(agency_ids), year=year).select_related(
        "agency"
    )
    return {row.agency_id: _status(row, row.agency.slug) for row in rows}


def report_status(report: YearReport) -> ReportStatus:
    return _status(report, report.agency.slug)


def latest_version(agency_id: int, year: int) -> PublishedVersion | None:
    return (
        PublishedVersion.objects.filter(report__agency_id=agency_id, report__year=year)
        .order_by("-number")
        .first()
    )


def published_report(agency_id: int, year: int) -> Report | None:
    """The Report as last published (texts resolved, tables, findings), None if never."""
    from .compile import report_from_dict

    version = latest_version(agency_id, year)
    return report_from_dict(version.snapshot) if version else None


def published_reports(agency_ids: Iterable[int], year: int) -> dict[int, Report]:
    """``published_report`` for many agencies in one query: agency id -> its report of
    ``year`` as last published (agencies that never published are absent)."""
    from .compile import report_from_dict

    newest: dict[int, PublishedVersion] = {}
    versions = PublishedVersion.objects.filter(
        report__agency_id__in=list(agency_ids), report__year=year
    ).select_related("report")
    for version in versions.order_by("number"):
        newest[version.report.agency_id] = version  # ascending: the last one wins
    return {pk: report_from_dict(v.snapshot) for pk, v in newest.items()}


def published_years(agency_id: int) -> list[int]:
    """Years with a published report, newest first."""
    return list(
        YearReport.objects.filter(agency_id=agency_id, first_published_at__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def deadline_setting(agency: Agency) -> DeadlineSetting | None:
    return nearest_setting(DeadlineSetting.objects.all(), agency)


def _date(year: int, month_day: tuple[int, int]) -> dt.date:
    try:
        return dt.date(year, *month_day)
    except ValueError:  # 2月29日 in a common year
        return dt.date(year, month_day[0], 28)


def statutory_deadline(agency: Agency, year: int) -> dt.date | None:
    """条例第四十九条's date for a county-level-or-above government (3月31日) or department
    (1月31日); None for townships, subdistricts and villages (the law leaves it local)."""
    from gongkai.agencies.models import Kind, Level

    if agency.level not in (Level.COUNTY, Level.CITY, Level.PROVINCE):
        return None
    if agency.kind == Kind.GOVERNMENT:
        return _date(year + 1, GOVERNMENT_DEADLINE)
    return _date(year + 1, DEFAULT_DEADLINE)


def deadline_for(agency: Agency, year: int) -> dt.date:
    """The last day to publish the report of ``year``.

    The local deadline (the agency's own setting, or the nearest above it, then the
    site-wide one) for townships and below, else 1月31日 of ``year`` + 1. For county-level
    and higher bodies the statutory date (1月31日 for departments, 3月31日 for a
    government's own report), or the local one when it is earlier: a local rule may be
    stricter than the law, never looser."""
    return deadlines_for([agency], year)[agency.pk]


def deadlines_for(agencies: Iterable[Agency], year: int) -> dict[int, dt.date]:
    """``deadline_for`` of many agencies in one query (a county's supervision page)."""
    agencies = list(agencies)
    rows = nearest_settings(DeadlineSetting.objects.all(), agencies)
    out: dict[int, dt.date] = {}
    for agency in agencies:
        row = rows[agency.pk]
        local = _date(year + 1, (row.month, row.day)) if row else None
        statutory = statutory_deadline(agency, year)
        if statutory is None:
            out[agency.pk] = local or _date(year + 1, DEFAULT_DEADLINE)
        else:
            out[agency.pk] = min(statutory, local) if local else statutory
    return out


# ---------------------------------------------------------------------------------------
# The public side: published versions only


def public_versions(agency: Agency) -> list[PublishedVersion]:
    """The last published version of each year, newest year first."""
    rows = (
        PublishedVersion.objects.filter(report__agency=agency)
        .select_related("report")
        .order_by("-report__year", "-number")
    )
    seen: dict[int, PublishedVersion] = {}
    for v in rows:
        seen.setdefault(v.report.year, v)
    return list(seen.values())


def public_version(agency: Agency, year: int) -> PublishedVersion | None:
    """The version the public sees for ``year`` (the latest), None when unpublished."""
    return (
        PublishedVersion.objects.filter(report__agency=agency, report__year=year)
        .select_related("report")
        .order_by("-number")
        .first()
    )
