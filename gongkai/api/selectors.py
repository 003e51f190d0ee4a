"""Reads behind the API: public data only.

Every read here goes through the selector the public pages use (``public_items`` for
published items, ``annual_tables`` for counts of applications) and returns plain data
chosen field by field — never a model dumped whole — so that a field added to a model
later (an applicant's phone, a draft's text) cannot leak through the API by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Kind
from gongkai.annualreport.model import SECTION_KEYS, Report
from gongkai.publishing.models import Item
from gongkai.publishing.selectors import public_items
from gongkai.reports.models import CheckStatus, ReportCheck

PLATFORM = "platform"
UPLOADED = "uploaded"


def agencies() -> QuerySet[Agency]:
    """The whole tree in tree order (parents first). The tree itself is public: the portal
    shows it to everyone."""
    return Agency.objects.select_related("parent").order_by("path")


def agency_by_slug(slug: str) -> Agency | None:
    return Agency.objects.select_related("parent").filter(slug=slug).first()


def portal_url(agency: Agency) -> str | None:
    """The agency's 公开专栏, if it has one (an open-government office publishes through
    its government)."""
    if agency.kind == Kind.OPEN_GOVERNMENT_OFFICE:
        return None
    return f"/gk/{agency.slug}/"


# --------------------------------------------------------------------------------------------
# Published items


def items_of(
    agency: Agency,
    *,
    kind: str | None = None,
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
) -> QuerySet[Item]:
    """The agency's published items, newest first (``public_items``: never a draft, an
    item in review or a withdrawn one), filtered by kind and publication date."""
    items = public_items(agency)
    if kind:
        items = items.filter(kind=kind)
    if published_from:
        items = items.filter(published_revision__published_at__date__gte=published_from)
    if published_to:
        items = items.filter(published_revision__published_at__date__lte=published_to)
    return items


def item_url(item: Item) -> str:
    try:
        return reverse("publishing:public_item", args=[item.agency.slug, item.pk])
    except NoReverseMatch:  # the publishing app's public routes not mounted
        return f"/publishing/p/{item.agency.slug}/{item.pk}/"


def item_data(item: Item) -> dict[str, Any]:
    """The metadata a reader sees at the head of the public item page — and no text."""
    revision = item.published_revision
    published_at = revision.published_at
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": revision.title,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "doc_type": revision.doc_type or None,
        "doc_type_label": revision.get_doc_type_display() if revision.doc_type else None,
        "doc_number": revision.doc_number or None,
        "generated_on": revision.generated_on,
        "written_on": revision.written_on,
        "published_on": revision.published_on or (published_at.date() if published_at else None),
        "published_at": published_at,
        "first_published_at": item.first_published_at,
        "disclosure": revision.disclosure,
        "validity": item.validity,
        "validity_label": item.get_validity_display(),
        "validity_changed_on": item.validity_changed_on,
        "revision": revision.number,
        "url": item_url(item),
    }


# --------------------------------------------------------------------------------------------
# Annual reports


def _platform():
    """The year-report app's selectors, once that app provides them (until then only
    uploaded reports are served)."""
    try:
        from gongkai.yearreports import selectors
    except ImportError:
        return None
    if not hasattr(selectors, "published_report"):
        return None
    return selectors


def _uploaded_checks(agency: Agency) -> QuerySet[ReportCheck]:
    return ReportCheck.objects.filter(
        agency=agency, status=CheckStatus.DONE, year__isnull=False, report__isnull=False
    ).order_by("-finished_at", "-id")


def report_years(agency: Agency) -> list[dict[str, Any]]:
    """Each year with a report, newest first, and where its figures come from: the
    report published on the platform when there is one, else the latest uploaded check."""
    years: dict[int, str] = {}
    for year in _uploaded_checks(agency).values_list("year", flat=True).distinct():
        years[int(year)] = UPLOADED
    platform = _platform()
    if platform is not None and hasattr(platform, "published_years"):
        for year in platform.published_years(agency.pk):
            years[int(year)] = PLATFORM
    return [{"year": y, "source": years[y]} for y in sorted(years, reverse=True)]


@dataclass(frozen=True)
class Figures:
    source: str
    report: dict[str, Any]  # Report.to_dict() shape
    checked_at: dt.datetime | None = None


def report_figures(agency: Agency, year: int) -> Figures | None:
    """The figures of ``agency``'s report for ``year``: the platform's published report,
    else the latest finished check of an uploaded one, else None."""
    platform = _platform()
    if platform is not None:
        report: Report | None = platform.published_report(agency.pk, year)
        if report is not None:
            return Figures(PLATFORM, report.to_dict())
    check = _uploaded_checks(agency).filter(year=year).first()
    if check is None:
        return None
    return Figures(UPLOADED, check.report or {}, check.finished_at)


def _report_page(agency: Agency, year: int) -> str | None:
    """The published report's public page (with its DOCX and PDF)."""
    try:
        return reverse("yearreports_public:detail", args=[agency.slug, year])
    except NoReverseMatch:
        return None


def _counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        severity = f.get("severity")
        if severity in counts:
            counts[severity] += 1
    return counts


def _table(value: Any) -> dict[str, dict[str, int | float | None]] | None:
    """A table as numbers only: whatever else a stored JSON might hold is dropped."""
    if not isinstance(value, dict):
        return None
    return {
        str(row): {
            str(col): (v if isinstance(v, int | float) and not isinstance(v, bool) else None)
            for col, v in cells.items()
        }
        for row, cells in value.items()
        if isinstance(cells, dict)
    }


def figures_data(agency: Agency, year: int, figures: Figures) -> dict[str, Any]:
    """The canonical shape's figures (sections present, tables 二/三/四, narrative
    figures) and the number of findings by severity — not the report's text, and not
    the findings' wording, which may quote it."""
    report = figures.report
    sections = report.get("sections") or {}
    narrative = report.get("narrative") or {}
    return {
        "agency": agency.slug,
        "agency_name": agency.name,
        "year": year,
        "source": figures.source,
        "format": report.get("format"),
        "title": report.get("title"),
        "publication_date": report.get("publication_date"),
        "checked_at": figures.checked_at,
        "url": _report_page(agency, year) if figures.source == PLATFORM else None,
        "sections": {k: bool(sections.get(k, False)) for k in SECTION_KEYS},
        "table2": _table(report.get("table2")),
        "table3": _table(report.get("table3")),
        "table4": _table(report.get("table4")),
        "narrative": {
            str(k): v
            for k, v in narrative.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        },
        "findings": _counts(list(report.get("findings") or [])),
    }


# --------------------------------------------------------------------------------------------
# Application statistics


def application_statistics(agency: Agency, year: int) -> dict[str, Any]:
    """Tables 三 and 四 of ``agency`` for ``year`` counted from its cases: counts only."""
    from gongkai.applications.selectors import annual_tables
    from gongkai.disclosure.counting import expected_format

    tables = annual_tables([agency], year)
    return {
        "agency": agency.slug,
        "agency_name": agency.name,
        "year": year,
        "format": expected_format(year),
        "table3": _table(tables.table3),
        "table4": _table(tables.table4),
    }


# --------------------------------------------------------------------------------------------
# Checks (for the token that uploaded them)


def check_for_token(token, check_id: int) -> ReportCheck | None:
    """A check the token may see: one whose agency (or, unassigned, its scope) lies within
    the token's agency. Anything else looks the same as a check that does not exist."""
    check = (
        ReportCheck.objects.select_related("agency", "scope", "file").filter(pk=check_id).first()
    )
    if check is None or not check.owner.is_within(token.agency):
        return None
    return check


#: Rules whose wording quotes the report's prose: 错敏字, official expressions, personal
#: data (C-*), and text copied from last year (X-6). A quotation may hold a citizen's name
#: next to the problem, which no detector can find, so the API does not pass it on.
_QUOTING_RULES = ("C-", "X-6")


def finding_message(finding: dict[str, Any], check_id: int) -> str:
    """A finding's wording for the API: numbers that look like personal data masked, and
    for rules that quote the text, a pointer to the check page instead of the quotation."""
    from gongkai.screening.personal import find_personal_data, mask

    rule = str(finding.get("rule", ""))
    if rule.startswith(_QUOTING_RULES):
        return _(
            "该处文字有问题（规则 %(rule)s）；说明会引用报告原文，接口不返回，请在平台的检查结果页查看：%(url)s"
        ) % {"rule": rule, "url": _check_page(check_id)}
    message = str(finding.get("message", ""))
    return mask(message, find_personal_data(message, landlines=False))


def _check_page(check_id: int) -> str:
    try:
        return reverse("reports:detail", args=[check_id])
    except NoReverseMatch:
        return f"/reports/{check_id}/"


def check_data(check: ReportCheck, status_url: str) -> dict[str, Any]:
    report = check.report or {}
    findings = list(report.get("findings") or [])
    data: dict[str, Any] = {
        "id": check.pk,
        "status": check.status,
        "status_label": check.get_status_display(),
        "finished": check.is_finished,
        "status_url": status_url,
        "agency": check.agency.slug if check.agency else None,
        "year": check.year,
        "file_name": check.original_name,
        "file_kind": check.file.kind,
        "created_at": check.created_at,
        "finished_at": check.finished_at,
        "message": check.message or None,
        "format": check.format or None,
        "counts": {
            "error": check.error_count,
            "warning": check.warning_count,
            "info": check.info_count,
            "unexplained_error": check.unexplained_errors,
        },
        "findings": [
            {
                "rule": str(f.get("rule", "")),
                "severity": str(f.get("severity", "")),
                "location": str(f.get("location", "")),
                "message": finding_message(f, check.pk),
            }
            for f in findings
        ],
        "figures": None,
    }
    if check.status == CheckStatus.DONE and check.agency and check.year:
        data["figures"] = figures_data(
            check.agency, check.year, Figures(UPLOADED, report, check.finished_at)
        )
    return data
