"""The review chain in Chromium: the writer creates and submits, each of the four
reviewers signs in and approves their stage, the last one publishes, and the public page
shows the item — with no request leaving the site."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from gongkai.publishing.models import Item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEIJING = dt.timezone(dt.timedelta(hours=8))
TITLE = "青石镇2026年秋季防汛工作安排"


@pytest.fixture
def monday():
    # The live server answers in a thread of this process: it sees the same clock.
    with time_machine.travel(dt.datetime(2026, 9, 21, 10, 0, tzinfo=BEIJING), tick=True):
        yield


def _do(page, key: str) -> None:
    """Unfold the action with the keyboard and send its form."""
    summary = page.locator(f"#action-{key} summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.locator(f'form[data-action="{key}"] button[type="submit"]').click()
    page.wait_for_load_state()


def test_the_review_chain_from_draft_to_the_public_page(
    site, world, people, monday, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = site.page
    site.sign_in_as(people.writer)
    site.goto("/publishing/")
    page.get_by_role("link", name="新建").click()
    page.wait_for_url(re.compile(r"/publishing/new/"))
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("内容概述").fill("汛期值班和转移安置安排")
    page.get_by_label("正文（HTML）").fill("<p>各村于9月25日前完成隐患排查。</p>")
    page.get_by_label("生成日期").fill("2026-09-18")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/publishing/items/\d+/$"))
    assert "已新建" in page.inner_text("body")
    item = Item.objects.get()
    _do(page, "submit")
    assert "审核中（分管领导审核）" in page.inner_text("[data-fact=working-state]")

    for person in (people.reviewer, people.head, people.secrecy, people.final):
        site.sign_in_as(person)
        site.goto("/publishing/")
        page.locator(f'[data-queue="{item.pk}"] a').click()
        page.wait_for_url(re.compile(rf"/publishing/items/{item.pk}/$"))
        _do(page, "approve")
        assert "已审核通过" in page.inner_text("body")

    # 孙镇长, the last approver, publishes.
    assert "已审核待发布" in page.inner_text("[data-fact=working-state]")
    _do(page, "publish")
    assert "已发布" in page.inner_text("[data-fact=state]")
    assert all(name in page.inner_text("body") for name in ("李分管", "赵信息", "钱保密", "孙镇长"))
    site.screenshot("publishing-item")

    page.get_by_role("link", name="查看公开页面").click()
    page.wait_for_url(re.compile(rf"/publishing/p/qingshi/{item.pk}/$"))
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert "各村于9月25日前完成隐患排查。" in page.inner_text("main")
    assert "李分管" not in page.content()
    site.goto("/publishing/p/qingshi/")
    assert page.get_by_role("link", name=TITLE).is_visible()
    assert site.external_requests() == []
