"""/api/: the API (django-ninja), its reference page, and the token page.

Every API answer goes through Django's conditional-GET logic, so a public read carries
an ETag and an unchanged one is answered 304 (answers marked no-store get none).
"""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import URLPattern, path
from django.utils.decorators import decorator_from_middleware

from . import views
from .endpoints import api

_conditional = decorator_from_middleware(ConditionalGetMiddleware)


def _with_etags(patterns: list) -> list:
    return [
        URLPattern(p.pattern, _conditional(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]


_api_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("docs/", views.docs, name="api_docs"),
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("", (_with_etags(_api_patterns), _app_name, _namespace)),
]
