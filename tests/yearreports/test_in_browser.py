"""The writing page and the public report page in Chromium, each checked by axe-core
(as tests/browser/test_accessibility.py does)."""

from __future__ import annotations

import pytest

from gongkai.yearreports import services
from gongkai.yearreports.models import YearReport
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_writing_with_a_live_value_inserted_from_the_menu(site, ready, people):
    site.sign_in_as(people.drafter)
    path = f"/yearreports/{ready.pk}/"
    assert site.goto(path).status == 200
    violations = axe_violations(site)
    assert not violations, describe(violations)
    page = site.page
    area = page.locator("#text-problems")
    area.fill("本年度办结申请")
    area.press("End")
    page.locator("#insert-menu summary").click()
    page.get_by_role("button", name="插入 申请.办结").click()
    area.press("End")
    area.type("件，均在法定期限内答复。")
    with page.expect_navigation():
        page.get_by_role("button", name="保存正文").click()
    page.wait_for_url(f"**{path}")
    assert "正文已保存" in page.content()
    ready.refresh_from_db()
    assert ready.texts["problems"] == "本年度办结申请{{申请.办结}}件，均在法定期限内答复。"
    page.locator("#h-problems ~ details summary").first.click()
    assert (
        "本年度办结申请5件，均在法定期限内答复。"
        in page.locator("#h-problems ~ details .yr-resolved").first.inner_text()
    )


def test_the_public_report_page_without_script(site, ready, people):
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    assert YearReport.objects.get(pk=ready.pk).is_published
    response = site.goto("/gk/qingshi/annual-reports/")
    assert response.status == 200
    page = site.page
    with page.expect_navigation():
        page.get_by_role("link", name="青石镇人民政府2026年政府信息公开工作年度报告").click()
    page.wait_for_url("**/gk/qingshi/annual-reports/2026/")
    assert page.locator("article.annual-report h2").count() == 6
    assert page.locator("article.annual-report table").count() == 3
    violations = axe_violations(site)
    assert not violations, describe(violations)
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF 文档").click()
    assert info.value.suggested_filename == "青石镇人民政府2026年政府信息公开工作年度报告.pdf"
    scripts = [u for u in site.requests if u.endswith(".js") and "axe" not in u]
    assert scripts == []
    assert site.external_requests() == []
