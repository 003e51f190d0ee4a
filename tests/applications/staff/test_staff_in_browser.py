"""A township clerk in a real browser: registers a letter with the keyboard, asks for
补正, records the corrected application, decides, and reads the deadlines panel."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def october_13():
    # The live server answers in another thread of this process: it sees the same clock.
    with time_machine.travel(
        dt.datetime(2026, 10, 13, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


def _open_action(page, label: str):
    """Unfold an action with the keyboard: focus its summary, press Enter."""
    summary = page.locator("details.action summary", has_text=label)
    summary.focus()
    page.keyboard.press("Enter")
    return summary.locator("xpath=..")


def test_a_clerk_handles_a_letter_from_intake_to_decision(
    site, world, october_13, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site.sign_in_as(world.drafter)
    site.goto("/applications/")
    page = site.page
    page.get_by_role("link", name="登记申请").click()
    page.wait_for_url(re.compile(r"/applications/new/$"))

    # The channel: from 当面提交 to 邮寄（需签收） with the arrow key; the rule follows.
    page.get_by_label("当面提交").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("邮寄（需签收）").is_checked()
    rules = page.locator("#receipt-rules")
    assert rules.locator('[data-channel="post_signed"]').is_visible()
    assert rules.locator('[data-channel="in_person"]').is_hidden()
    assert "本机关签收邮件的日期" in rules.inner_text()
    assert "申请人提交申请的日期" not in rules.inner_text()

    page.keyboard.press("Tab")  # into the date
    assert page.evaluate("document.activeElement.name") == "received_on"
    page.get_by_label("收到申请日期").fill("2026-09-18")
    page.get_by_label("申请人姓名或名称").focus()
    page.keyboard.type("张三")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "id_number"
    page.get_by_label("联系电话").focus()
    page.keyboard.type("13800000000")
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").focus()
    page.keyboard.type("2026年道路硬化工程招标文件")
    page.get_by_role("button", name="登记申请").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    app = Application.objects.get()
    assert page.url.endswith(f"/applications/{app.pk}/")
    assert page.locator('[data-issued="code"]').inner_text() == app.tracking_code

    # 补正 within the 7 working days.
    action = _open_action(page, "告知补正")
    action.get_by_label("日期").fill("2026-09-21")
    action.get_by_label("说明").focus()
    page.keyboard.type("请写明工程名称")
    action.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('[data-fact="status"]').inner_text() == "等待补正"

    action = _open_action(page, "收到补正后的申请")
    action.get_by_label("日期").fill("2026-09-28")
    action.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('[data-fact="status"]').inner_text() == "办理中"

    action = _open_action(page, "作出答复")
    action.get_by_label("答复日期").fill("2026-10-12")
    action.get_by_label("第 1 项的处理结果").select_option("granted")
    action.get_by_label("第 1 项的答复内容").fill("随告知书提供招标文件")
    action.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('[data-fact="status"]').inner_text() == "已答复待送达"
    assert "予以公开，向申请人提供" in page.locator('[data-item="1"]').inner_text()

    # The deadlines panel: the answer clock restarted from the corrected application.
    answer = page.locator('[data-deadline="answer"]')
    answer.locator("summary").focus()
    page.keyboard.press("Enter")
    text = answer.inner_text()
    assert "自2026年9月28日起算" in text and "重新计算" in text
    assert answer.locator(".explanation").is_visible()
    timeline = page.locator("ol.timeline").inner_text()
    for label in ("登记收到申请", "告知补正", "收到补正后的申请", "作出答复"):
        assert label in timeline
    site.screenshot("application-case")
    assert site.external_requests() == []


def test_without_javascript_every_receipt_rule_is_listed(site_without_js, world):
    site_without_js.sign_in_as(world.drafter)
    site_without_js.goto("/applications/new/")
    rules = site_without_js.page.locator("#receipt-rules .rule")
    assert rules.count() == 5
    for i in range(5):
        assert rules.nth(i).is_visible()
