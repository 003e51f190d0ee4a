"""The inspection pages: an agency's own report, the county's ranking for a 政务公开办
管理员, and the printable report. Reports are computed when asked for, from the data as
it is now: there is nothing stored to go stale."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency
from gongkai.officialdoc import PdfUnavailable, render_docx, render_pdf
from gongkai.web.caching import mark_personal

from . import probe, selectors, services
from .document import report_document
from .forms import AccountForm
from .models import NewMediaAccount, SiteProbe

DENIED = "只有本机构的工作人员和上级政务公开办可以查看站点检查结果。"


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    # Internal findings (unpublished items, reviewers' work): never cached.
    return mark_personal(render(request, template, context, status=status))


def _agency(request: HttpRequest, slug: str) -> Agency:
    agency = get_object_or_404(Agency, slug=slug)
    if not selectors.can_view(request.user, agency):
        raise NotAllowed(_(DENIED))
    return agency


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    on = selectors.today()
    if selectors.is_supervisor(request.user):
        rows = selectors.inspect_county(request.user, on)
        return _render(request, "inspection/ranking.html", {"rows": rows, "on": on})
    own = list(selectors.own_agencies(request.user))
    if not own:
        raise NotAllowed(_(DENIED))
    reports = selectors.inspect_many(own, on)
    return _render(request, "inspection/index.html", {"reports": reports, "on": on})


@require_safe
@login_required
def report(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _agency(request, agency_slug)
    found = selectors.inspect_agency(agency)
    return _render(request, "inspection/report.html", {"agency": agency, "report": found})


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return mark_personal(response)


@require_safe
@login_required
def report_pdf(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _agency(request, agency_slug)
    found = selectors.inspect_agency(agency)
    try:
        data = render_pdf(report_document(agency, found))
    except PdfUnavailable as exc:
        return _render(request, "inspection/pdf_unavailable.html", {"why": str(exc)}, 503)
    return _download(data, "application/pdf", f"inspection-{agency.slug}-{found.on}.pdf")


@require_safe
@login_required
def report_docx(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _agency(request, agency_slug)
    found = selectors.inspect_agency(agency)
    return _download(
        render_docx(report_document(agency, found)),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"inspection-{agency.slug}-{found.on}.docx",
    )


# --- 政务新媒体 registry -------------------------------------------------------------------------


def _account_page(
    request: HttpRequest, agency: Agency, form: AccountForm, account, error: str, status: int
) -> HttpResponse:
    accounts = list(NewMediaAccount.objects.filter(agency=agency))
    last = selectors.account_last_updates(accounts)
    rows = [(a, last[a.pk]) for a in accounts]
    return _render(
        request,
        "inspection/new_media.html",
        {
            "agency": agency,
            "rows": rows,
            "form": form,
            "account": account,
            "error": error,
            "today": selectors.today(),
        },
        status,
    )


def _save(request: HttpRequest, agency: Agency, account) -> HttpResponse:
    error = ""
    if request.method == "POST":
        form = AccountForm(request.POST)
        if form.is_valid():
            try:
                services.account_save(
                    actor=request.user, agency=agency, account=account, request=request,
                    **form.cleaned_data,
                )  # fmt: skip
            except InvalidChange as e:
                error = e.message
            else:
                flash.success(request, _("政务新媒体账号已保存。"))
                return redirect("inspection:new_media", agency_slug=agency.slug)
        return _account_page(request, agency, form, account, error, 400)
    initial = {}
    if account is not None:
        initial = {k: getattr(account, k) for k in services.FIELDS}
    return _account_page(request, agency, AccountForm(initial=initial), account, "", 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new_media(request: HttpRequest, agency_slug: str) -> HttpResponse:
    """The agency's 政务新媒体 accounts (台账) and the form to register one."""
    return _save(request, _agency(request, agency_slug), None)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def new_media_edit(request: HttpRequest, agency_slug: str, pk: int) -> HttpResponse:
    agency = _agency(request, agency_slug)
    account = get_object_or_404(NewMediaAccount, pk=pk, agency=agency)
    return _save(request, agency, account)


# --- availability -------------------------------------------------------------------------------


@require_safe
@login_required
def availability(request: HttpRequest) -> HttpResponse:
    """The probes of the last 7 days: the share that failed and each failure."""
    if not (selectors.is_supervisor(request.user) or selectors.own_agencies(request.user).exists()):
        raise NotAllowed(_(DENIED))
    on = selectors.today()
    found = probe.availability(on)
    failures = SiteProbe.objects.filter(slot__gte=found.since, ok=False).order_by("-slot")[:200]
    return _render(
        request,
        "inspection/availability.html",
        {
            "found": found,
            "failures": failures,
            "on": on,
            "target": probe.probe_url() or probe.HOME_PATH,
            "in_process": not probe.probe_url(),
            "min_probes": probe.MIN_PROBES,
            "window_days": probe.WINDOW_DAYS,
        },
    )
