"""In Chromium with axe-core: the 政务新媒体 registry (register an account, see the veto on
the report) and the availability page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Agency, Level, Role
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk(db):
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    town = Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )
    return make_person("clerk", roles=[(town, Role.DRAFTER)])


def clean(site, what: str) -> None:
    violations = axe_violations(site)
    assert not violations, f"{what}\n{describe(violations)}"


def test_a_clerk_registers_a_stale_account_and_the_report_shows_the_veto(site, clerk):
    page = site.page
    site.sign_in_as(clerk)
    site.goto("/inspection/qingshi/new-media/")
    clean(site, "registry")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "请填写账号名称。" in page.locator("#account-errors").inner_text()
    clean(site, "registry with errors")
    page.fill("#id_name", "青石发布")
    page.select_option("#id_platform", "wechat")
    page.fill("#id_responsible", "王文书")
    stale = timezone.localdate() - dt.timedelta(days=20)
    page.fill("#id_last_update_on", stale.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "青石发布" in page.locator("#accounts").inner_text()
    site.screenshot("inspection-new-media")
    site.goto("/inspection/qingshi/")
    finding = page.locator('tr[data-finding="I-9"]')
    assert "单项否决" in finding.inner_text() and "政务新媒体更新不及时" in finding.inner_text()
    site.goto("/inspection/availability/")
    clean(site, "availability")
    assert "尚未判定" in page.locator("#availability").inner_text()
    assert site.external_requests() == []
