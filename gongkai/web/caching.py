"""Cache headers for public pages and for personal ones.

Public portal pages may be kept five minutes by browsers and by the reverse proxy of
docs/deploy.md: they are the same for every anonymous reader. Two things make a page
differ between readers, and both travel in cookies, hence `Vary: Cookie`:
the reading preferences (display.py) and a signed-in session.

A request that carries a session cookie is answered `private`: with
SESSION_SAVE_EVERY_REQUEST the session middleware attaches a Set-Cookie to the response,
and a response carrying someone's session cookie must never sit in a shared cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

PUBLIC_MAX_AGE = 300


def mark_public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Headers for a page that is the same for every anonymous reader."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def mark_personal(response: HttpResponse) -> HttpResponse:
    """Headers for a page that shows one person's work: never stored anywhere."""
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator: the view's successful answers are public pages (see `mark_public`)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            mark_public(request, response)
        return response

    return wrapper
