import http.server
import threading
import time

import pytest

from gongkai.screening import check_links, extract_links, link_findings
from gongkai.screening.links import USER_AGENT


class Handler(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []

    def _answer(self, body: bool) -> None:
        Handler.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/moved-away":
            self.send_response(302)
            self.send_header("Location", "/gone")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:  # noqa: N802 — the name http.server calls
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_extract_links_from_html_and_text():
    page = (
        '<p>见<a href="/gk/a.html">通知</a>和<img src=\'x.png\'>，<a href="#top">顶部</a>'
        '<a href="mailto:a@b.cn">信</a> 另见 https://www.example.gov.cn/zw/1.html。</p>'
    )
    links = extract_links(page, base_url="http://gk.example.gov.cn/gk/")
    assert [link.url for link in links] == [
        "http://gk.example.gov.cn/gk/a.html",
        "http://gk.example.gov.cn/gk/x.png",
        "https://www.example.gov.cn/zw/1.html",
    ]
    first = links[0]
    assert page[first.start : first.end] == "/gk/a.html" == first.written
    text = "详见www.example.gov.cn/a，或http://b.example.cn/x?id=1."
    assert [(link.url, text[link.start : link.end]) for link in extract_links(text)] == [
        ("http://www.example.gov.cn/a", "www.example.gov.cn/a"),
        ("http://b.example.cn/x?id=1", "http://b.example.cn/x?id=1"),
    ]


def test_own_links_checked_200_404_redirects(server):
    Handler.seen.clear()
    urls = [
        f"{server}/ok",
        f"{server}/missing",
        f"{server}/moved",
        f"{server}/moved-away",
        f"{server}/ok",
    ]
    results = check_links(urls, own_hosts=["127.0.0.1"])
    assert [(r.url.rsplit("/", 1)[1], r.ok, r.status) for r in results] == [
        ("ok", True, 200),
        ("missing", False, 404),
        ("moved", True, 200),
        ("moved-away", False, 404),
    ]  # the repeated /ok is checked once
    assert all(ua == USER_AGENT for _, _, ua in Handler.seen)
    assert Handler.seen[0][0] == "HEAD"


def test_get_when_head_is_refused(server):
    Handler.seen.clear()
    (result,) = check_links([f"{server}/no-head"], own_hosts=["127.0.0.1"])
    assert result.ok and result.status == 200
    assert [m for m, _, _ in Handler.seen] == ["HEAD", "GET"]


def test_timeout_is_a_broken_link(server):
    (result,) = check_links([f"{server}/slow"], own_hosts=["127.0.0.1"], timeout=0.3)
    assert not result.ok and result.status is None and "秒" in result.reason


def test_external_links_only_when_asked(server):
    Handler.seen.clear()
    (skipped,) = check_links([f"{server}/missing"], own_hosts=["gk.example.gov.cn"])
    assert skipped.ok and not skipped.checked and Handler.seen == []
    (checked,) = check_links([f"{server}/missing"], own_hosts=[], external=True)
    assert checked.checked and not checked.ok


def test_limit_and_injected_fetcher():
    calls = []

    def fetch(url, method, timeout):
        calls.append((url, method))
        return 404 if url.endswith("/b") else 200

    urls = ["http://gk.cn/a", "http://gk.cn/b", "http://gk.cn/c", "ftp://gk.cn/d"]
    results = check_links(urls, ["gk.cn"], fetch, max_links=2)
    assert [(r.ok, r.checked) for r in results] == [
        (True, True),
        (False, True),
        (True, False),
        (True, False),
    ]
    assert calls == [("http://gk.cn/a", "HEAD"), ("http://gk.cn/b", "HEAD")]


def test_findings_point_at_every_occurrence():
    text = "见http://gk.cn/b，再见http://gk.cn/b。"
    links = extract_links(text)
    results = check_links(links, ["gk.cn"], lambda url, method, timeout: 404)
    found = link_findings(links, results)
    assert [(f.rule, f.start, f.end, text[f.start : f.end]) for f in found] == [
        ("C-4", 1, 15, "http://gk.cn/b"),
        ("C-4", 18, 32, "http://gk.cn/b"),
    ]
    assert "404" in found[0].message_zh
