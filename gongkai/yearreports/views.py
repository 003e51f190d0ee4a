"""The clerk's pages of 年报编制: the list, the writing page (texts with live values, last
year's text, entered figures, findings and explanations, workflow actions), the preview,
the versions' files, and the local deadline. Thin: services decide and write."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.annualreport.formats import SECTIONS, format_for_year
from gongkai.annualreport.model import SECTION_KEYS, Severity
from gongkai.web.caching import mark_personal

from . import compile as core
from . import data, permissions, selectors, services
from .cards import report_year
from .models import EnteredFigure, PublishedVersion, Stage, YearReport
from .public_views import CONTENT_TYPES, file_name, file_response


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return mark_personal(render(request, f"yearreports/staff/{template}", context, status=status))


def _report(request: HttpRequest, pk: int) -> YearReport:
    report = get_object_or_404(YearReport.objects.select_related("agency"), pk=pk)
    permissions.require_view(request.user, report.agency)
    return report


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    agencies = list(permissions.readable_agencies(request.user).order_by("path"))
    writable = [a for a in agencies if permissions.can_write(request.user, a)]
    if not agencies:
        raise NotAllowed(_("只有机关的工作人员和政务公开办可以查看年度报告编制。"))
    reports = (
        YearReport.objects.filter(agency__in=agencies)
        .select_related("agency")
        .order_by("-year", "agency__path")
    )
    year = report_year(timezone.localdate())
    from gongkai.agencies.selectors import supervised_agencies

    return _render(
        request,
        "index.html",
        {
            "may_set_deadline": supervised_agencies(request.user).exists(),
            "reports": reports,
            "writable": writable,
            "year": year,
            "years": list(range(timezone.localdate().year, 2018, -1)),
        },
    )


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    try:
        agency = get_object_or_404(Agency, pk=int(request.POST.get("agency") or 0))
        year = int(request.POST.get("year") or 0)
        report = services.report_start(
            actor=request.user, agency=agency, year=year, request=request
        )
    except ValueError:
        flash.error(request, _("请选择年度。"))
        return redirect("yearreports:index")
    except InvalidChange as exc:
        flash.error(request, exc.message)
        return redirect("yearreports:index")
    return redirect("yearreports:report", report.pk)


def _finding_rows(report: YearReport, result: core.Compiled) -> list[dict]:
    rows = []
    for f in result.report.findings:
        key = core.finding_key(f)
        rows.append(
            {
                "finding": f,
                "key": key,
                "severity": f.severity.label,
                "explanation": report.explanations.get(key, ""),
                "needs_explanation": f.severity is Severity.WARNING,
            }
        )
    return rows


def _sync_counts(report: YearReport, result: core.Compiled) -> None:
    """The data move under a draft (a case decided, a document repealed): the counts the
    supervisor's list shows follow whenever the report is looked at. A cached figure, not
    a change of the report: no audit entry, ``updated_at`` untouched."""
    errors, warnings = core.counts(result.report.findings)
    if report.stage != Stage.PUBLISHED and (errors, warnings) != (
        report.draft_errors,
        report.draft_warnings,
    ):
        YearReport.objects.filter(pk=report.pk).update(draft_errors=errors, draft_warnings=warnings)
        report.draft_errors, report.draft_warnings = errors, warnings


def _page_context(
    request: HttpRequest,
    report: YearReport,
    texts: dict | None = None,
    typed: dict | None = None,
) -> dict:
    result = data.compiled(report, texts=texts)
    if texts is None:
        _sync_counts(report, result)
    previous = data.previous_report(report.agency_id, report.year)
    prev_texts = previous.texts if previous else {}
    # Compared as published: figures resolved on both sides, as X-6 itself compares.
    repeated = core.repeated_sections(
        result.report.texts, prev_texts, data.check_settings(report.agency, report.year)
    )
    own_texts = texts if texts is not None else report.texts
    resolved = result.report.texts
    sections = [
        {
            "key": k,
            "title": SECTIONS[k],
            "text": own_texts.get(k, ""),
            "resolved": resolved.get(k, ""),
            "previous": prev_texts.get(k, ""),
            "repeated": round(repeated[k] * 100) if k in repeated else None,
            "findings": [f for f in result.report.findings if f.location == f"section.{k}"],
        }
        for k in SECTION_KEYS
    ]
    fmt = format_for_year(report.year) or "v2021"
    entered = {
        f.key: f for f in EnteredFigure.objects.filter(report=report).select_related("entered_by")
    }
    figure_rows = []
    for key, row, col in core.entered_cells(fmt):
        found = entered.get(key)
        if typed is not None:
            value = typed.get(key, "")
        else:
            value = core.show(core.as_number(found.value)) if found else ""
        figure_rows.append({"key": key, "row": row, "col": col, "entered": found, "value": value})
    groups: dict[str, list] = {}
    for fig in result.figures:
        groups.setdefault(fig.group, []).append(fig)
    user = request.user
    may_write = permissions.can_write(user, report.agency)
    problems = services.publication_problems(report, result)
    return {
        "report": report,
        "deadline": selectors.deadline_for(report.agency, report.year),
        "sections": sections,
        "figure_groups": groups,
        "figure_rows": figure_rows,
        "findings": _finding_rows(report, result),
        "problems": problems,
        "errors": sum(f.severity is Severity.ERROR for f in result.report.findings),
        "previous_year": previous.year if previous else None,
        "may_write": may_write and report.stage == Stage.DRAFTING,
        "may_correct": may_write and report.stage == Stage.PUBLISHED,
        "may_review": report.stage == Stage.IN_REVIEW
        and permissions.can_approve(user, report.agency)
        and user.pk not in report.writer_ids,
        "is_writer": user.pk in report.writer_ids,
        "versions": report.versions.order_by("-number"),
        "public_url": selectors.report_status(report).public_url,
        "table3_source": "依申请公开办理记录",
    }


@require_GET
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return _render(request, "report.html", _page_context(request, report))


def _after_action(request: HttpRequest, report: YearReport, exc: Exception) -> HttpResponse:
    context = _page_context(request, report)
    context["error"] = getattr(exc, "message", str(exc))
    context["blocked"] = getattr(exc, "findings", None)
    return _render(request, "report.html", context, status=400)


@require_POST
@login_required
def save_texts(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    texts = {k: request.POST[k] for k in SECTION_KEYS if k in request.POST}
    try:
        services.texts_save(actor=request.user, report=report, texts=texts, request=request)
    except InvalidChange as exc:
        # The text typed is shown again, never lost.
        context = _page_context(request, report, texts={**report.texts, **texts})
        context["error"] = exc.message
        return _render(request, "report.html", context, status=400)
    flash.success(request, _("正文已保存。"))
    return redirect("yearreports:report", report.pk)


@require_POST
@login_required
def save_figures(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    values = {k: v for k, v in request.POST.items() if k.startswith("table2.")}
    try:
        n = services.figures_save(actor=request.user, report=report, values=values, request=request)
    except InvalidChange as exc:
        context = _page_context(request, report, typed=values)
        context["error"] = exc.message
        return _render(request, "report.html", context, status=400)
    flash.success(request, _("已保存 %(n)s 项填报数据。") % {"n": n})
    return redirect("yearreports:report", report.pk)


@require_POST
@login_required
def save_explanations(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    values = {k[len("explain:") :]: v for k, v in request.POST.items() if k.startswith("explain:")}
    try:
        services.explanations_save(
            actor=request.user, report=report, explanations=values, request=request
        )
    except InvalidChange as exc:
        return _after_action(request, report, exc)
    flash.success(request, _("警告说明已保存。"))
    return redirect("yearreports:report", report.pk)


@require_GET
@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report exactly as it would be published today (the same renderer)."""
    from gongkai.annualreport.render import STYLESHEET, render_html

    report = _report(request, pk)
    result = data.compiled(report)
    return _render(
        request,
        "preview.html",
        {
            "report": report,
            "report_html": mark_safe(render_html(result.report, standalone=False)),  # noqa: S308 — the renderer escapes
            "report_css": mark_safe(STYLESHEET),  # noqa: S308 — our own constant
            "errors": sum(f.severity is Severity.ERROR for f in result.report.findings),
        },
    )


def _workflow(action):
    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        report = _report(request, pk)
        try:
            message = action(request, report)
        except InvalidChange as exc:
            return _after_action(request, report, exc)
        flash.success(request, message)
        return redirect("yearreports:report", report.pk)

    view.__name__ = action.__name__
    return view


@_workflow
def submit(request: HttpRequest, report: YearReport) -> str:
    services.report_submit(actor=request.user, report=report, request=request)
    return _("已送审。")


@_workflow
def approve(request: HttpRequest, report: YearReport) -> str:
    version = services.report_approve(actor=request.user, report=report, request=request)
    return _("已审核通过并发布（第 %(n)s 版）。") % {"n": version.number}


@_workflow
def return_(request: HttpRequest, report: YearReport) -> str:
    services.report_return(
        actor=request.user, report=report, comment=request.POST.get("comment", ""), request=request
    )
    return _("已退回。")


@_workflow
def correct(request: HttpRequest, report: YearReport) -> str:
    services.report_correct(
        actor=request.user, report=report, reason=request.POST.get("reason", ""), request=request
    )
    return _("已开始更正；更正发布前，公众看到的仍是已发布的版本。")


@require_GET
@login_required
def version_file(request: HttpRequest, pk: int, number: int, kind: str) -> HttpResponse:
    report = _report(request, pk)
    version = get_object_or_404(PublishedVersion, report=report, number=number)
    if kind not in CONTENT_TYPES:
        raise Http404
    stored = version.docx if kind == "docx" else version.pdf
    if not stored:
        raise Http404
    with stored.open("rb") as fh:
        payload = fh.read()
    name = file_name(report.agency, report.year, kind).replace(".", f"（第{number}版）.", 1)
    return mark_personal(file_response(payload, name, kind))


@require_http_methods(["GET", "POST"])
@login_required
def deadline(request: HttpRequest) -> HttpResponse:
    from gongkai.agencies.selectors import supervised_agencies

    agencies = list(supervised_agencies(request.user).order_by("path"))
    if not agencies:
        raise NotAllowed(_("年度报告的发布期限由政务公开办设置。"))
    error = ""
    if request.method == "POST":
        try:
            agency = get_object_or_404(Agency, pk=int(request.POST.get("agency") or 0))
            services.deadline_save(
                actor=request.user,
                agency=agency,
                month=int(request.POST.get("month") or 0),
                day=int(request.POST.get("day") or 0),
                request=request,
            )
        except (InvalidChange, ValueError) as exc:
            error = getattr(exc, "message", "") or _("请填写月和日（数字）。")
        else:
            flash.success(request, _("发布期限已保存。"))
            return redirect("yearreports:deadline")
    year = report_year(timezone.localdate())
    rows = [
        {
            "agency": a,
            "own": selectors.deadline_setting(a),
            "deadline": selectors.deadline_for(a, year),
        }
        for a in agencies
    ]
    return _render(
        request,
        "deadline.html",
        {"rows": rows, "year": year, "error": error},
        status=400 if error else 200,
    )
