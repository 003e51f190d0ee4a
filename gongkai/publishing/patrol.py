"""The nightly site patrol (站点巡查): everything published is screened again with today's
dictionary (a leader changed post, a new 错敏字 entry) and its links on our own site are
followed, so an office hears of a problem before an inspector does (国办秘函〔2019〕19号
fails a site for serious errors and dead links).

Own-site links are checked through Django itself (no network, no server needed); links to
other sites are never followed here (C-4 "external links only when asked").
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from gongkai.screening import check_links, extract_links, link_findings

from . import screening, selectors
from .models import PatrolFinding, Revision


@dataclass(frozen=True)
class PatrolResult:
    items: int
    found: int
    new: int
    resolved: int


def _own_hosts() -> tuple[str, ...]:
    hosts = [h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")]
    site = getattr(settings, "GONGKAI_SITE_URL", "")
    if site:
        hosts.append(urlsplit(site).hostname or "")
    return tuple(h for h in hosts if h) or ("localhost",)


class _OwnSite:
    """Fetches our own pages in-process: the answer the public would get, without a server."""

    def __init__(self) -> None:
        self.client = Client(raise_request_exception=False)
        self.host = _own_hosts()[0]

    def __call__(self, url: str, method: str, timeout: float) -> int:
        parts = urlsplit(url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        call = self.client.head if method == "HEAD" else self.client.get
        response = call(path, HTTP_HOST=self.host, follow=True)
        return response.status_code


def _fingerprint(rule: str, text: str, message: str) -> str:
    return hashlib.sha256(f"{rule}\x00{text}\x00{message}".encode()).hexdigest()


def _findings(revision: Revision, fetch) -> list[dict]:
    found = [
        {
            "rule": f["rule"],
            "severity": f["severity"],
            "message": f.get("message", ""),
            "text": str(f.get("text", ""))[:500],
            "suggestion": str(f.get("suggestion") or "")[:500],
        }
        for f in screening.screen_revision(revision)
    ]
    base = settings.GONGKAI_SITE_URL or f"http://{_own_hosts()[0]}/"
    links = extract_links(revision.body_html, base_url=base)
    if links:
        results = check_links(links, _own_hosts(), fetch=fetch, external=False)
        for f in link_findings(links, results):
            found.append(
                {
                    "rule": f.rule,
                    "severity": str(f.severity),
                    "message": f.message_zh,
                    "text": f.text[:500],
                    "suggestion": (f.suggestion or "")[:500],
                }
            )
    return found


def patrol(now: dt.datetime | None = None, items=None) -> PatrolResult:
    """Screen every public item once; record new findings, refresh the ones still there,
    and mark resolved the ones that are gone."""
    now = now or timezone.now()
    fetch = _OwnSite()
    queryset = items if items is not None else selectors.public_items()
    checked = found_total = new_total = resolved_total = 0
    for item in queryset.select_related("published_revision"):
        revision = item.published_revision
        if revision is None:
            continue
        checked += 1
        current = _findings(revision, fetch)
        found_total += len(current)
        with transaction.atomic():
            seen = set()
            for f in current:
                fingerprint = _fingerprint(f["rule"], f["text"], f["message"])
                seen.add(fingerprint)
                row, created = PatrolFinding.objects.get_or_create(
                    item=item,
                    fingerprint=fingerprint,
                    defaults={
                        **f,
                        "revision": revision,
                        "first_found_at": now,
                        "last_found_at": now,
                    },
                )
                if not created:
                    row.revision, row.last_found_at, row.resolved_at = revision, now, None
                    row.save(update_fields=["revision", "last_found_at", "resolved_at"])
                new_total += created
            gone = PatrolFinding.objects.filter(item=item, resolved_at__isnull=True).exclude(
                fingerprint__in=seen
            )
            resolved_total += gone.update(resolved_at=now)
    # Items no longer public (withdrawn) have nothing left to fix.
    PatrolFinding.objects.filter(resolved_at__isnull=True).exclude(
        item__in=selectors.public_items()
    ).update(resolved_at=now)
    return PatrolResult(checked, found_total, new_total, resolved_total)


def open_findings(agencies) -> list[PatrolFinding]:
    """What the patrol found and is still there, for the agencies' people."""
    return list(
        PatrolFinding.objects.filter(item__agency__in=agencies, resolved_at__isnull=True)
        .select_related("item", "item__agency", "revision")
        .order_by("item__agency__path", "-severity", "item_id")
    )
