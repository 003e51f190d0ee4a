"""Links in a page or a text, and whether they still resolve (C-4).

Checking links costs network requests, so it is never done while a page is being shown:
it runs from a command or a background task, bounded — at most ``max_links`` distinct URLs,
a timeout per request, one request at a time (so one host never sees two at once), a HEAD
first and a GET only when the server refuses HEAD, and a User-Agent that says who asks.

Links to the project's own portal (``own_hosts``) are always checked; external links only
with ``external=True``. The fetcher is injected: the Django side can answer its own URLs
without a socket, the tests use a local ``http.server``, and the default uses urllib.
"""

from __future__ import annotations

import html
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .findings import ScreeningFinding, Severity

__all__ = [
    "Link",
    "LinkResult",
    "USER_AGENT",
    "check_links",
    "extract_links",
    "fetch_status",
    "link_findings",
]

USER_AGENT = "Gongkai-LinkCheck/0.1 (government information disclosure portal; link check)"

# (url, method, timeout) -> HTTP status after redirects; raises OSError (incl. timeouts).
Fetcher = Callable[[str, str, float], int]


@dataclass(frozen=True)
class Link:
    url: str  # absolute when a base was given, else as written
    start: int  # position of the URL in the text it was found in
    end: int
    written: str = ""  # text[start:end], as written (relative, &amp; …)


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    status: int | None  # None: no HTTP answer (timeout, refused, DNS)
    reason: str  # in Chinese, for the clerk
    checked: bool = True  # False: skipped (external, over the limit, not http)


_HREF = re.compile(r"""(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
# A bare URL in text ends at whitespace, Chinese text or Chinese punctuation.
_BARE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+", re.I)
_TRAILING = ".,;:!?)]'"


def extract_links(text: str, base_url: str | None = None) -> list[Link]:
    """Every link in HTML (href/src attributes) or plain text (http://…, https://…, www.…),
    in order, each once per position. ``base_url`` resolves relative links; without it
    relative links are kept as written (and skipped by ``check_links``)."""
    links: list[Link] = []
    spans: list[tuple[int, int]] = []
    for m in _HREF.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        raw = html.unescape(m.group(group)).strip()
        if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        url = urljoin(base_url, raw) if base_url else raw
        links.append(Link(url, m.start(group), m.end(group), m.group(group)))
        spans.append((m.start(group), m.end(group)))
    for m in _BARE.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue  # already read as an attribute
        raw = m.group(0).rstrip(_TRAILING)
        url = "http://" + raw if raw.lower().startswith("www.") else raw
        links.append(Link(url, m.start(), m.start() + len(raw), raw))
    return sorted(links, key=lambda link: link.start)


class _FewRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5


def fetch_status(
    url: str, method: str = "HEAD", timeout: float = 5.0, user_agent: str = USER_AGENT
) -> int:
    """The HTTP status of ``url`` after at most 5 redirects (urllib). Raises OSError."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent})
    opener = urllib.request.build_opener(_FewRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)  # enough to know the body starts; never the whole page
            return int(response.status)
    except urllib.error.HTTPError as e:
        e.close()
        return int(e.code)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def check_links(
    links: Iterable[Link | str],
    own_hosts: Iterable[str],
    fetch: Fetcher | None = None,
    *,
    external: bool = False,
    max_links: int = 200,
    timeout: float = 5.0,
    per_host_delay: float = 0.0,
) -> list[LinkResult]:
    """One result per distinct URL, in order of first appearance.

    A URL is fine when HEAD (or, if the server refuses HEAD with 405/501/403, a GET)
    answers below 400 after redirects. Requests are made one after the other, never in
    parallel; ``per_host_delay`` seconds are waited between two requests to the same host.
    """
    fetch = fetch or (lambda url, method, t: fetch_status(url, method, t))
    own = {h.lower() for h in own_hosts}
    results: list[LinkResult] = []
    seen: set[str] = set()
    last_request: dict[str, float] = {}
    checked = 0
    for item in links:
        url = item.url if isinstance(item, Link) else item
        if url in seen:
            continue
        seen.add(url)
        scheme = urlsplit(url).scheme.lower()
        host = _host(url)
        if scheme not in ("http", "https") or not host:
            results.append(LinkResult(url, True, None, "不是网页链接，未检查", checked=False))
            continue
        is_own = host in own or any(host.endswith("." + h) for h in own)
        if not is_own and not external:
            results.append(LinkResult(url, True, None, "外部链接，未检查", checked=False))
            continue
        if checked >= max_links:
            results.append(
                LinkResult(url, True, None, f"超过 {max_links} 个链接的上限，未检查", checked=False)
            )
            continue
        checked += 1
        wait = last_request.get(host, 0.0) + per_host_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        results.append(_check_one(url, fetch, timeout))
        last_request[host] = time.monotonic()
    return results


def _check_one(url: str, fetch: Fetcher, timeout: float) -> LinkResult:
    try:
        status = fetch(url, "HEAD", timeout)
        if status in (403, 405, 501):  # some servers refuse HEAD but serve GET
            status = fetch(url, "GET", timeout)
    except TimeoutError:
        return LinkResult(url, False, None, f"超过 {timeout:g} 秒没有响应")
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return LinkResult(url, False, None, f"超过 {timeout:g} 秒没有响应")
        return LinkResult(url, False, None, f"无法连接（{reason}）")
    except (OSError, ValueError) as e:
        return LinkResult(url, False, None, f"无法连接（{e}）")
    if status >= 400:
        words = {404: "页面不存在", 410: "页面已删除", 403: "禁止访问", 500: "服务器错误"}
        return LinkResult(url, False, status, f"返回 {status}（{words.get(status, '无法打开')}）")
    return LinkResult(url, True, status, f"返回 {status}")


def link_findings(links: Iterable[Link], results: Iterable[LinkResult]) -> list[ScreeningFinding]:
    """A C-4 warning at every position of every link that did not resolve."""
    broken = {r.url: r for r in results if r.checked and not r.ok}
    return [
        ScreeningFinding(
            "C-4",
            Severity.WARNING,
            link.start,
            link.end,
            link.written or link.url,
            f"链接“{link.url}”无法访问：{broken[link.url].reason}",
            "",
            "link",
        )
        for link in links
        if link.url in broken
    ]
