"""/api/: the API (django-ninja), its reference page, and the token page.

Every API answer goes through Django's conditional-GET logic, so a public read carries
an ETag and an unchanged one is answered 304 (answers marked no-store get none). A
method the operation does not have, and an address under /api/ that is no operation,
are answered in JSON with a Chinese ``detail`` like every other refusal of the API.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import URLPattern, path
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import views
from .endpoints import api

_conditional = decorator_from_middleware(ConditionalGetMiddleware)


def _json_error(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name] = value
    return response


def _api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    conditional = _conditional(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = conditional(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return _json_error(
                405,
                _("这个地址不支持 %(method)s 请求。") % {"method": request.method},
                Allow=response.get("Allow", ""),
            )
        return response

    return wrapper


@csrf_exempt
def _no_such_operation(request: HttpRequest, rest: str = "") -> HttpResponse:
    return _json_error(404, _("没有这个接口地址；接口说明见 /api/docs/。"))


_api_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("docs/", views.docs, name="api_docs"),
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path(
        "",
        (
            [
                URLPattern(p.pattern, _api_view(p.callback), p.default_args, p.name)
                if isinstance(p, URLPattern)
                else p
                for p in _api_patterns
            ],
            _app_name,
            _namespace,
        ),
    ),
    path("<path:rest>", _no_such_operation),
]
