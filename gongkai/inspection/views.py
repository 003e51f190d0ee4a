"""The inspection pages: an agency's own report, the county's ranking for a 政务公开办
管理员, and the printable report. Reports are computed when asked for, from the data as
it is now: there is nothing stored to go stale."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.accounts.errors import NotAllowed
from gongkai.agencies.models import Agency
from gongkai.officialdoc import PdfUnavailable, render_docx, render_pdf
from gongkai.web.caching import mark_personal

from . import selectors
from .document import report_document

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
    reports = [(a, selectors.inspect_agency(a, on)) for a in own]
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
