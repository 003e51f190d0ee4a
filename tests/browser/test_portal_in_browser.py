"""The public portal as a reader's browser shows it: Chinese text, large text without
JavaScript, keyboard use with a visible focus, and nothing fetched from elsewhere."""

from __future__ import annotations

import re

import pytest

from gongkai.agencies.models import Agency, Kind, Level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def township() -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    town = Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )
    for i, name in enumerate(["青石村", "石门村", "桃园社区"]):
        Agency.objects.create(
            name=f"{name}村民委员会" if name.endswith("村") else f"{name}居民委员会",
            level=Level.VILLAGE,
            kind=Kind.VILLAGE,
            parent=town,
            slug=f"qingshi-{i}",
        )
    return town


def font_size(page, selector: str = "body") -> float:
    return float(
        page.eval_on_selector(selector, "el => getComputedStyle(el).fontSize").removesuffix("px")
    )


def test_the_portal_home_renders_in_chinese(site, township):
    response = site.goto("/gk/qingshi/")
    assert response.status == 200
    page = site.page
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "青石镇人民政府 政府信息公开专栏"
    nav = page.get_by_role("navigation", name="公开专栏导航")
    for title in ("政府信息公开指南", "政府信息公开年报", "依申请公开"):
        assert nav.get_by_role("link", name=title).is_visible()
    assert page.get_by_role("link", name="石门村村民委员会").is_visible()
    shot = site.screenshot("portal-home")
    assert shot.stat().st_size > 10_000
    assert site.external_requests() == []


def test_chinese_characters_are_drawn_with_a_cjk_font_not_as_boxes(site, township):
    """Tofu check: with no CJK font, 政 and an unassigned code point both come out as
    the same empty box; with fonts-noto-cjk they differ."""
    site.goto("/gk/qingshi/")
    site.page.evaluate(
        """() => {
        for (const [id, text] of [["cjk", "政"], ["tofu", "\\u{10FFFD}"]]) {
            const span = document.createElement("span");
            span.id = id; span.textContent = text;
            span.style.cssText = "font-size:48px;display:inline-block;background:#fff;color:#000";
            document.body.prepend(span);
        }
    }"""
    )
    cjk = site.page.locator("#cjk").screenshot()
    tofu = site.page.locator("#tofu").screenshot()
    assert cjk != tofu, "Chinese renders as boxes: install fonts-noto-cjk"


def test_large_text_works_without_javascript_and_persists_across_pages(site_without_js, township):
    site = site_without_js
    page = site.page
    site.goto("/gk/qingshi/")
    normal_body, normal_h1 = font_size(page), font_size(page, "h1")

    with page.expect_navigation():
        page.get_by_role("link", name="大字版").click()
    assert page.url.endswith("/gk/qingshi/")  # back where the reader was
    assert font_size(page) >= normal_body * 1.2
    assert font_size(page, "h1") >= normal_h1 * 1.2
    large_body = font_size(page)

    with page.expect_navigation():
        page.get_by_role("link", name="政府信息公开指南").first.click()
    assert page.locator("h1").inner_text() == "政府信息公开指南"
    assert font_size(page) == large_body
    site.screenshot("portal-section-large-text")

    with page.expect_navigation():
        page.get_by_role("link", name="标准字号").click()
    assert page.url.endswith("/gk/qingshi/guide/")
    assert font_size(page) == normal_body
    assert site.external_requests() == []


def test_high_contrast_turns_the_page_white_on_black(site, township):
    site.goto("/gk/qingshi/")
    with site.page.expect_navigation():
        site.page.get_by_role("link", name="高对比度").click()
    colours = site.page.evaluate(
        "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
    )
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    site.screenshot("portal-high-contrast")


def focused(page) -> dict:
    return page.evaluate(
        """() => {
        const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
        return {tag: el.tagName, cls: el.className, id: el.id, text: el.textContent.trim(),
                href: el.getAttribute("href"), outlineStyle: s.outlineStyle,
                outlineWidth: parseFloat(s.outlineWidth), top: r.top, height: r.height};
    }"""
    )


def test_the_skip_link_comes_first_is_visible_when_focused_and_jumps_to_the_content(site, township):
    page = site.page
    site.goto("/gk/qingshi/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["cls"] == "skip-link" and first["text"] == "跳到主要内容"
    assert first["top"] >= 0 and first["height"] > 0  # on screen, not parked off it
    assert first["outlineStyle"] != "none" and first["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    # Following a fragment link updates the address asynchronously: wait for it, then check.
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)
    assert page.url.endswith("#main")
    # The next Tab lands inside the content, past the header and navigation.
    page.keyboard.press("Tab")
    inside = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside


def test_every_column_of_the_navigation_is_reached_by_tab_with_a_visible_focus(site, township):
    page = site.page
    site.goto("/gk/qingshi/")
    wanted = {
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    }
    reached: dict[str, dict] = {}
    for _ in range(25):
        page.keyboard.press("Tab")
        el = focused(page)
        if el["text"] in wanted and el["href"] and el["href"].startswith("/gk/qingshi/"):
            reached.setdefault(el["text"], el)
        if len(reached) == len(wanted):
            break
    assert set(reached) == wanted
    for el in reached.values():
        assert el["outlineStyle"] != "none" and el["outlineWidth"] >= 2
    with page.expect_navigation():
        page.keyboard.press("Enter")  # follows the last one reached: the application form
    assert page.locator("h1").inner_text() == "依申请公开"


def test_no_page_asks_for_anything_outside_this_machine(site, township, django_user_model):
    from gongkai.agencies.models import Membership, Role

    clerk = django_user_model.objects.create_user(
        "clerk", password="Xx-1234567890", display_name="王文书", must_change_password=False
    )
    Membership.objects.create(person=clerk, agency=township, role=Role.DRAFTER)
    for path in ("/", "/gk/shili/", "/gk/qingshi/", "/gk/qingshi/apply/", "/gk/none/"):
        site.goto(path)
        site.page.wait_for_load_state("networkidle")
    site.sign_in_as(clerk)
    site.goto("/")
    site.page.wait_for_load_state("networkidle")
    assert site.page.locator("h1").inner_text() == "工作台"
    # htmx is loaded from here and working
    assert site.page.evaluate("typeof htmx === 'object' && htmx.version.startsWith('2.')")
    assert site.requests, "nothing was recorded"
    assert site.external_requests() == []
    assert any(url.endswith("/static/web/vendor/htmx.min.js") for url in site.requests)
    assert any(url.endswith("/static/web/gongkai.css") for url in site.requests)
