"""Catalogue and guide pages. Thin: services check permissions and write (`NotAllowed`
is a PermissionDenied, so Django answers 403); a refusal is shown on the page with the
person's input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.errors import InvalidChange
from gongkai.agencies.models import Agency, Level
from gongkai.web import selectors as web_selectors
from gongkai.web.caching import public_page

from . import excel, selectors, services
from .data.guide import STARTER_GUIDE_HTML, STARTER_GUIDE_TITLE
from .forms import EntryForm, GuideForm, ImportForm, StarterForm
from .models import CatalogEntry, Channel, GuideVersion
from .permissions import (
    can_edit_catalog,
    editable_agencies,
    require_edit_catalog,
    require_view_catalog,
    viewable_agencies,
)


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency, slug=slug)


def _entry(agency: Agency, pk: int) -> CatalogEntry:
    return get_object_or_404(CatalogEntry, agency=agency, pk=pk)


@never_cache
@login_required
@require_safe
def agency_list_view(request: HttpRequest) -> HttpResponse:
    agencies = viewable_agencies(request.user).order_by("path")
    editable = set(editable_agencies(request.user).values_list("pk", flat=True))
    counts = selectors.entry_counts(agencies)
    rows = [
        {"agency": a, "editable": a.pk in editable, "count": counts.get(a.pk, 0)} for a in agencies
    ]
    return render(request, "catalog/agency_list.html", {"rows": rows})


@never_cache
@login_required
@require_safe
def tree_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_view_catalog(request.user, agency)
    rows = selectors.catalog_rows(agency)
    guide = selectors.current_guide(agency)
    return render(
        request,
        "catalog/tree.html",
        {
            "agency": agency,
            "rows": rows,
            "top_count": sum(1 for r in rows if r.depth == 1),
            "editable": can_edit_catalog(request.user, agency),
            "starter_form": StarterForm(
                initial={"kind": "village" if agency.level == Level.VILLAGE else "township"}
            ),
            "guide": guide,
        },
    )


def _entry_data(form: EntryForm) -> dict:
    return dict(form.cleaned_data)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def entry_new_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_edit_catalog(request.user, agency)
    parent_id = request.GET.get("parent") or request.POST.get("parent") or ""
    parent = _entry(agency, int(parent_id)) if parent_id.isdigit() else None
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                entry = services.entry_create(
                    actor=request.user,
                    agency=agency,
                    parent=parent,
                    data=_entry_data(form),
                    request=request,
                )
            except InvalidChange as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("已新增事项“%(n)s”。") % {"n": entry.name})
                return redirect(f"{_tree_url(agency)}#entry-{entry.pk}")
    else:
        initial = {"body": agency.name, "channels": [Channel.WEBSITE]}
        if parent is not None:
            initial.update(
                basis=parent.basis,
                time_limit=parent.time_limit,
                body=parent.body or agency.name,
                channels=parent.channels or [Channel.WEBSITE],
                audience=parent.audience,
                mode=parent.mode,
                tier=parent.tier,
            )
        form = EntryForm(initial=initial)
    return render(
        request,
        "catalog/entry_form.html",
        {"agency": agency, "form": form, "parent": parent, "entry": None},
    )


def _tree_url(agency: Agency) -> str:
    from django.urls import reverse

    return reverse("catalog:tree", args=[agency.slug])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def entry_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = _agency(slug)
    require_edit_catalog(request.user, agency)
    entry = _entry(agency, pk)
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.entry_update(
                    actor=request.user, entry=entry, data=_entry_data(form), request=request
                )
            except InvalidChange as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{_tree_url(agency)}#entry-{entry.pk}")
    else:
        form = EntryForm(initial={f: getattr(entry, f) for f in services.FIELDS})
    return render(
        request,
        "catalog/entry_form.html",
        {"agency": agency, "form": form, "parent": entry.parent, "entry": entry},
    )


@never_cache
@login_required
@require_POST
def entry_move_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = _agency(slug)
    entry = _entry(agency, pk)
    try:
        services.entry_move(
            actor=request.user,
            entry=entry,
            direction=request.POST.get("direction", ""),
            request=request,
        )
    except InvalidChange as refusal:
        messages.error(request, refusal.message)
    return redirect(f"{_tree_url(agency)}#entry-{entry.pk}")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def entry_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agency = _agency(slug)
    require_edit_catalog(request.user, agency)
    entry = _entry(agency, pk)
    if request.method == "POST":
        try:
            services.entry_delete(actor=request.user, entry=entry, request=request)
        except InvalidChange as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("已删除事项“%(n)s”。") % {"n": entry.name})
        return redirect("catalog:tree", slug=agency.slug)
    return render(request, "catalog/entry_delete.html", {"agency": agency, "entry": entry})


@never_cache
@login_required
@require_safe
def export_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_view_catalog(request.user, agency)
    response = HttpResponse(
        excel.export_catalog(agency),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    from urllib.parse import quote

    filename = f"{agency.name}公开事项目录.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"catalog-{agency.slug}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_edit_catalog(request.user, agency)
    problems: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > excel.MAX_BYTES:
                problems = [_("文件超过 5 MB，请确认是公开事项目录表格。")]
            else:
                try:
                    counts = excel.import_catalog(
                        actor=request.user, agency=agency, data=upload.read(), request=request
                    )
                except excel.ImportRefused as refusal:
                    problems = refusal.problems
                except InvalidChange as refusal:
                    problems = [refusal.message]
                else:
                    messages.success(
                        request,
                        _(
                            "导入完成：新增 %(created)d 项，更新 %(updated)d 项，停用 %(deactivated)d 项。"
                        )
                        % counts,
                    )
                    return redirect("catalog:tree", slug=agency.slug)
    else:
        form = ImportForm()
    return render(
        request,
        "catalog/import.html",
        {"agency": agency, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


@never_cache
@login_required
@require_POST
def starter_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_edit_catalog(request.user, agency)
    form = StarterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择模板。"))
        return redirect("catalog:tree", slug=agency.slug)
    try:
        created = services.catalog_install_starter(
            actor=request.user,
            agency=agency,
            kind=form.cleaned_data["kind"],
            merge=form.cleaned_data["merge"],
            request=request,
        )
    except InvalidChange as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已按模板新增 %(n)d 个事项。") % {"n": created})
    return redirect("catalog:tree", slug=agency.slug)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def guide_edit_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_edit_catalog(request.user, agency)
    current = selectors.current_guide(agency)
    if request.method == "POST" and request.POST.get("action") == "reviewed":
        try:
            services.guide_mark_reviewed(actor=request.user, agency=agency, request=request)
        except InvalidChange as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("已记录本次审核。"))
        return redirect("catalog:guide_edit", slug=agency.slug)
    if request.method == "POST":
        form = GuideForm(request.POST)
        if form.is_valid():
            try:
                version = services.guide_publish(
                    actor=request.user, agency=agency, **form.cleaned_data, request=request
                )
            except InvalidChange as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("已发布第 %(n)d 版公开指南。") % {"n": version.number})
                return redirect("catalog:guide_edit", slug=agency.slug)
    elif current is not None:
        form = GuideForm(initial={"title": current.title, "body_html": current.body_html})
    else:
        form = GuideForm(
            initial={
                "title": STARTER_GUIDE_TITLE.format(agency=agency.name),
                "body_html": STARTER_GUIDE_HTML.format(agency=agency.name).strip(),
            }
        )
    return render(
        request,
        "catalog/guide_edit.html",
        {
            "agency": agency,
            "form": form,
            "current": current,
            "guide": current.guide if current else None,
        },
    )


@never_cache
@login_required
@require_safe
def guide_history_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_view_catalog(request.user, agency)
    versions = list(selectors.guide_versions(agency))
    return render(
        request,
        "catalog/guide_history.html",
        {
            "agency": agency,
            "versions": versions,
            "editable": can_edit_catalog(request.user, agency),
        },
    )


@never_cache
@login_required
@require_safe
def guide_diff_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency(slug)
    require_view_catalog(request.user, agency)
    numbers = [request.GET.get("a", ""), request.GET.get("b", "")]
    if not all(n.isdigit() for n in numbers):
        raise Http404
    found = {
        v.number: v for v in GuideVersion.objects.filter(guide__agency=agency, number__in=numbers)
    }
    old, new = found.get(int(numbers[0])), found.get(int(numbers[1]))
    if old is None or new is None:
        raise Http404
    return render(
        request,
        "catalog/guide_diff.html",
        {"agency": agency, "old": old, "new": new, "lines": services.guide_diff(old, new)},
    )


# ---------------------------------------------------------------------------------------
# Public pages


@require_safe
@public_page
def public_catalog_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(web_selectors.portal_agencies(), slug=slug)
    return render(
        request,
        "catalog/public_catalog.html",
        {
            "agency": agency,
            "ancestors": web_selectors.ancestors(agency),
            "rows": selectors.flatten(selectors.public_catalog(agency)),
            "portal_section": "proactive",
        },
    )


@require_safe
@public_page
def public_guide_view(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(web_selectors.portal_agencies(), slug=slug)
    return render(
        request,
        "catalog/public_guide.html",
        {
            "agency": agency,
            "ancestors": web_selectors.ancestors(agency),
            "version": selectors.current_guide(agency),
            "portal_section": "guide",
        },
    )
