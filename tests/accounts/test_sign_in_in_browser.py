"""Signing in, being locked out and the auditor's read-only back office, in Chromium.

Uses the browser harness of tests/browser (Debian's chromium; skipped with a hint when
it is missing). Run alone with `pytest -m browser tests/accounts`.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.accounts.models import SystemRole, User
from gongkai.accounts.testing import PASSWORD, make_person
from gongkai.agencies.models import Agency, Level, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(transactional_db):
    town = Agency.objects.create(name="青石镇人民政府", level=Level.TOWNSHIP, slug="qingshi")
    return make_person("clerk", display_name="王文书", roles=[(town, Role.DRAFTER)])


def fill_sign_in(site, username: str, password: str) -> None:
    page = site.page
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_label("密码").press("Enter")


def test_a_clerk_signs_in_with_the_keyboard_and_reaches_the_dashboard(site, clerk):
    site.goto("/accounts/login/")
    fill_sign_in(site, "clerk", PASSWORD)
    assert site.page.locator("h1").inner_text() == "工作台"
    assert "王文书" in site.page.locator("header").inner_text()
    assert site.external_requests() == []


def test_five_wrong_passwords_show_when_the_lock_lifts(site, clerk):
    site.goto("/accounts/login/")
    for _ in range(5):
        fill_sign_in(site, "clerk", "Wrong-Password-1")
    clerk.refresh_from_db()
    lifts = timezone.localtime(clerk.locked_until).strftime("%H:%M")
    alert = site.page.get_by_role("alert")
    assert alert.inner_text() == f"账户已锁定，将于 {lifts} 解除"
    site.screenshot("locked")
    fill_sign_in(site, "clerk", PASSWORD)
    assert "账户已锁定" in site.page.get_by_role("alert").inner_text()
    assert site.page.locator("h1").inner_text() != "工作台"


def test_the_auditor_reads_the_log_and_finds_nothing_to_change(site, transactional_db):
    make_person("auditor", display_name="赵审计", system_role=SystemRole.AUDITOR)
    site.goto("/accounts/login/")
    fill_sign_in(site, "auditor", PASSWORD)
    page = site.page
    assert page.locator("h1").inner_text() == "审计日志"
    # The sign-in just made is on the record, and the only form that posts is sign-out.
    assert "登录" in page.locator("table").inner_text()
    posting = page.locator("main form[method=post]")
    assert posting.count() == 0
    for address in ("/accounts/people/", "/accounts/people/new/"):
        response = site.goto(address)
        assert response.status == 403
        assert "没有访问权限" in page.locator("h1").inner_text()
    assert site.external_requests() == []


def test_a_new_person_is_made_to_change_the_initial_password_first(site, transactional_db):
    person = make_person("newcomer", must_change_password=True)
    site.goto("/accounts/login/")
    fill_sign_in(site, "newcomer", PASSWORD)
    page = site.page
    assert page.locator("h1").inner_text() == "修改密码"
    page.get_by_label("原密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("Qingshi-Bridge-77")
    page.get_by_label("再次输入新密码").fill("Qingshi-Bridge-77")
    with page.expect_navigation():
        page.get_by_role("button", name="修改密码").click()
    assert page.locator("h1").inner_text() == "工作台"
    assert User.objects.get(pk=person.pk).must_change_password is False
