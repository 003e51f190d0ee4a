"""The supervision pages in a real browser: the status page (filter, remind one agency)
and a chart page, each checked by axe-core like the other back-office pages, and the chart
page printed in black and white."""

from __future__ import annotations

import pytest
from django.core import mail

from gongkai.reports.models import ReportReminder
from tests.browser.test_accessibility import axe_violations, describe

from .supervision_data import YEAR, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_the_supervisor_filters_the_status_page_and_reminds_a_late_agency(site, world):
    site.sign_in_as(world.sup)
    response = site.goto(f"/reports/supervision/{YEAR}/")
    assert response.status == 200
    page = site.page
    violations = axe_violations(site)
    assert not violations, describe(violations)

    page.get_by_label("状态").select_option("late")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    rows = page.locator("#statuses tbody tr")
    late_names = rows.locator("th").all_inner_texts()
    assert "示例县青石镇人民政府" in late_names and "示例县桃源镇人民政府" not in late_names
    assert all(s == "late" for s in [r.get_attribute("data-state") for r in rows.all()])

    row = page.locator(f"#agency-{world.c.a.pk}")
    with page.expect_navigation():
        row.get_by_role("button", name="提醒").click()
    assert "已提醒 1 个单位，发出邮件 2 封" in page.locator("main").inner_text()
    assert "提醒（共 1 次）" in page.locator(f"#agency-{world.c.a.pk}").inner_text()
    assert ReportReminder.objects.filter(agency=world.c.a).count() == 1
    assert len(mail.outbox) == 2
    site.screenshot("supervision-status")
    assert site.external_requests() == []


def test_the_year_charts_are_accessible_and_print_in_black_and_white(site, world):
    site.sign_in_as(world.sup)
    response = site.goto(f"/reports/supervision/{YEAR}/charts/")
    assert response.status == 200
    page = site.page
    violations = axe_violations(site)
    assert not violations, describe(violations)

    chart = page.locator("svg#chart-applications")
    assert chart.get_attribute("role") == "img"
    title = page.locator("#chart-applications-title").text_content()
    assert title == f"{YEAR} 年各单位政府信息公开申请"
    # The figures are on the bars as text, and in the table under the chart.
    assert "14" in chart.locator("text").all_text_contents()
    data = page.locator("#chart-applications-data")
    assert "桃源镇" in data.inner_text() and "14" in data.inner_text()

    page.emulate_media(media="print")
    page.add_style_tag(content="html { filter: grayscale(1); }")
    assert chart.is_visible() and data.is_visible()
    assert page.locator("nav.subnav").is_hidden()
    site.screenshot("supervision-charts-print")
    assert site.external_requests() == []


def test_the_county_summary_is_accessible_and_names_the_missing(site, world):
    site.sign_in_as(world.sup)
    response = site.goto(f"/reports/supervision/{YEAR}/summary/")
    assert response.status == 200
    page = site.page
    violations = axe_violations(site)
    assert not violations, describe(violations)
    cell = page.locator('td[data-location="table3.new_received.total"]')
    assert cell.inner_text().strip() == "22"
    assert "示例县青石镇人民政府" in page.locator("#missing").inner_text()
    site.screenshot("supervision-summary")
