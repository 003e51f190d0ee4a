"""The agency management pages: the tree, a new agency, changing one. Thin: the
permission checks and every write are in selectors and services; `NotAllowed` becomes 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.accounts.errors import InvalidChange

from . import selectors, services
from .forms import AgencyCreateForm, AgencyForm
from .models import Agency, Kind
from .permissions import can_manage_agencies, require_manage_agencies


@never_cache
@login_required
@require_safe
def agency_list_view(request: HttpRequest) -> HttpResponse:
    rows = selectors.agency_tree_rows(viewer=request.user)
    return render(
        request,
        "agencies/agency_list.html",
        {
            "rows": rows,
            "can_manage": can_manage_agencies(request.user),
            "no_portal": Kind.OPEN_GOVERNMENT_OFFICE,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def agency_create_view(request: HttpRequest) -> HttpResponse:
    require_manage_agencies(request.user)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else None
    form = AgencyCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(
                actor=request.user, request=request, **form.cleaned_data
            )
        except InvalidChange as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已新建机构“%(name)s”。") % {"name": agency.name})
            return redirect("agencies:list")
    return render(request, "agencies/agency_form.html", {"form": form, "agency": None})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def agency_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_manage_agencies(request.user)  # before the lookup: ids tell the others nothing
    agency = get_object_or_404(Agency.objects.select_related("parent"), pk=pk)
    form = AgencyForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_update(
                actor=request.user, agency=agency, request=request, **form.cleaned_data
            )
        except InvalidChange as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("已保存机构“%(name)s”。") % {"name": agency.name})
            return redirect("agencies:list")
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency})
