"""The 词库 pages: list, add or change a term, delete, import and export TSV, and a box to
try the screening on any text with the dictionary in force."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.permissions import keeps_platform_data
from gongkai.screening import screen_text
from gongkai.web.caching import mark_personal

from . import selectors, services
from .models import KIND_LABELS, LexiconTerm

MAX_TRY_CHARS = 20_000


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "").strip()
    base = {
        "terms": selectors.terms(kind, query)[:500],
        "kinds": [(k.value, label) for k, label in KIND_LABELS.items()],
        "kind": kind,
        "q": query,
        "form": {"severity": "warning"},
    }
    base.update(context)
    return mark_personal(render(request, "lexicon/index.html", base, status=status))


def _forbidden(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
    return mark_personal(
        render(request, "lexicon/forbidden.html", {"message": exc.message}, status=403)
    )


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    if not keeps_platform_data(request.user):
        return _forbidden(
            request, NotAllowed(_("只有系统管理员和政务公开办管理员可以维护审校词库。"))
        )
    if request.method == "GET":
        return _page(request, {})
    form = {k: request.POST.get(k, "") for k in ("text", "kind", "suggestion", "severity", "note")}
    try:
        services.term_save(actor=request.user, request=request, **form)
    except InvalidChange as exc:
        return _page(request, {"form": form, "error": exc.message}, status=400)
    return redirect(f"{request.path}?saved=1")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(LexiconTerm, pk=pk)
    try:
        services.term_delete(actor=request.user, term=term, request=request)
    except NotAllowed as exc:
        return _forbidden(request, exc)
    return redirect("lexicon:index")


@login_required
@require_POST
def import_file(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, {"import_error": _("请选择要导入的词库文件。")}, status=400)
    try:
        count = services.import_tsv(
            actor=request.user,
            data=upload.read(services.MAX_IMPORT_BYTES + 1),
            name=upload.name,
            request=request,
        )
    except NotAllowed as exc:
        return _forbidden(request, exc)
    except InvalidChange as exc:
        return _page(request, {"import_error": exc.message}, status=400)
    return redirect(f"{request.path.rsplit('import/', 1)[0]}?imported={count}")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    if not keeps_platform_data(request.user):
        return _forbidden(
            request, NotAllowed(_("只有系统管理员和政务公开办管理员可以维护审校词库。"))
        )
    response = HttpResponse(
        services.export_tsv(), content_type="text/tab-separated-values; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="lexicon.tsv"'
    return mark_personal(response)


@login_required
@require_http_methods(["GET", "POST"])
def try_text(request: HttpRequest) -> HttpResponse:
    """Anyone who writes for an agency may check a text before submitting it."""
    text = request.POST.get("text", "")[:MAX_TRY_CHARS] if request.method == "POST" else ""
    findings = screen_text(text, selectors.active_dictionary()) if text.strip() else None
    return mark_personal(render(request, "lexicon/try.html", {"text": text, "findings": findings}))
