"""Template tags of the page frames: `{% load gongkai_web %}`.

The frames compute their navigation here rather than in a context processor so that any
app's template that extends `web/base_backoffice.html` or `web/base_portal.html` gets the
right header and navigation without its view passing anything but the request.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from gongkai.agencies.models import Agency

from .. import display, selectors
from ..portal import SECTIONS

register = template.Library()


@register.simple_tag(takes_context=True)
def html_classes(context) -> str:
    """Classes for <html> from the reader's preferences (large text, high contrast)."""
    return display.html_classes(context.get("request"))


@register.simple_tag
def url_or(name: str, fallback: str, *args) -> str:
    """`{% url %}` that falls back to a known path while the owning app has no route yet."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return fallback


@register.inclusion_tag("web/_display_toggles.html", takes_context=True)
def display_toggles(context) -> dict:
    """Links that switch large text and high contrast; each returns to this page."""
    request = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    toggles = []
    for option in display.OPTIONS.values():
        on = display.is_on(request, option)
        toggles.append(
            {
                "key": option.key,
                "on": on,
                "url": reverse("web:display_set", args=[option.key, "off" if on else "on"]),
            }
        )
    return {"toggles": toggles, "next": here}


@register.inclusion_tag("web/_portal_search.html")
def portal_search(agency: Agency | None = None) -> dict:
    """The header's search box: a plain GET form (no JavaScript, no CSRF token, so the
    page stays public), scoped to the agency — and the agencies below it — on its pages."""
    from gongkai.search.text import MAX_QUERY_CHARS

    try:
        action = reverse("search:search")
    except NoReverseMatch:
        action = "/search/"
    return {"agency": agency or None, "action": action, "max_chars": MAX_QUERY_CHARS}


@register.inclusion_tag("web/_backoffice_nav.html", takes_context=True)
def backoffice_nav(context) -> dict:
    request = context["request"]
    return {"items": selectors.backoffice_nav(request.user, request.path)}


@register.inclusion_tag("web/_backoffice_person.html", takes_context=True)
def backoffice_person(context) -> dict:
    request = context["request"]
    person = request.user
    return {
        "person": person,
        "agencies": selectors.person_agencies(person),
        "system_role": person.get_system_role_display()
        if getattr(person, "system_role", "")
        else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/_portal_nav.html")
def portal_nav(agency: Agency, current: str = "") -> dict:
    """The five columns of an agency's 公开专栏, with the current one marked."""
    return {
        "agency": agency,
        "items": [
            {"key": s.key, "title": s.title, "url": s.url(agency.slug), "current": s.key == current}
            for s in SECTIONS
        ],
        "home_current": current == "home",
    }
