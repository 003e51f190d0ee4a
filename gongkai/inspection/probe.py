"""The site-availability probe (站点无法访问) and its indicator's figures.

国办秘函〔2019〕19号 (政府网站检查指标, 单项否决 "站点无法访问"): 监测 1 周，每天间隔性访问
20 次以上，超过（含）15 秒网站仍打不开的次数比例累计超过（含）5%，即单项否决. (Wording as
reproduced in the attachment's published copies, e.g. 全国政府网站普查评分表 and county
self-inspection tables; checked with the search tool.) Hence: one probe every 30 minutes (48
a day), a failure when the home page does not answer with a success within 15 seconds, and the
share over the last 7 days.

How the page is requested, so that it works on one offline PC and on a multi-process
deployment alike:

- ``GONGKAI_PROBE_URL`` set (a setting or environment variable, e.g. ``http://127.0.0.1:8000/``
  — the address the worker's machine reaches the site by, usually the local gunicorn or the
  intranet front proxy): a real HTTP GET through the web server, so a stopped server, a
  proxy error or a hung worker counts as down. Nothing outside the local network is asked.
- not set (the default, and tests): the page is rendered in-process through Django's test
  client, as the nightly patrol follows own-site links. That catches a broken database or
  template, not a stopped web server — the deployment guide tells production to set the URL.

The task is idempotent (one row per 30-minute slot, unique) and cheap (one request, one
insert, and a delete of rows older than ``KEEP_DAYS``).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SiteProbe
from .rules import MIN_PROBES, UNREACHABLE_SHARE

PERIOD_MINUTES = 30
TIMEOUT_SECONDS = 15.0
WINDOW_DAYS = 7
KEEP_DAYS = 90
HOME_PATH = "/"


@dataclass(frozen=True)
class Outcome:
    status: int | None
    seconds: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return (
            self.status is not None and 200 <= self.status < 400 and self.seconds < TIMEOUT_SECONDS
        )


Fetch = Callable[[str], Outcome]


def probe_url() -> str:
    return getattr(settings, "GONGKAI_PROBE_URL", "") or os.environ.get("GONGKAI_PROBE_URL", "")


def fetch_in_process(path: str) -> Outcome:
    from django.test import Client

    from gongkai.publishing.patrol import _OwnSite

    host = _OwnSite().host
    start = time.monotonic()
    try:
        response = Client(raise_request_exception=False).get(path, HTTP_HOST=host, follow=True)
    except Exception as exc:  # noqa: BLE001 — any failure to render is "down"
        return Outcome(None, time.monotonic() - start, type(exc).__name__[:300])
    return Outcome(response.status_code, time.monotonic() - start)


def fetch_http(url: str) -> Outcome:
    start = time.monotonic()
    request = urllib.request.Request(url, headers={"User-Agent": "gongkai-probe"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read(64 * 1024)
            return Outcome(response.status, time.monotonic() - start)
    except urllib.error.HTTPError as exc:
        return Outcome(exc.code, time.monotonic() - start, str(exc.reason)[:300])
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Outcome(None, time.monotonic() - start, str(exc)[:300])


def slot_of(moment: dt.datetime) -> dt.datetime:
    moment = moment.astimezone(dt.UTC)
    minute = moment.minute - moment.minute % PERIOD_MINUTES
    return moment.replace(minute=minute, second=0, microsecond=0)


def probe(now: dt.datetime | None = None, fetch: Fetch | None = None) -> SiteProbe | None:
    """Check the home page once for the current 30-minute slot; None when this slot was
    checked already (a second worker, a restart)."""
    now = now or timezone.now()
    slot = slot_of(now)
    if SiteProbe.objects.filter(slot=slot).exists():
        return None
    base = probe_url()
    if fetch is None:
        fetch = fetch_http if base else fetch_in_process
    target = base or HOME_PATH
    outcome = fetch(target)
    try:
        with transaction.atomic():
            row = SiteProbe.objects.create(
                slot=slot,
                checked_at=now,
                url=target[:500],
                ok=outcome.ok,
                status=outcome.status,
                seconds=round(outcome.seconds, 3),
                error=outcome.error
                or ("" if outcome.ok else f"超过 {TIMEOUT_SECONDS:.0f} 秒或返回错误"),
            )
    except IntegrityError:
        return None  # another worker wrote this slot meanwhile
    SiteProbe.objects.filter(slot__lt=now - dt.timedelta(days=KEEP_DAYS)).delete()
    return row


@dataclass(frozen=True)
class Availability:
    since: dt.datetime
    total: int
    failed: int

    @property
    def share(self) -> float:
        return self.failed / self.total if self.total else 0.0

    @property
    def judged(self) -> bool:
        return self.total >= MIN_PROBES

    @property
    def vetoed(self) -> bool:
        return self.judged and self.share >= UNREACHABLE_SHARE


def availability(on: dt.date) -> Availability:
    """Probes of the ``WINDOW_DAYS`` days ending with ``on`` (local days): two queries."""
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time()))
    since = end - dt.timedelta(days=WINDOW_DAYS)
    rows = SiteProbe.objects.filter(slot__gte=since, slot__lt=end)
    total = rows.count()
    failed = rows.filter(ok=False).count() if total else 0
    return Availability(since, total, failed)
