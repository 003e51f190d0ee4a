"""/reports/supervision/: the 政务公开办's pages on its agencies' annual reports — the
status of every agency, reminders, the county summary, charts and the export.

Thin: who may see which agencies is ``supervision.scopes``; every write is
``reminders.reminder_send``; the sums and the drawing are plain Python
(``annualreport.summary``, ``annualreport.charts``).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Agency
from gongkai.annualreport import charts, export
from gongkai.annualreport.output import FORMAT_NAMES, fmt_number, location_words
from gongkai.annualreport.summary import Part, Summary, sum_reports
from gongkai.spreadsheets import csv_cell, keep_as_text
from gongkai.web.caching import mark_personal

from . import reminders, supervision
from .services import MAX_YEAR, MIN_YEAR, NotAllowed
from .supervision import STATE_LABELS, STATE_ORDER, AgencyStatus, State
from .tables import SEVERITY_WORDS, SYMBOLS, build_tables
from .views import _render

SORTS = {
    "tree": gettext_lazy("单位顺序"),
    "state": gettext_lazy("状态"),
    "deadline": gettext_lazy("发布期限"),
    "errors": gettext_lazy("错误数"),
    "updated": gettext_lazy("最近更新"),
}


def _year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("年度应在 %(min)d 到 %(max)d 之间") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return year


def _scope(request: HttpRequest) -> tuple[Agency, list[Agency]]:
    """The government chosen (``?scope=``, default the highest the person supervises)."""
    scopes = supervision.scopes(request.user)
    if not scopes:
        raise NotAllowed(_("年度报告督查页面只对政务公开办管理员和系统管理员开放。"))
    raw = request.GET.get("scope") or request.POST.get("scope") or ""
    if not raw:
        return scopes[0], scopes
    if not raw.isdigit():
        raise Http404(_("找不到这个范围"))
    for s in scopes:
        if s.pk == int(raw):
            return s, scopes
    raise NotAllowed(_("您不能查看这个单位范围的年度报告"))


def _common(request: HttpRequest, scope: Agency, scopes: list[Agency], year: int) -> dict:
    return {
        "scope": scope,
        "scopes": scopes,
        "year": year,
        "years": list(range(supervision.default_year(), max(MIN_YEAR, 2019) - 1, -1))[:8],
        "scope_query": f"?scope={scope.pk}",
    }


@require_GET
@login_required
def supervision_home(request: HttpRequest) -> HttpResponse:
    scope, _scopes = _scope(request)
    url = reverse("reports:supervision", args=[supervision.default_year()])
    return redirect(f"{url}?scope={scope.pk}")


# --------------------------------------------------------------------------------------------
# Status page


def _sort(rows: list[AgencyStatus], key: str) -> list[AgencyStatus]:
    if key == "state":
        rank = {s: i for i, s in enumerate(STATE_ORDER)}
        return sorted(rows, key=lambda r: (rank[r.state], r.agency.path))
    if key == "deadline":
        return sorted(rows, key=lambda r: (r.deadline, r.agency.path))
    if key == "errors":
        return sorted(rows, key=lambda r: (-(r.errors or 0), -(r.warnings or 0), r.agency.path))
    if key == "updated":
        return sorted(
            rows,
            key=lambda r: (
                r.updated_at is None,
                -(r.updated_at.timestamp() if r.updated_at else 0),
            ),
        )
    return rows


@require_GET
@login_required
def status_page(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    scope, scopes = _scope(request)
    rows = supervision.statuses(scope, year)
    totals = supervision.counts(rows)
    state = request.GET.get("state", "")
    if state not in STATE_LABELS and state != "unpublished":
        state = ""
    q = (request.GET.get("q") or "").strip()[:50]
    sort = request.GET.get("sort", "tree")
    if sort not in SORTS:
        sort = "tree"
    shown = rows
    if state == "unpublished":
        shown = [r for r in shown if not r.is_published]
    elif state:
        shown = [r for r in shown if r.state == state]
    if q:
        shown = [r for r in shown if q in r.agency.name or q in (r.agency.short_name or "")]
    shown = _sort(shown, sort)
    context = {
        **_common(request, scope, scopes, year),
        "rows": shown,
        "total": len(rows),
        "totals": [(s, STATE_LABELS[s], totals[s]) for s in STATE_ORDER],
        "unpublished": sum(1 for r in rows if not r.is_published),
        "states": [(s, STATE_LABELS[s]) for s in STATE_ORDER],
        "state": state,
        "q": q,
        "sort": sort,
        "sorts": list(SORTS.items()),
        "may_remind": supervision.may_remind(request.user),
        "may_open_checks": not getattr(request.user, "system_role", ""),
        "today": supervision.today(),
        "State": State,
    }
    return _render(request, "reports/supervision/status.html", context)


@require_POST
@login_required
def remind(request: HttpRequest, year: int) -> HttpResponse:
    """Remind one agency (``agency``) or every agency not yet published (``all``)."""
    year = _year(year)
    scope, _scopes = _scope(request)
    back = reverse("reports:supervision", args=[year]) + f"?scope={scope.pk}"
    again = request.POST.get("again") == "1"
    target = request.POST.get("agency", "")
    if target == "all":
        rows = supervision.statuses(scope, year)
        agencies = [r.agency for r in rows if not r.is_published]
    elif target.isdigit():
        agency = get_object_or_404(Agency, pk=int(target))
        if not agency.is_within(scope):
            raise NotAllowed(_("您不能提醒「%(agency)s」") % {"agency": agency.name})
        agencies = [agency]
    else:
        messages.error(request, _("请选择要提醒的单位"))
        return redirect(back)
    if not agencies:
        messages.info(request, _("所有单位都已发布，没有需要提醒的单位"))
        return redirect(back)
    outcome = reminders.reminder_send(
        actor=request.user, agencies=agencies, year=year, again=again, request=request
    )
    if outcome.reminded:
        messages.success(
            request,
            _("已提醒 %(n)s 个单位，发出邮件 %(m)s 封。")
            % {"n": len(outcome.reminded), "m": outcome.mails},
        )
    if outcome.not_mailed:
        messages.warning(
            request,
            _("以下人员没有电子邮箱或邮件发送失败，请另行通知：%(who)s")
            % {"who": "、".join(outcome.not_mailed)},
        )
    if outcome.skipped_today:
        messages.info(
            request,
            _("今天已经提醒过，未重复发送：%(names)s。如需再次提醒，请在该单位一行选择“再次提醒”。")
            % {"names": "、".join(a.name for a in outcome.skipped_today)},
        )
    return redirect(back)


# --------------------------------------------------------------------------------------------
# County summary


def county_summary(scope: Agency, year: int) -> tuple[Summary, list[supervision.RecordReport]]:
    agencies = list(supervision.reporting_agencies(scope))
    records = supervision.reports_of_record(agencies, year)
    parts = [Part(r.agency.name, r.report) for r in records]
    previous_records = supervision.reports_of_record(agencies, year - 1)
    previous = None
    if any(r.report is not None for r in previous_records):
        previous = sum_reports(
            [Part(r.agency.name, r.report) for r in previous_records],
            year=year - 1,
            name=scope.name,
        ).report
    return sum_reports(parts, year=year, name=scope.name, previous=previous), records


def _findings(summary: Summary) -> list[dict[str, Any]]:
    fmt = summary.report.format
    out = []
    for i, f in enumerate(summary.findings, start=1):
        d = f.to_dict()
        out.append(
            {
                **d,
                "id": f"finding-{i}",
                "where": location_words(d["location"], fmt),
                "explained": False,
                "symbol": SYMBOLS.get(d["severity"], "!"),
                "severity_label": SEVERITY_WORDS.get(d["severity"], d["severity"]),
            }
        )
    return out


@require_GET
@login_required
def summary_page(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    scope, scopes = _scope(request)
    summary, records = county_summary(scope, year)
    findings = _findings(summary)
    tables = build_tables(summary.report.to_dict(), findings) if summary.included else []
    fmt = summary.report.format
    blanks = [
        (name, [location_words(loc, fmt) for loc in cells])
        for name, cells in summary.blanks.items()
    ]
    context = {
        **_common(request, scope, scopes, year),
        "summary": summary,
        "records": records,
        "tables": tables,
        "findings": findings,
        "errors": sum(1 for f in findings if f["severity"] == "error"),
        "warnings": sum(1 for f in findings if f["severity"] == "warning"),
        "blanks": blanks,
        "all_blank": [location_words(loc, fmt) for loc in summary.all_blank],
        "format_name": FORMAT_NAMES.get(fmt, fmt),
    }
    return _render(request, "reports/supervision/summary.html", context)


# --------------------------------------------------------------------------------------------
# Charts


def _figure_table(chart: charts.Chart) -> dict:
    return {
        "series": list(chart.series),
        "rows": [
            (group, [charts.value_words(v, "") for v in row])
            for group, row in zip(chart.groups, chart.values, strict=True)
        ],
    }


def _chart_views(chart_list: list[tuple[str, charts.Chart]]) -> list[dict]:
    return [
        {
            "id": cid,
            "title": chart.title,
            "svg": mark_safe(charts.bar_chart(chart, cid, heading=False)),  # noqa: S308 — every text escaped
            "table": _figure_table(chart),
        }
        for cid, chart in chart_list
    ]


@require_GET
@login_required
def year_charts(request: HttpRequest, year: int) -> HttpResponse:
    """Agencies side by side for one year: one chart per topic."""
    year = _year(year)
    scope, scopes = _scope(request)
    agencies = list(supervision.reporting_agencies(scope))
    records = [r for r in supervision.reports_of_record(agencies, year) if r.report is not None]
    groups = [r.agency.short_name or r.agency.name for r in records]
    chart_list = []
    for topic, title in charts.TOPICS.items():
        chart = charts.Chart(
            title=_("%(year)s 年各单位%(topic)s") % {"year": year, "topic": title},
            groups=groups,
            series=[f.label for f in charts.FIGURES[topic]],
            values=[charts.figures(r.report, topic) for r in records],
        )
        chart_list.append((f"chart-{topic}", chart))
    context = {
        **_common(request, scope, scopes, year),
        "charts": _chart_views(chart_list) if records else [],
        "missing": [
            r.agency for r in supervision.reports_of_record(agencies, year) if r.report is None
        ]
        if records
        else agencies,
        "agencies": agencies,
    }
    return _render(request, "reports/supervision/charts_year.html", context)


@require_GET
@login_required
def agency_charts(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Years side by side for one agency: one chart per topic, a bar per year."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not supervision.supervises_agency(request.user, agency):
        raise NotAllowed(_("您不能查看「%(agency)s」的年度报告") % {"agency": agency.name})
    years = supervision.agency_years(agency)[-6:]
    records = [r for r in supervision.agency_history(agency, years) if r.report is not None]
    chart_list = []
    for topic, title in charts.TOPICS.items():
        figs = charts.FIGURES[topic]
        chart = charts.Chart(
            title=_("%(agency)s历年%(topic)s") % {"agency": agency.name, "topic": title},
            groups=[f.label for f in figs],
            series=[_("%(y)s 年") % {"y": r.year} for r in records],
            values=[[charts.figure_value(r.report, f) for r in records] for f in figs],
        )
        chart_list.append((f"chart-{topic}", chart))
    return _render(
        request,
        "reports/supervision/charts_agency.html",
        {
            "agency": agency,
            "records": records,
            "charts": _chart_views(chart_list) if records else [],
            "year": records[-1].year if records else supervision.default_year(),
        },
    )


# --------------------------------------------------------------------------------------------
# Export


_LEAD = (
    export.Column("agency_id", "单位编号"),
    export.Column("agency_name", "单位"),
    export.Column("status", "状态"),
    export.Column("record", "数据来源"),
)


def export_columns() -> list[export.Column]:
    return [*_LEAD, *export.columns()]


def export_rows(scope: Agency, year: int) -> list[list[Any]]:
    """One row per reporting agency: who, its status, where the figures come from, then
    the columns of ``annualreport.export`` (every cell of both formats)."""
    agencies = list(supervision.reporting_agencies(scope))
    states = {r.agency.pk: r.label for r in supervision.statuses(scope, year, agencies=agencies)}
    out = []
    for record in supervision.reports_of_record(agencies, year):
        source = (
            record.check.original_name
            if record.check
            else (_("平台发布") if record.report is not None else "")
        )
        item = export.ExportItem(
            source=source,
            report=record.report,
            error=None if record.report is not None else _("没有可用的报告"),
        )
        out.append(
            [
                record.agency.pk,
                record.agency.name,
                states[record.agency.pk],
                record.source_words,
                *export.row_for(item),
            ]
        )
    return out


def _csv_cell(value: Any) -> Any:
    # An uploaded file's name ("=HYPERLINK(…)") must stay text: spreadsheets.csv_cell.
    return fmt_number(value) if isinstance(value, float) else csv_cell(value)


def _filename(scope: Agency, year: int, ext: str) -> str:
    from urllib.parse import quote

    name = f"{scope.name}{year}年度报告数据.{ext}"
    return f"attachment; filename=\"reports-{year}.{ext}\"; filename*=UTF-8''{quote(name)}"


@require_GET
@login_required
def export_csv(request: HttpRequest, year: int) -> HttpResponse:
    year = _year(year)
    scope, _scopes = _scope(request)
    buf = io.StringIO()
    writer = csv.writer(buf)
    cols = export_columns()
    writer.writerow([c.key for c in cols])
    writer.writerow([c.label for c in cols])
    for row in export_rows(scope, year):
        writer.writerow([_csv_cell(v) for v in row])
    response = HttpResponse(
        buf.getvalue().encode(export.CSV_ENCODING), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(scope, year, "csv")
    return mark_personal(response)


@require_GET
@login_required
def export_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    year = _year(year)
    scope, _scopes = _scope(request)
    cols = export_columns()
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年度报告数据"
    ws.append([c.key for c in cols])
    ws.append([c.label for c in cols])
    rows = export_rows(scope, year)
    for row in rows:
        ws.append(row)
        keep_as_text(ws[ws.max_row])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    for cell in ws[2]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 75
    for i, c in enumerate(cols, start=1):
        width = 28 if c.key in ("agency_name", "record", "source") else 14
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{len(rows) + 2}"
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _filename(scope, year, "xlsx")
    return mark_personal(response)
