"""RSS 2.0 and JSON Feed 1.1 of an agency's published items, optionally of one catalogue
entry (``?entry=<code>``, its sub-entries included).

Only ``selectors.public_items``: a draft, a revision in review or a withdrawn item is never
in a feed. Titles and descriptions are plain text (summary, else the start of the body's
text) and every string goes through ElementTree or json, which escape it: no HTML a clerk
pasted reaches a feed reader as markup.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from gongkai.agencies.models import Agency
from gongkai.web import selectors as web_selectors
from gongkai.web.caching import public_page

from . import presenters, selectors
from .html import plain_text
from .models import Item

FEED_SIZE = 50
SUMMARY_CHARS = 300


def _scope(request: HttpRequest, agency_slug: str) -> tuple[Agency, list[Item], str]:
    agency = get_object_or_404(web_selectors.portal_agencies(), slug=agency_slug)
    items = selectors.public_items(agency)
    title = f"{agency.name} · 政府信息公开"
    code = request.GET.get("entry", "")
    if code:
        subtree = presenters.entry_subtree(agency, code)
        if subtree is None:
            raise Http404()
        items = items.filter(catalog_entry__in=subtree)
        title = f"{title} · {subtree[0].name}"
    return agency, list(items[:FEED_SIZE]), title


def _summary(item: Item) -> str:
    revision = item.published_revision
    if revision.summary:
        return revision.summary
    if not revision.body_is_public:
        return ""
    text = " ".join(plain_text(revision.body_html).split())
    return text[:SUMMARY_CHARS] + ("…" if len(text) > SUMMARY_CHARS else "")


def _link(request: HttpRequest, item: Item) -> str:
    return request.build_absolute_uri(
        reverse("publishing:public_item", args=[item.agency.slug, item.pk])
    )


def _clean(text: str) -> str:
    # XML 1.0 cannot hold most control characters; a pasted one must not break the feed.
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


@require_safe
@public_page
def rss(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency, items, title = _scope(request, agency_slug)
    home = request.build_absolute_uri(reverse("publishing:public_list", args=[agency.slug]))
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = _clean(title)
    ET.SubElement(channel, "link").text = home
    ET.SubElement(channel, "description").text = _clean(f"{agency.name}主动公开的政府信息")
    ET.SubElement(channel, "language").text = "zh-CN"
    for item in items:
        revision = item.published_revision
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = _clean(revision.title)
        ET.SubElement(entry, "link").text = _link(request, item)
        ET.SubElement(entry, "guid", isPermaLink="false").text = _clean(item.index_number)
        ET.SubElement(entry, "description").text = _clean(_summary(item))
        if revision.published_at:
            ET.SubElement(entry, "pubDate").text = format_datetime(revision.published_at)
        if item.catalog_entry:
            ET.SubElement(entry, "category").text = _clean(item.catalog_entry.name)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/rss+xml; charset=utf-8")


@require_safe
@public_page
def json_feed(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency, items, title = _scope(request, agency_slug)
    home = request.build_absolute_uri(reverse("publishing:public_list", args=[agency.slug]))
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": request.build_absolute_uri(),
        "language": "zh-CN",
        "items": [
            {
                "id": item.index_number,
                "url": _link(request, item),
                "title": item.published_revision.title,
                "content_text": _summary(item),
                **(
                    {"date_published": item.published_revision.published_at.isoformat()}
                    if item.published_revision.published_at
                    else {}
                ),
                **({"tags": [item.catalog_entry.name]} if item.catalog_entry else {}),
            }
            for item in items
        ],
    }
    body = json.dumps(feed, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/feed+json; charset=utf-8")
