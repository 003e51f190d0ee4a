"""The audit log viewer: list with filters, one entry, CSV export. Read-only by design:
every view answers GET only, so no address of this app can change an entry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.accounts.views import query_without_page

from . import selectors
from .export import csv_lines
from .forms import AuditFilterForm
from .services import audit_export

PER_PAGE = 50


@never_cache
@login_required
@require_safe
def entry_list_view(request: HttpRequest) -> HttpResponse:
    selectors.audit_entry_list(viewer=request.user)  # 403 before building the form
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    entries = selectors.audit_entry_list(viewer=request.user, **form.filters())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/entry_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@never_cache
@login_required
@require_safe
def entry_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.audit_entry_get(viewer=request.user, pk=pk)
    return render(request, "audit/entry_detail.html", {"entry": entry})


@never_cache
@login_required
@require_safe
def export_view(request: HttpRequest) -> StreamingHttpResponse:
    selectors.audit_entry_list(viewer=request.user)  # 403 before anything is recorded
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    entries, _count = audit_export(actor=request.user, filters=form.filters(), request=request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        csv_lines(entries.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
