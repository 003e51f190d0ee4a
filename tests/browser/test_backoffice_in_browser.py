"""The back-office frame in a browser: the dashboard, navigation by role, and sign-out
reached from the keyboard."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import SystemRole
from gongkai.agencies.models import Agency, Level, Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(django_user_model):
    town = Agency.objects.create(name="青石镇人民政府", level=Level.TOWNSHIP, slug="qingshi")
    person = django_user_model.objects.create_user(
        "clerk", password="Xx-1234567890", display_name="王文书", must_change_password=False
    )
    Membership.objects.create(person=person, agency=town, role=Role.DRAFTER)
    return person


def test_a_clerk_sees_the_dashboard_with_their_links_only(site, clerk):
    site.sign_in_as(clerk)
    site.goto("/")
    page = site.page
    assert page.locator("h1").inner_text() == "工作台"
    header = page.locator("header")
    assert "王文书" in header.inner_text() and "青石镇人民政府" in header.inner_text()
    nav = page.get_by_role("navigation", name="后台导航")
    assert nav.get_by_role("link", name="工作台").get_attribute("aria-current") == "page"
    assert nav.get_by_role("link", name="年报检查").is_visible()
    assert nav.get_by_role("link", name="审计日志").count() == 0
    assert "目前没有等待您处理的事项" in page.locator("main").inner_text()
    site.screenshot("dashboard")
    assert site.external_requests() == []


def test_sign_out_is_reached_by_keyboard_with_a_visible_focus(site, clerk):
    site.sign_in_as(clerk)
    site.goto("/")
    page = site.page
    for _ in range(15):
        page.keyboard.press("Tab")
        el = page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
            return {text: el.textContent.trim(), tag: el.tagName,
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )
        if el["text"] == "退出登录":
            break
    assert el["tag"] == "BUTTON" and el["text"] == "退出登录"
    assert el["outline"] != "none" and el["width"] >= 2


def test_the_auditor_is_offered_the_audit_log_and_not_report_checking(site, django_user_model):
    auditor = django_user_model.objects.create_user(
        "auditor",
        password="Xx-1234567890",
        display_name="赵审计",
        system_role=SystemRole.AUDITOR,
        must_change_password=False,
    )
    site.sign_in_as(auditor)
    site.goto("/")
    nav = site.page.get_by_role("navigation", name="后台导航")
    assert nav.get_by_role("link", name="审计日志").is_visible()
    assert nav.get_by_role("link", name="年报检查").count() == 0
