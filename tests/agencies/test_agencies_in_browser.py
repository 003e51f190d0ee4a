"""The agency tree in a browser: the 系统管理员 moves a township with the form."""

from __future__ import annotations

import pytest

from gongkai.accounts.testing import World
from gongkai.agencies.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_system_administrator_moves_a_township_and_sees_it_under_its_new_county(site):
    world = World()
    site.sign_in_as(world.sysadmin)
    site.goto("/agencies/")
    page = site.page
    header = page.locator("header")
    assert header.get_by_role("link", name="修改密码").is_visible()
    assert header.get_by_role("link", name="动态口令").is_visible()
    page.get_by_role("link", name="修改 青石镇人民政府").click()
    page.get_by_label("上级机构").select_option(str(world.other_county.pk))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/agencies/")
    assert "已保存机构“青石镇人民政府”" in page.locator("main").inner_text()
    names = page.locator("table.agency-tree tbody th").all_inner_texts()
    assert names.index("青石村") == names.index("青石镇人民政府") + 1
    assert names.index("青石镇人民政府") > names.index("邻县人民政府")
    assert Agency.objects.get(pk=world.village_a.pk).is_within(world.other_county)
    site.screenshot("agency-tree")
    assert site.external_requests() == []
