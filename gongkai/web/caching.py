"""Cache headers for public pages and for personal ones, and the page cache of public pages.

Public portal pages are the same for every anonymous reader. Two things make a page differ
between readers, and both travel in cookies, hence `Vary: Cookie`: the reading preferences
(display.py) and a signed-in session.

Headers:
- a public page: `public, max-age=60, must-revalidate` and an ETag. Browsers and the
  reverse proxy of docs/deploy.md keep it one minute, then ask again with If-None-Match and
  get a bodiless 304 while nothing changed — cheap on a village line. One minute, not more:
  a withdrawn page (personal data published by mistake) must leave every cache quickly.
- a request that carries a session cookie: `private, no-cache`. With
  SESSION_SAVE_EVERY_REQUEST the session middleware attaches a Set-Cookie to the response,
  and a response carrying someone's session cookie must never sit in a shared cache.
- a page that put a CSRF token in a form (the token is the reader's own): never stored
  (`mark_personal`), whatever the view declared.

The page cache: an anonymous GET of a public page is answered from the cache while the
site's public data has not changed. The key holds `public_data_version()`: the newest audit
entry (every service that changes what the public sees writes one, in the same transaction:
publish, withdraw, correct, a catalogue or an agency change, a published reply), a counter
bumped after any other committed save (`note_change`), and today's date (pages show
deadlines and "today"). A publication or a withdrawal therefore shows on the next request.
Entries also expire after PAGE_CACHE_SECONDS, the bound on what no version sees — with
per-process caches and PostgreSQL, two transactions committing out of id order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import display

PUBLIC_MAX_AGE = 60
#: How long a rendered public page is kept when nothing bumps the version.
PAGE_CACHE_SECONDS = 300
_COUNTER_KEY = "web.public-changes"
#: Saves that never change a public page (a signed-in request saves its session every time).
_IGNORED_APPS = frozenset({"sessions", "contenttypes", "admin"})


def mark_public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Headers for a page that is the same for every anonymous reader."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        # The page holds the reader's own CSRF token in a form: not public after all.
        return mark_personal(response)
    declared = response.get("Cache-Control", "")
    if "private" in declared or "no-store" in declared:
        return response  # the view said so: never widen it
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def mark_personal(response: HttpResponse) -> HttpResponse:
    """Headers for a page that shows one person's work: never stored anywhere."""
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


# --- the data version ----------------------------------------------------------------------


def _bump() -> None:
    try:
        cache.incr(_COUNTER_KEY)
    except ValueError:  # not there yet (or evicted): any new value is a new version
        cache.set(_COUNTER_KEY, 1, None)


def note_change(sender, **kwargs) -> None:
    """post_save / post_delete receiver (connected for every model in WebConfig.ready()):
    the public data version changes now, and again once the transaction commits. Now, so
    that the same transaction (a test, a command) never reads its own old pages; at commit,
    because a page rendered by another request before the commit showed the old data."""
    if sender._meta.app_label in _IGNORED_APPS:
        return
    _bump()
    using = kwargs.get("using") or "default"
    conn = connections[using]
    if conn.in_atomic_block and any(func is _bump for _sids, func, _robust in conn.run_on_commit):
        return  # one bump at commit per transaction is enough
    transaction.on_commit(_bump, using=using)


def public_data_version() -> str:
    """What every public page depends on, cheaply: one indexed one-row read and a cache
    read (see the module's docstring)."""
    from gongkai.audit.models import AuditEntry

    with connections["default"].cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {AuditEntry._meta.db_table}")
        audit = cursor.fetchone()[0]
    return f"{timezone.localdate().isoformat()}:{audit}:{cache.get(_COUNTER_KEY, 0)}"


# --- the page cache ------------------------------------------------------------------------

_ALLOWED_COOKIES = frozenset(
    {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    | {option.cookie for option in display.OPTIONS.values()}
)
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Content-Disposition")


def _page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when it may not come from the cache:
    a signed-in reader or any cookie we do not know (a flash message, say)."""
    if request.method not in ("GET", "HEAD") or not set(request.COOKIES) <= _ALLOWED_COOKIES:
        return None
    prefs = "".join("1" if display.is_on(request, o) else "0" for o in display.OPTIONS.values())
    what = "\n".join(
        [
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            prefs,
        ]
    )
    digest = hashlib.sha256(what.encode()).hexdigest()[:40]
    return f"web.page:{public_data_version()}:{digest}"


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "public" in response.get("Cache-Control", "")
    )


def _from_cache(request: HttpRequest, stored: tuple[bytes, dict[str, str]]) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def serve_public(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer a public page: from the page cache when the data has not changed, else by
    ``render()``; with the public headers, an ETag, and 304 for a matching If-None-Match."""
    key = _page_key(request)
    stored = cache.get(key) if key else None
    if stored is not None:
        response = _from_cache(request, stored)
    else:
        response = render()
        if response.status_code != 200:
            return response
        if not response.streaming:
            set_response_etag(response)
        mark_public(request, response)
        if key and _storable(request, response):
            headers = {h: response[h] for h in (*_KEPT_HEADERS, "ETag") if h in response}
            cache.set(key, (response.content, headers), PAGE_CACHE_SECONDS)
    if stored is not None:
        mark_public(request, response)
    if response.has_header("ETag") and "public" in response.get("Cache-Control", ""):
        return get_conditional_response(request, etag=response["ETag"], response=response)
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator: the view's successful answers are public pages, served through the page
    cache (see `serve_public`)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return serve_public(request, lambda: view(request, *args, **kwargs))

    return wrapper


def public_headers(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for public pages the page cache must not keep (a search: its results
    also follow the index, written after the publication commits): headers and ETag only."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if not response.streaming:
            set_response_etag(response)
        mark_public(request, response)
        if response.has_header("ETag") and "public" in response.get("Cache-Control", ""):
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    return wrapper
