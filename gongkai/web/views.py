"""The page frames' own views: the home page, each agency's 公开专栏 home, its 主动公开
column and its placeholders, the sitemap and robots.txt, and the switch for reading
preferences. Thin: reads go through selectors and gongkai.web.portal."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Level

from . import display, portal, selectors
from .caching import mark_personal, public_page, serve_public
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
    return serve_public(
        request,
        lambda: render(request, "web/index.html", {"index": selectors.public_index()}),
    )


@require_safe
@public_page
def portal_home(request: HttpRequest, slug: str) -> HttpResponse:
    """An agency's 公开专栏 home: its columns and the agencies under it."""
    agency = get_object_or_404(selectors.portal_agencies(), slug=slug)
    tree = portal.counted_catalog(agency)
    is_village = agency.level == Level.VILLAGE
    return render(
        request,
        "web/portal_home.html",
        {
            "agency": agency,
            "ancestors": selectors.ancestors(agency),
            "portal_section": "home",
            "sections": [(s, s.url(agency.slug)) for s in SECTIONS],
            "child_groups": selectors.portal_children(agency),
            "catalog": tree,
            "latest": portal.latest_items(agency),
            "quick_links": portal.quick_links(agency),
            "village_columns": portal.village_columns(agency, tree) if is_village else [],
            "list_url": reverse("publishing:public_list", args=[agency.slug]),
        },
    )


@require_safe
@public_page
def portal_proactive(request: HttpRequest, slug: str) -> HttpResponse:
    """法定主动公开内容: the public catalogue, each entry with its items' count and a link
    to the publishing app's list of them."""
    agency = get_object_or_404(selectors.portal_agencies(), slug=slug)
    return render(
        request,
        "web/portal_proactive.html",
        {
            "agency": agency,
            "ancestors": selectors.ancestors(agency),
            "section": SECTIONS_BY_KEY["proactive"],
            "portal_section": "proactive",
            "rows": portal.flatten_counted(portal.counted_catalog(agency)),
            "list_url": reverse("publishing:public_list", args=[agency.slug]),
            "catalog_url": reverse("catalog:public_catalog", args=[agency.slug]),
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
