"""In Chromium: a citizen types a question with the keyboard (with a mobile number in
it), a clerk replies and publishes, and the citizen finds the masked Q&A on the list.
Nothing is fetched from outside this machine."""

from __future__ import annotations

import pytest

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Agency, Level, Role
from gongkai.interaction.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "13812345678"


@pytest.fixture
def town(db) -> Agency:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    return Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )


def type_into(page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def test_a_question_is_answered_and_published(site, town):
    clerk = make_person("clerk", roles=[(town, Role.DRAFTER)], display_name="王文书")
    page = site.page

    # The citizen: an empty form first, then the question.
    site.goto("/gk/qingshi/messages/new/")
    assert page.locator("h1").inner_text() == "留言咨询"
    page.focus("main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "留言没有提交" in page.locator("main").inner_text()
    assert page.locator("#id_title_error").inner_text() == "请填写标题。"
    type_into(page, "#id_title", "危房改造补助标准")
    type_into(page, "#id_body", f"请问今年的补助标准是多少？我的电话{MOBILE}。")
    type_into(page, "#id_submitter_name", "李秀英")
    page.focus("main button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/gk/qingshi/messages/receipt/")
    message = Message.objects.get()
    assert page.locator("#message-reference").inner_text() == message.reference
    site.screenshot("message-receipt")

    # The clerk replies (the masked question is prefilled) and publishes.
    site.sign_in_as(clerk)
    site.goto(f"/interaction/{message.pk}/")
    assert page.input_value("#id_masked_body").count("138****5678") == 1
    type_into(page, "#id_reply", "补助标准见镇政府2026年第3号公告。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存答复").click()
    with page.expect_navigation():
        page.get_by_role("button", name="公开留言及答复").click()
    assert "已公开" in page.locator("#message-status").inner_text()

    # The citizen, signed out, sees the Q&A without the number.
    page.context.clear_cookies()
    site.goto("/gk/qingshi/messages/")
    main = page.locator("main").inner_text()
    assert "危房改造补助标准" in main and "2026年第3号公告" in main
    assert MOBILE not in main and "138****5678" in main
    assert "李秀英" not in main
    site.screenshot("message-list")
    assert site.external_requests() == []
