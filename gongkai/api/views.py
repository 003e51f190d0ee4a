"""Pages of the API app: the token page of the back office, and the API's own reference
page (/api/docs/), rendered on the server from the OpenAPI description — no script, no
CDN, so it works offline and without JavaScript like every public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.web.caching import mark_personal, public_page

from . import permissions, services
from .forms import TokenCreateForm
from .models import ApiToken

METHODS = ("get", "post", "put", "patch", "delete")


def _tokens_page(request: HttpRequest, form: TokenCreateForm, *, new_token: str = "",
                 new_name: str = "", status: int = 200) -> HttpResponse:  # fmt: skip
    tokens = (
        permissions.tokens_visible_to(request.user)
        .select_related("agency", "created_by", "revoked_by")
        .order_by("revoked_at", "-created_at")
    )
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "can_create": bool(form.fields["agency"].queryset.exists()),
            "tokens": tokens,
            "new_token": new_token,
            "new_name": new_name,
        },
        status=status,
    )
    # The one page that ever shows a token: never stored by any cache.
    return mark_personal(response)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_tokens(request.user):
        raise NotAllowed(
            _("只有信息公开工作机构负责人、政务公开办管理员和系统管理员可以管理接口令牌。")
        )
    agencies = permissions.creatable_agencies(request.user)
    if request.method != "POST":
        return _tokens_page(request, TokenCreateForm(agencies=agencies))
    form = TokenCreateForm(request.POST, agencies=agencies)
    if not form.is_valid():
        return _tokens_page(request, form, status=400)
    try:
        token, raw = services.token_create(
            actor=request.user,
            agency=form.cleaned_data["agency"],
            name=form.cleaned_data["name"],
            request=request,
        )
    except InvalidChange as e:
        form.add_error("name", e.message)
        return _tokens_page(request, form, status=400)
    # Shown in this answer only — a redirect would need the token stored somewhere. (The
    # section showing it says it was created: no flash message on top.)
    return _tokens_page(
        request, TokenCreateForm(agencies=agencies), new_token=raw, new_name=token.name
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        services.token_revoke(actor=request.user, token=token, request=request)
    except InvalidChange as e:
        messages.info(request, e.message)
    else:
        messages.success(
            request, _("已吊销令牌「%(name)s」，它不能再使用。") % {"name": token.name}
        )
    return redirect("api_tokens")


def _operations(schema: dict) -> list[dict]:
    """Each operation of the OpenAPI description, flattened for the template."""
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [
                {
                    "name": p.get("name"),
                    "where": p.get("in"),
                    "required": p.get("required", False),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {})
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": ", ".join(body),
                    "token": bool(op.get("security")),
                    "responses": sorted(op.get("responses", {})),
                    "tags": op.get("tags", []),
                }
            )
    return rows


@require_safe
@public_page
def docs(request: HttpRequest) -> HttpResponse:
    from .endpoints import api

    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"info": schema.get("info", {}), "operations": _operations(schema)},
    )
