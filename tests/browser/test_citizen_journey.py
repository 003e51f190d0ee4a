"""The whole visit of issue 6's "done when", on a phone with large text: a citizen finds a
document by searching, reads it, asks a question, and later reads the published answer —
with nothing cut off sideways and nothing fetched from outside this machine."""

from __future__ import annotations

import pytest

from gongkai.interaction import services as interaction
from gongkai.interaction.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A common phone: 390 CSS pixels wide, touch, a mobile user agent's layout rules.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def phone(chromium, live_server, transactional_db, audit_log_flushable, tmp_path):
    from tests.browser.harness import make_site

    yield from make_site(chromium, live_server.url, tmp_path, **PHONE)


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def font_size(page) -> float:
    return float(page.eval_on_selector("body", "el => getComputedStyle(el).fontSize")[:-2])


def test_a_citizen_finds_reads_asks_and_reads_the_answer_on_a_phone_with_large_text(phone, portal):
    world, chain, item = portal
    site, page = phone, phone.page

    site.goto("/gk/qingshi/")
    normal = font_size(page)
    with page.expect_navigation():
        page.get_by_role("link", name="大字版").click()
    assert font_size(page) >= normal * 1.4
    assert sideways_overflow(page) <= 0

    # Finds the document by two of its words.
    site.goto("/search/")
    page.fill("#search-q", "低保 资金")
    with page.expect_navigation():
        page.press("#search-q", "Enter")
    result = page.get_by_role("link", name=item.published_revision.title)
    assert result.count() == 1
    assert sideways_overflow(page) <= 0

    # Reads it: the title and the metadata a government page shows.
    with page.expect_navigation():
        result.click()
    assert page.locator("h1").inner_text() == item.published_revision.title
    assert item.index_number in page.locator("main").inner_text()
    assert font_size(page) >= normal * 1.4  # large text stays on from page to page
    assert sideways_overflow(page) <= 0
    site.screenshot("phone-item-large-text")

    # Asks a question about it.
    site.goto("/gk/qingshi/messages/new/")
    page.fill("#id_title", "低保资金何时到账")
    page.fill("#id_body", "请问第三季度的低保资金什么时候发放到账？")
    page.fill("#id_submitter_name", "赵大爷")
    with page.expect_navigation():
        page.get_by_role("button", name="提交").click()
    message = Message.objects.get()
    assert page.locator("#message-reference").inner_text() == message.reference
    assert sideways_overflow(page) <= 0

    # The office answers and publishes (its side is tested elsewhere).
    interaction.reply(actor=chain.drafter, message=message, text="已于9月30日发放到账。")
    interaction.publish(actor=chain.drafter, message=message)

    # Days later the citizen reads the answer on the public list.
    site.goto("/gk/qingshi/messages/")
    main = page.locator("main").inner_text()
    assert "低保资金何时到账" in main and "已于9月30日发放到账" in main
    assert "赵大爷" not in main
    assert font_size(page) >= normal * 1.4
    assert sideways_overflow(page) <= 0
    site.screenshot("phone-answer-large-text")
    assert site.external_requests() == []
