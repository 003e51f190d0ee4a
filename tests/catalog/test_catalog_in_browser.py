"""A clerk's first morning with the catalogue, in a browser: install the starter, add a
二级事项, export the sheet."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

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


def test_clerk_installs_the_starter_adds_an_item_and_exports(site, clerk):
    site.sign_in_as(clerk)
    site.goto("/catalog/")
    page = site.page
    page.get_by_role("link", name="青石镇人民政府").click()
    page.get_by_role("button", name="安装目录模板").click()
    assert "已按模板新增" in page.locator(".messages").inner_text()
    row = page.locator('tr[data-code="t02"]')
    row.get_by_role("link", name="新增下级").click()
    page.get_by_label("事项名称").fill("便民服务电话")
    page.get_by_label("公开内容（要素）").fill("各站所服务电话")
    page.get_by_role("button", name="保存").click()
    assert page.locator("tr", has_text="便民服务电话").count() == 1
    site.screenshot("catalog-tree")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出 Excel").click()
    data = info.value.path().read_bytes()
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "一级事项"
    assert ("机构职能", "便民服务电话") in {(r[0], r[1]) for r in rows}
    assert site.external_requests() == []
