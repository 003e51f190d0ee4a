"""/search/: the public search page. GET only, the same for every anonymous reader (public
headers and ETag; not kept by the page cache, see web.caching.public_headers), usable without JavaScript. Any input answers a page, never an error:
unknown filters are ignored, dates that do not parse are dropped."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from gongkai.publishing import presenters
from gongkai.publishing.models import DocType, Validity
from gongkai.web import selectors as web_selectors
from gongkai.web.caching import public_headers

from . import index
from .text import MAX_QUERY_CHARS

MAX_PAGE = 500


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


def _page(raw: str) -> int:
    return min(MAX_PAGE, max(1, int(raw))) if raw.isdigit() and len(raw) < 6 else 1


@require_safe
@public_headers
def search_page(request: HttpRequest) -> HttpResponse:
    get = request.GET
    raw = get.get("q", "").replace("\x00", "").strip()
    truncated = len(raw) > MAX_QUERY_CHARS
    q = raw[:MAX_QUERY_CHARS]
    agencies = list(web_selectors.portal_agencies().order_by("path"))
    scope = next((a for a in agencies if a.slug == get.get("agency", "")), None)
    entries = presenters.flatten(presenters.public_catalog(scope)) if scope else []
    codes = {node.entry.code for node in entries}
    entry = get.get("entry", "") if get.get("entry", "") in codes else ""
    doc_type = get.get("doc_type", "") if get.get("doc_type", "") in DocType.values else ""
    validity = get.get("validity", "") if get.get("validity", "") in Validity.values else ""
    date_from, date_to = _date(get.get("from", "")), _date(get.get("to", ""))
    results = None
    if q:
        results = index.search(
            q,
            agency=scope,
            entry=entry or None,
            date_from=date_from,
            date_to=date_to,
            doc_type=doc_type or None,
            validity=validity or None,
            page=_page(get.get("page", "")),
        )
    kept = {
        "q": q,
        "agency": scope.slug if scope else "",
        "entry": entry,
        "from": date_from.isoformat() if date_from else "",
        "to": date_to.isoformat() if date_to else "",
        "doc_type": doc_type,
        "validity": validity,
    }
    base_query = urlencode({k: v for k, v in kept.items() if v})
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "truncated": truncated,
            "max_chars": MAX_QUERY_CHARS,
            "agencies": agencies,
            "scope": scope,
            "entries": entries,
            "entry": entry,
            "doc_types": DocType.choices,
            "doc_type": doc_type,
            "validities": Validity.choices,
            "validity": validity,
            "date_from": kept["from"],
            "date_to": kept["to"],
            "results": results,
            "base_query": base_query,
        },
    )
