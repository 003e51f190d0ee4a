"""A township clerk in a real browser: decides a case, issues its 告知书 and downloads
the Word file, which opens as a real DOCX with the applicant's name in it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine

from gongkai.applications.models import Letter

from .conftest import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def october_13():
    # The live server answers in another thread of this process: it sees the same clock.
    with time_machine.travel(
        dt.datetime(2026, 10, 13, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True
    ):
        yield


def test_a_clerk_decides_and_issues_the_letter(site, world, october_13, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    app = make_case(world.drafter, world.town_a, name="王秀兰")
    site.sign_in_as(world.drafter)
    site.goto(f"/applications/{app.pk}/")
    page = site.page

    decide = page.locator("details.action summary", has_text="作出答复")
    decide.click()
    form = decide.locator("xpath=..")
    form.get_by_label("答复日期").fill("2026-10-12")
    form.get_by_label("第 1 项的处理结果").select_option("granted")
    form.get_by_label("第 1 项的答复内容").fill("现随本告知书提供招标文件复制件（共5页）。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator('[data-fact="status"]').inner_text() == "已答复待送达"

    # The letter the decision calls for is offered first.
    chooser = page.get_by_label("生成文书", exact=True)
    assert chooser.input_value() == "decision_granted"
    with page.expect_navigation():
        page.get_by_role("button", name="下一步：核对文书内容").click()
    assert page.get_by_label("申请人", exact=True).input_value() == "王秀兰"
    page.get_by_label("附件说明").fill("招标文件复制件（共5页）")
    with page.expect_navigation():
        page.get_by_role("button", name="预览").click()
    assert "王秀兰" in page.locator(".letter-preview").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="生成", exact=True).click()
    assert page.url.endswith(f"/applications/{app.pk}/#letters")
    letter = Letter.objects.get()
    row = page.locator(f'[data-letter="{letter.pk}"]')
    assert "政府信息公开申请答复告知书" in row.inner_text()

    with page.expect_download() as info:
        row.locator('[data-download="docx"]').click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in docx.Document(str(download.path())).paragraphs)
    assert "王秀兰" in text and "招标文件复制件（共5页）" in text
    site.screenshot("application-letter")
    assert site.external_requests() == []
