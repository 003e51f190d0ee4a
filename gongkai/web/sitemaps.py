"""`/sitemap.xml` and `/robots.txt`, by hand.

Django's sitemaps framework wants django.contrib.sites for absolute URLs; one small view
with ElementTree does the same here without another installed app and its table.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import portal, selectors
from .caching import public_page
from .portal import SECTIONS

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@require_safe
@public_page
def sitemap(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml` by hand (no django.contrib.sites to install): each agency's 公开专栏
    home and columns, its public catalogue and list, and every public item page, the items
    with their publication date as lastmod. Only public_items, so never a draft or a
    withdrawn item. One file: the sitemaps protocol allows 50,000 URLs, far above a
    county's public items; a bigger site would split it into an index."""
    from gongkai.publishing.selectors import public_items  # lazily: see portal._catalog_and_items

    root = ET.Element("urlset", xmlns=SITEMAP_NS)

    def add(path: str, lastmod=None) -> None:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = request.build_absolute_uri(path)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat()

    add(reverse("web:home"))
    for agency in selectors.portal_agencies().order_by("path"):
        add(reverse("web:portal_home", args=[agency.slug]))
        for section in SECTIONS:
            add(section.url(agency.slug))
        add(reverse("catalog:public_catalog", args=[agency.slug]))
        add(reverse("publishing:public_list", args=[agency.slug]))
    items = public_items().select_related("published_revision").order_by("agency__path", "pk")
    for item in items.iterator(chunk_size=500):
        add(
            reverse("publishing:public_item", args=[item.agency.slug, item.pk]),
            portal.published_date(item),
        )
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_safe
@public_page
def robots(request: HttpRequest) -> HttpResponse:
    """`/robots.txt`: everything public may be crawled; the back office answers only to
    people signed in anyway, and is left out so crawlers do not knock on sign-in pages."""
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /display/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('web:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
