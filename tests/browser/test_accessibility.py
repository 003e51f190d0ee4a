"""Accessibility of the public portal and the back office, checked in Chromium by axe-core.

axe-core 4.14.1 (npm `axe-core@4`, file `package/axe.min.js`, MPL-2.0, its licence header
kept) is vendored in tests/browser/vendor/axe.min.js for these tests only: it is injected
into the page under test from the local file, so the tests run offline and the site never
serves it. To update: `npm pack axe-core@4`, extract `package/axe.min.js`, change the
version here.

Each page is checked against the WCAG 2.0/2.1 A and AA rules; a violation of impact
"serious" or "critical" fails the test with axe's own description, the rule's help page
name and the offending elements. Besides axe: keyboard-only use of the portal home (skip
link, navigation, the content's links) and large-text mode on a public item page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def axe_violations(site) -> list[dict]:
    page = site.page
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']} {node.get('failureSummary', '')[:300]!r}")
    return "\n".join(lines)


def optional_path(name: str, fallback: str | None = None) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


PUBLIC_PAGES = [
    "/gk/qingshi/",
    "/gk/qingshi/proactive/",
    "/gk/qingshi/annual-reports/",
    "/gk/qingshi/guide/",
    "ITEM",
    "/publishing/p/qingshi/",
    "/gk/qingshi/apply/",
    "/track/",
    "/gk/qingshi-cun/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("high_contrast", [False, True], ids=["standard", "high-contrast"])
def test_public_pages_have_no_serious_axe_violations(site, portal, path, high_contrast):
    _, _, item = portal
    if path == "ITEM":
        path = reverse("publishing:public_item", args=["qingshi", item.pk])
    if high_contrast:
        site.goto(f"/display/high-contrast/on/?next={path}")
    response = site.goto(path)
    assert response.status == 200, path
    violations = axe_violations(site)
    assert not violations, f"{path}\n{describe(violations)}"
    assert site.external_requests() == []


@pytest.mark.parametrize(
    "name, args, query",
    [("search:search", [], "?q=低保"), ("interaction_public:list", ["qingshi"], "")],
    ids=["search", "messages"],
)
def test_other_apps_public_pages_have_no_serious_axe_violations(site, portal, name, args, query):
    """Pages of apps built alongside this one (search, 互动交流): checked once they exist."""
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        pytest.skip(f"{name} has no route yet")
    response = site.goto(path + query)
    assert response.status == 200, path
    violations = axe_violations(site)
    assert not violations, f"{path}\n{describe(violations)}"


@pytest.mark.parametrize(
    "name", ["web:home", "applications:queue", "publishing:home", "catalog:list"]
)
def test_back_office_pages_have_no_serious_axe_violations(site, portal, name):
    _, chain, _ = portal
    path = optional_path(name)
    if path is None:
        pytest.skip(f"{name} has no route")
    site.sign_in_as(chain.head)
    response = site.goto(path)
    assert response.status == 200, path
    violations = axe_violations(site)
    assert not violations, f"{path}\n{describe(violations)}"


def focused(page) -> dict:
    return page.evaluate(
        """() => {
        const el = document.activeElement, s = getComputedStyle(el);
        return {text: el.textContent.trim(), href: el.getAttribute("href"),
                inMain: !!el.closest("main"), inNav: !!el.closest("nav.portal-nav"),
                outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2};
    }"""
    )


def test_the_portal_home_can_be_used_with_the_keyboard_alone(site, portal):
    _, _, item = portal
    page = site.page
    site.goto("/gk/qingshi/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "跳到主要内容"
    # Without the skip link: the navigation's columns come before the content.
    seen_nav, seen_main = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        el = focused(page)
        assert el["outline"], el  # every stop shows where the focus is
        if el["inNav"]:
            seen_nav.append(el["text"])
        elif el["inMain"]:
            seen_main.append(el["text"])
            if not seen_nav:
                pytest.fail("the content was reached before the navigation")
        if item.published_revision.title in seen_main:
            break
    assert "法定主动公开内容" in seen_nav and "依申请公开" in seen_nav
    for service in ("在线申请", "办理进度查询", "互动交流", "站内搜索"):
        assert service in seen_main
    # The content's links work from the keyboard: Enter on the newest item opens it.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/publishing/p/qingshi/{item.pk}/")
    # Back on the home page the skip link goes straight to the content.
    site.goto("/gk/qingshi/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)
    page.keyboard.press("Tab")
    assert focused(page)["inMain"]


def font_size(page, selector: str) -> float:
    return float(
        page.eval_on_selector(selector, "el => getComputedStyle(el).fontSize").removesuffix("px")
    )


def test_large_text_on_a_public_item_page(site_without_js, portal):
    _, _, item = portal
    site = site_without_js
    page = site.page
    path = reverse("publishing:public_item", args=["qingshi", item.pk])
    site.goto(path)
    body, h1 = font_size(page, "body"), font_size(page, "h1")
    with page.expect_navigation():
        page.get_by_role("link", name="大字版").click()
    assert page.url.endswith(path)
    assert font_size(page, "body") >= body * 1.4 and font_size(page, "h1") >= h1 * 1.4
    # Nothing is cut off sideways at large text on a common 1280-pixel screen.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    site.screenshot("item-large-text")
    assert site.external_requests() == []
