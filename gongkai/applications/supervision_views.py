"""The 政务公开办's page across its agencies: open, overdue, due-soon and provisional cases
per agency, and every overdue case, with a CSV of the overdue list.

Supervision chases deadlines; it does not answer cases, so nothing here writes and
nothing here shows the applicant: the type of applicant (a column of table 三) is all
supervision needs, and leaving the name out keeps personal data on the handler's pages.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency, Kind, Level
from gongkai.agencies.selectors import supervised_agencies, supervision_scopes
from gongkai.spreadsheets import BOM, Echo, csv_cell
from gongkai.web.caching import mark_personal

from . import selectors
from .models import ApplicantType, Application

# --- permission ---------------------------------------------------------------------------


def can_supervise(user) -> bool:
    """A 政务公开办管理员 (of an active account): `supervision_scopes` answers both."""
    return bool(supervision_scopes(user))


def require_supervise(user) -> None:
    if not can_supervise(user):
        raise NotAllowed(
            _("申请办理督查页面只对政务公开办管理员开放；办理本机关的申请请使用“依申请公开”。")
        )


# --- what the page shows ---------------------------------------------------------------


@dataclass
class AgencyRow:
    agency: Agency | None  # None for the totals line
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    provisional: int = 0


@dataclass(frozen=True)
class OverdueRow:
    pk: int
    number: str
    agency: str
    applicant_type: str
    received_on: dt.date | None
    due_date: dt.date
    provisional: bool
    working_days_overdue: int
    url: str


@dataclass
class Supervision:
    agencies: list[AgencyRow]
    overdue: list[OverdueRow]
    years: list[int]
    scope: list[Agency]
    totals: AgencyRow = field(default_factory=lambda: AgencyRow(None))


_PLACEHOLDER = 987654321


def case_urls() -> Callable[[int], str]:
    """The case page's address for a pk. The page is built by the staff pages' engineer:
    its route, or the address it will have, so the links work the day it lands. The
    route is reversed once, not per row: a county's overdue list can run to thousands."""
    try:
        pattern = reverse("applications:case", args=[_PLACEHOLDER])
    except NoReverseMatch:
        pattern = f"/applications/{_PLACEHOLDER}/"
    head, tail = pattern.split(str(_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def case_url(pk: int) -> str:
    return case_urls()(pk)


def _shown(agency: Agency, row: AgencyRow) -> bool:
    # A county has hundreds of villages and its office handles no cases: they are listed
    # only when they have open cases, so the table stays the list of what there is to watch.
    quiet = agency.kind == Kind.OPEN_GOVERNMENT_OFFICE or agency.level == Level.VILLAGE
    return not quiet or row.open > 0


def supervision(
    user, on: dt.date, agency: Agency | None = None, year: int | None = None
) -> Supervision:
    """The overview of every supervised agency's open cases, limited to the supervised scope and
    filterable by agency (with the agencies under it) and by the year of receipt."""
    scope_agencies = supervised_agencies(user).order_by("path")
    cases = Application.objects.filter(agency__in=scope_agencies)
    years = sorted(
        {d.year for d in cases.dates("received_on", "year") if d is not None}, reverse=True
    )
    shown_agencies = scope_agencies
    if agency is not None:
        shown_agencies = shown_agencies.filter(path__startswith=agency.path)
    # Each agency's rows come from the cache while nothing changed; the year is a filter
    # on those rows, so every year shares them.
    rows = selectors.queue_of_agencies(shown_agencies.values_list("pk", flat=True), on)
    if year is not None:
        rows = [
            r for r in rows if r.application.received_on and r.application.received_on.year == year
        ]

    listed = list(scope_agencies)
    by_pk = {a.pk: AgencyRow(a) for a in listed}
    totals = AgencyRow(None)
    overdue: list[OverdueRow] = []
    types = dict(ApplicantType.choices)
    url_of = case_urls()
    for row in rows:
        app = row.application
        entry = by_pk.get(app.agency_id)
        if entry is None:  # cannot happen: the cases were filtered by these agencies
            continue
        is_overdue = row.urgency == selectors.Urgency.OVERDUE
        for target in (entry, totals):
            target.open += 1
            target.overdue += is_overdue
            target.due_soon += row.urgency == selectors.Urgency.DUE_SOON
            target.provisional += row.deadlines.provisional
        if is_overdue and row.due is not None:
            overdue.append(
                OverdueRow(
                    pk=app.pk,
                    number=app.number,
                    agency=app.agency.name,
                    applicant_type=str(types.get(app.applicant_type, app.applicant_type)),
                    received_on=app.received_on,
                    due_date=row.due.date,
                    provisional=row.due.provisional,
                    working_days_overdue=-(row.working_days_left or 0),
                    url=url_of(app.pk),
                )
            )
    shown = [
        r
        for r in by_pk.values()
        if (agency is None or r.agency.path.startswith(agency.path)) and _shown(r.agency, r)
    ]
    # Agencies with overdue cases first, the worst first; then the tree order.
    shown.sort(key=lambda r: (-r.overdue, r.agency.path))
    overdue.sort(key=lambda r: (-r.working_days_overdue, r.due_date, r.pk))
    return Supervision(shown, overdue, years, listed, totals)


# --- the views --------------------------------------------------------------------------


def _forbidden(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    # The site's 403 page has a generic text; this one says why and where to go instead.
    return mark_personal(
        render(
            request,
            "applications/supervision/forbidden.html",
            {"message": exc.message},
            status=403,
        )
    )


def _filters(request: HttpRequest, user) -> tuple[Agency | None, int | None]:
    """The agency and year asked for; anything outside the scope or unreadable is ignored
    (the page then shows everything, and the form says what is applied)."""
    agency = None
    raw = request.GET.get("agency", "")
    if raw.isdigit():
        agency = supervised_agencies(user).filter(pk=int(raw)).first()
    year = None
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        year = int(raw)
    return agency, year


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    try:
        require_supervise(request.user)
    except NotAllowed as exc:
        return _forbidden(request, exc)
    on = timezone.localdate()
    agency, year = _filters(request, request.user)
    data = supervision(request.user, on, agency, year)
    query = request.GET.urlencode()
    return mark_personal(
        render(
            request,
            "applications/supervision/overview.html",
            {
                "data": data,
                "today": on,
                "agency": agency,
                "year": year,
                "query": query,
                "export_url": reverse("applications:supervision_overdue_csv")
                + (f"?{query}" if query else ""),
            },
        )
    )


def _cell(value: object) -> str:
    # A case number is typed by people: it must never become a formula (CSV injection).
    return csv_cell("" if value is None else str(value))


def overdue_csv_lines(rows: Iterable[OverdueRow]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield BOM + writer.writerow(
        [
            _("申请编号"),
            _("受理机关"),
            _("申请人类型"),
            _("收到申请日期"),
            _("答复期限"),
            _("期限是否暂定"),
            _("超期工作日数"),
            _("办理页面"),
        ]
    )
    for r in rows:
        yield writer.writerow(
            [
                _cell(r.number),
                _cell(r.agency),
                _cell(r.applicant_type),
                r.received_on.isoformat() if r.received_on else "",
                r.due_date.isoformat(),
                _("暂定") if r.provisional else "",
                r.working_days_overdue,
                r.url,
            ]
        )


@require_safe
@login_required
def overdue_csv(request: HttpRequest) -> HttpResponse:
    try:
        require_supervise(request.user)
    except NotAllowed as exc:
        return _forbidden(request, exc)
    on = timezone.localdate()
    agency, year = _filters(request, request.user)
    data = supervision(request.user, on, agency, year)
    response = StreamingHttpResponse(
        overdue_csv_lines(data.overdue), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="overdue-{on:%Y%m%d}.csv"'
    return mark_personal(response)
