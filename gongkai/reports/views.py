"""Pages for report checking: upload, progress, the list, one result; and the actions on a
result. Thin: permission and every write live in services and selectors."""

from __future__ import annotations

import functools
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import TooManyFilesSent, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from gongkai.web.caching import mark_personal

from . import intake, selectors, services, supervision
from .forms import AssignForm, ExplainForm, FilterForm, UnexplainForm, UploadForm
from .models import ReportCheck, UploadBatch, UploadOutcome
from .presenters import check_page

WEB_BASE = "web/base_backoffice.html"
FALLBACK_BASE = "reports/fallback_base.html"
HTMX = "web/vendor/htmx.min.js"
POLL_SECONDS = 3


@functools.cache
def _frame() -> tuple[str, bool]:
    """(base template, whether it already loads htmx).

    The back-office frame comes from the web app; until it exists the reports pages use
    their own plain frame. Whether the frame loads htmx itself decides whether these
    pages add it (loading it twice would poll twice).
    """
    try:
        get_template(WEB_BASE)
    except TemplateDoesNotExist:
        return FALLBACK_BASE, False
    sources = []
    for name in (WEB_BASE, "web/base.html"):
        try:
            sources.append(get_template(name).template.source)
        except (TemplateDoesNotExist, AttributeError):
            continue
    return WEB_BASE, any("htmx.min.js" in s for s in sources)


@functools.cache
def _has_htmx() -> bool:
    return bool(finders.find(HTMX))


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    base, base_has_htmx = _frame()
    context = {
        "base_template": base,
        "htmx": _has_htmx(),
        "load_htmx": _has_htmx() and not base_has_htmx,
        "poll_seconds": POLL_SECONDS,
        **context,
    }
    # Every page here shows an agency's unpublished work: never stored by any cache.
    return mark_personal(render(request, template, context, status=status))


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --------------------------------------------------------------------------------------------
# Upload


@csrf_exempt
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form. Too large an upload is refused from its Content-Length, before a
    byte of the body is read or stored (and before the CSRF check, which would read it:
    nothing changes on that path, so nothing needs protecting)."""
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > intake.max_upload_total() + intake.MB:
            message = _(
                "这次上传共 %(size)s MB，超过一次上传 %(max)s MB 的上限；请分几次上传。"
            ) % {
                "size": intake.mb(length),
                "max": intake.mb(intake.max_upload_total()),
            }
            return _upload_page(request, UploadForm(agencies=_agencies(request)), message, 413)
        try:
            request.POST  # noqa: B018 — parse now, to answer "too many files" in words
            request.FILES  # noqa: B018
        except TooManyFilesSent:
            message = _("一次选择的文件太多；请把它们打包成一个 zip 压缩包后上传。")
            return _upload_page(request, UploadForm(agencies=_agencies(request)), message, 400)
    return _upload_protected(request)


def _agencies(request: HttpRequest):
    return selectors.upload_agencies(request.user).order_by("path")


def _upload_page(request, form, error: str = "", status: int = 200) -> HttpResponse:
    return _render(
        request,
        "reports/upload.html",
        {
            "form": form,
            "error": error,
            "may_upload": selectors.upload_agencies(request.user).exists(),
            "limits": {
                "file": intake.mb(intake.max_file()),
                "total": intake.mb(intake.max_upload_total()),
                "zip_entries": intake.max_zip_entries(),
                "zip_total": intake.mb(intake.max_zip_total()),
            },
        },
        status=status,
    )


@csrf_protect
def _upload_protected(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    if request.method != "POST":
        return _upload_page(request, UploadForm(agencies=agencies))
    form = UploadForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    try:
        batch = services.upload_create(
            actor=request.user,
            files=form.cleaned_data["files"],
            agency=form.cleaned_data["agency"],
            year=form.cleaned_data["year"],
            request=request,
        )
    except ValidationError as e:
        form.add_error(None, e)
        return _upload_page(request, form, status=400)
    return redirect("reports:batch", pk=batch.pk)


@require_GET
@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """What became of each file of an upload, and how far the checks are."""
    batch = get_object_or_404(UploadBatch.objects.select_related("uploaded_by", "scope"), pk=pk)
    if not selectors.may_view_batch(request.user, batch):
        raise services.NotAllowed(_("您不能查看这次上传"))
    items = list(batch.items.select_related("report_check", "report_check__agency"))
    progress = selectors.batch_progress(batch)
    context = {
        "batch": batch,
        "items": items,
        "progress": progress,
        "running": progress["finished"] < progress["total"],
        "refused": sum(1 for i in items if i.outcome == UploadOutcome.REJECTED),
        "poll_url": reverse("reports:batch", args=[batch.pk]),
    }
    if _is_htmx(request):
        # 286 tells htmx to stop polling once every check has finished.
        status = 200 if context["running"] else 286
        return _render(request, "reports/_batch_progress.html", context, status=status)
    return _render(request, "reports/batch.html", context)


# --------------------------------------------------------------------------------------------
# The list


@require_GET
@login_required
def check_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.checks_visible_to(request.user)
    agency_ids = visible.exclude(agency=None).values("agency")
    from gongkai.agencies.models import Agency

    form = FilterForm(
        request.GET or None,
        agencies=Agency.objects.filter(pk__in=agency_ids).order_by("path"),
        years=selectors.check_years(request.user),
    )
    filters: dict = {}
    if form.is_valid():
        agency = form.cleaned_data.get("agency")
        filters = {
            "agency_id": agency.pk if agency else None,
            "year": form.cleaned_data.get("year"),
            "status": form.cleaned_data.get("status") or None,
        }
    qs = selectors.check_list(request.user, **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "reports/list.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.check_totals(qs),
            "query": query.urlencode(),
            "may_upload": selectors.upload_agencies(request.user).exists(),
            "may_supervise": supervision.may_supervise(request.user),
        },
    )


# --------------------------------------------------------------------------------------------
# One check


def _visible_check(request: HttpRequest, pk: int) -> ReportCheck:
    check = get_object_or_404(
        ReportCheck.objects.select_related("file", "agency", "scope", "uploaded_by", "batch"),
        pk=pk,
    )
    if not selectors.may_view_check(request.user, check):
        raise services.NotAllowed(_("您不能查看这份报告的检查结果"))
    return check


@require_GET
@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = _visible_check(request, pk)
    # The agencies the person answers for, read once: they fill the form, and the check's
    # being among them is selectors.may_edit_check (which would read them again).
    agencies = list(selectors.upload_agencies(request.user).order_by("path"))
    may_edit = check.owner.pk in {a.pk for a in agencies}
    page = check_page(check)
    assign_form = AssignForm(
        initial={"agency": check.agency_id, "year": check.year}, agencies=agencies
    )
    previous = None
    previous_id = (check.report or {}).get("previous_check")
    if previous_id:
        previous = ReportCheck.objects.filter(pk=previous_id).first()
        if previous is not None and not selectors.may_view_check(request.user, previous):
            previous = None
    return _render(
        request,
        "reports/detail.html",
        {
            "check": check,
            "page": page,
            "previous": previous,
            "may_edit": may_edit,
            "assign_form": assign_form,
            "status_url": reverse("reports:status", args=[check.pk]),
            "outdated": check.is_finished and check.engine_version != _engine_version(),
        },
    )


def _engine_version() -> str:
    from .engine import engine_version

    return engine_version()


@require_GET
@login_required
def check_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The polled status line; once the check is finished, htmx reloads the whole page."""
    check = _visible_check(request, pk)
    response = _render(
        request,
        "reports/_check_status.html",
        {"check": check, "status_url": reverse("reports:status", args=[check.pk])},
    )
    if check.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_GET
@login_required
def check_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file, always as a download: an uploaded HTML page must never run in
    our origin."""
    check = _visible_check(request, pk)
    try:
        fh = check.file.file.open("rb")
    except OSError as e:
        raise Http404(_("文件已不存在")) from e
    response = FileResponse(fh, as_attachment=True, filename=check.original_name)
    response["Content-Type"] = "application/octet-stream"
    return mark_personal(response)


def _back(check: ReportCheck, anchor: str = "") -> HttpResponse:
    url = reverse("reports:detail", args=[check.pk])
    return redirect(f"{url}#{quote(anchor)}" if anchor else url)


def _errors(e: ValidationError) -> str:
    return "；".join(e.messages)


@require_POST
@login_required
def check_assign(request: HttpRequest, pk: int) -> HttpResponse:
    check = _visible_check(request, pk)
    form = AssignForm(request.POST, agencies=selectors.upload_agencies(request.user))
    if not form.is_valid():
        messages.error(request, _("单位或年度填写有误：%(e)s") % {"e": form.errors.as_text()})
        return _back(check)
    try:
        services.check_assign(
            actor=request.user,
            check=check,
            agency=form.cleaned_data["agency"],
            year=form.cleaned_data["year"],
            request=request,
        )
    except ValidationError as e:
        messages.error(request, _errors(e))
    else:
        messages.success(request, _("已保存单位和年度"))
    return _back(check)


@require_POST
@login_required
def check_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    check = _visible_check(request, pk)
    services.check_recheck(actor=request.user, check=check, request=request)
    messages.success(request, _("已重新排队检查；已有的说明会保留"))
    return _back(check)


@require_POST
@login_required
def finding_explain(request: HttpRequest, pk: int) -> HttpResponse:
    check = _visible_check(request, pk)
    form = ExplainForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写说明后再标记为已说明"))
        return _back(check)
    try:
        services.finding_explain(
            actor=request.user,
            check=check,
            rule=form.cleaned_data["rule"],
            location=form.cleaned_data["location"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as e:
        messages.error(request, _errors(e))
        return _back(check)
    messages.success(request, _("已标记为已说明"))
    return _back(check, request.POST.get("anchor", ""))


@require_POST
@login_required
def finding_unexplain(request: HttpRequest, pk: int) -> HttpResponse:
    check = _visible_check(request, pk)
    form = UnexplainForm(request.POST)
    if not form.is_valid():
        return _back(check)
    try:
        services.finding_unexplain(
            actor=request.user,
            check=check,
            rule=form.cleaned_data["rule"],
            location=form.cleaned_data["location"],
            request=request,
        )
    except ValidationError as e:
        messages.error(request, _errors(e))
        return _back(check)
    messages.success(request, _("已撤销说明"))
    return _back(check, request.POST.get("anchor", ""))
