"""The page frames' own views: the home page, each agency's 公开专栏 home and its column
placeholders, and the switch for reading preferences. Thin: reads go through selectors."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from . import display, selectors
from .caching import mark_personal, mark_public, public_page
from .portal import SECTIONS, SECTIONS_BY_KEY


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """`/`: the signed-in person's dashboard, or for the public the list of agencies.

    One address for both because the sign-in page sends people to `/` and the public
    types the bare host name; the cache headers differ accordingly.
    """
    if request.user.is_authenticated:
        response = render(
            request,
            "web/dashboard.html",
            {"cards": selectors.dashboard_cards(request.user)},
        )
        return mark_personal(response)
    response = render(request, "web/index.html", {"index": selectors.public_index()})
    return mark_public(request, response)


@require_safe
@public_page
def portal_home(request: HttpRequest, slug: str) -> HttpResponse:
    """An agency's 公开专栏 home: its columns and the agencies under it."""
    agency = get_object_or_404(selectors.portal_agencies(), slug=slug)
    return render(
        request,
        "web/portal_home.html",
        {
            "agency": agency,
            "ancestors": selectors.ancestors(agency),
            "sections": [(s, s.url(agency.slug)) for s in SECTIONS],
            "child_groups": selectors.portal_children(agency),
        },
    )


@require_safe
@public_page
def portal_section(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    """A column no app serves yet: says so plainly instead of showing invented content."""
    agency = get_object_or_404(selectors.portal_agencies(), slug=slug)
    if section not in SECTIONS_BY_KEY:
        raise Http404
    return render(
        request,
        "web/portal_section.html",
        {
            "agency": agency,
            "ancestors": selectors.ancestors(agency),
            "section": SECTIONS_BY_KEY[section],
            "portal_section": section,
        },
    )


@require_safe
def display_set(request: HttpRequest, option: str, value: str) -> HttpResponse:
    """Switch a reading preference and go back to the page the reader came from.

    A GET behind a plain link, so it works with JavaScript off and from a cached public
    page (which cannot carry a CSRF token). It changes only the reader's own cookie, so a
    forged link can do no more than enlarge someone's text.
    """
    chosen = display.OPTIONS.get(option)
    if chosen is None or value not in ("on", "off"):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if value == "on":
        response.set_cookie(
            chosen.cookie,
            "1",
            max_age=display.COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(chosen.cookie, samesite="Lax")
    return mark_personal(response)
