"""The browser harness: Playwright driving Debian's Chromium against pytest-django's live server.

    .venv/bin/python -m pytest tests/browser          # only these
    .venv/bin/python -m pytest -m "not browser"       # everything else

Chromium comes from Debian (`scripts/ensure-browser.sh` installs it with fonts-noto-cjk);
`playwright install` cannot download a browser on these machines. Without
/usr/bin/chromium the tests skip and say what to install.

The fixtures are registered once, in tests/conftest.py, for every app's browser tests
(a session-scoped browser defined twice would start Playwright twice and fail).
Fixtures:
  site     a fresh browser context on the live server: `site.goto("/gk/x/")`, `site.page`
           (a Playwright Page), `site.sign_in_as(user)`, `site.requests` (every URL the
           page asked for), `site.screenshot(name)` (saved under the test's tmp_path)
  chromium the session's Browser, for tests that need a context of their own
The `site` fixture refuses (aborts) any request that is not to this machine and each
test checks afterwards that none was even attempted.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API keeps an asyncio loop in this thread, and Django refuses ORM calls
# from a thread with a running loop; tests here make their data through the ORM, in the
# test thread, while the live server answers from its own thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # runs as root in CI containers
    "--disable-gpu",
    # No traffic of Chromium's own: government intranets are closed, and a request to
    # the outside is exactly what these tests must be able to notice.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SKIP_REASON = (
    f"Chromium not found at {CHROMIUM}: run `sudo scripts/ensure-browser.sh` "
    "(or `apt-get install chromium fonts-noto-cjk`) to run the browser tests"
)


def is_local(url: str) -> bool:
    """True for addresses on this machine and for URLs that make no request (data:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "about", "blob"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def local_url():
    """The predicate the harness uses to tell this machine from the outside."""
    return is_local


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@dataclass
class Site:
    """One browser context against the live server, with what the page asked for."""

    page: object  # playwright.sync_api.Page
    base_url: str
    screenshot_dir: Path
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        return response

    def sign_in_as(self, user) -> None:
        """Give the browser a signed-in session for `user` without going through the
        sign-in form (tests of the form itself should use the form)."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        self.page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": self.base_url,
                }
            ]
        )

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        path = self.screenshot_dir / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


def make_site(browser, base_url: str, screenshot_dir: Path, **context_options) -> Iterator[Site]:
    context_options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **context_options)
    site = Site(page=None, base_url=base_url, screenshot_dir=screenshot_dir)
    context.on("request", lambda request: site.requests.append(request.url))
    # Refuse anything not local, so a slip cannot reach the outside even once; the
    # recorded list still shows the attempt and the test fails on it.
    context.route(
        "**/*",
        lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    site.page = page
    try:
        yield site
    finally:
        context.close()


@pytest.fixture
def site(chromium, live_server, transactional_db, audit_log_flushable, tmp_path) -> Iterator[Site]:
    """A fresh browser context (cookies, cache) for each test; JavaScript on."""
    yield from make_site(chromium, live_server.url, tmp_path)


@pytest.fixture
def site_without_js(chromium, live_server, transactional_db, audit_log_flushable, tmp_path):
    """The same with JavaScript turned off: what an old or locked-down browser sees."""
    yield from make_site(chromium, live_server.url, tmp_path, java_script_enabled=False)


@pytest.fixture
def audit_log_flushable(transactional_db) -> Iterator[None]:
    """Let the test database be emptied after a test that wrote audit entries.

    Live-server tests cannot run in a rolled-back transaction, so pytest-django empties
    every table afterwards. On SQLite that is a DELETE, which the audit log's append-only
    trigger refuses — and every later test would then fail too. Here, in the test
    database only, the trigger is lifted for that one DELETE and put back. (PostgreSQL
    empties tables with TRUNCATE, which its row trigger does not see.)
    """
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    triggers = importlib.import_module("gongkai.audit.migrations.0002_append_only_triggers")
    with connection.cursor() as cursor:
        for sql in triggers.SQLITE_REVERSE:
            cursor.execute(sql)
        cursor.execute("DELETE FROM audit_auditentry")
        for sql in triggers.SQLITE:
            cursor.execute(sql)
