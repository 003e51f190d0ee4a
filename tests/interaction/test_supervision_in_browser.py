"""In Chromium with axe-core: the 政务公开办's supervision page (filter, follow a red-line
message), the answer-clock settings page (a refusal, then a save), and the citizen's
look-up page. Nothing is fetched from outside this machine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Agency, Kind, Level, Role
from gongkai.interaction import services
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.models import Kind as MessageKind
from tests.browser.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county(db):
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    office = Agency.objects.create(
        name="示例县政务公开办", level=Level.COUNTY, slug="ogo", parent=county,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
    )  # fmt: skip
    town = Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )
    today = timezone.localdate()
    old = today - dt.timedelta(days=120)
    for title, day in (("四个月前的留言", old), ("今天的留言", today)):
        Message.objects.create(
            agency=town, reference=f"LY{day:%Y%m%d}{len(title)}AB", channel=Channel.PORTAL,
            title=title, body="内容", received_at=day, first_received_at=day,
        )  # fmt: skip
    return {
        "town": town,
        "supervisor": make_person("supervisor", roles=[(office, Role.SUPERVISOR_ADMIN)]),
        "head": make_person("head", roles=[(town, Role.DISCLOSURE_HEAD)]),
    }


def clean(site, path: str) -> None:
    violations = axe_violations(site)
    assert not violations, f"{path}\n{describe(violations)}"


def test_the_supervisor_filters_to_the_red_line_and_opens_the_message(site, county):
    page = site.page
    site.sign_in_as(county["supervisor"])
    assert site.goto("/interaction/supervision/").status == 200
    clean(site, "/interaction/supervision/")
    page.select_option("#filter-state", "red_line")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    listed = page.locator("#supervision-messages").inner_text()
    assert "四个月前的留言" in listed and "今天的留言" not in listed
    assert "超过3个月未答复（单项否决）" in listed
    clean(site, "/interaction/supervision/?state=red_line")
    site.screenshot("interaction-supervision")
    with page.expect_navigation():
        page.locator("#supervision-messages a").first.click()
    assert "四个月前的留言" in page.locator("main").inner_text()
    assert site.external_requests() == []


def test_the_head_of_the_town_sets_its_answer_clock(site, county):
    page = site.page
    site.sign_in_as(county["head"])
    site.goto("/interaction/settings/")
    clean(site, "/interaction/settings/")
    with page.expect_navigation():
        page.get_by_role("link", name="修改青石镇人民政府的答复期限").click()
    page.fill("#id_answer_days", "0")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "应在 1 至 30 个工作日之间" in page.locator("#policy-errors").inner_text()
    clean(site, "settings: refused")
    page.fill("#id_answer_days", "8")
    page.fill("#id_error_report_days", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    row = page.locator('tr[data-agency="qingshi"]').inner_text()
    assert "8" in row and "2" in row and "本机关设定" in row
    site.screenshot("interaction-settings")
    assert site.external_requests() == []


def test_a_citizen_looks_up_a_message_without_javascript_trouble(site, county):
    message, secret = services.submit_public(
        agency=county["town"], channel=Channel.PORTAL, kind=MessageKind.CONSULT,
        title="路灯坏了", body="村口路灯不亮。",
    )  # fmt: skip
    page = site.page
    site.goto("/gk/qingshi/messages/lookup/")
    clean(site, "lookup form")
    page.fill("#id_reference", message.reference)
    page.fill("#id_secret", "000000" if secret != "000000" else "111111")
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    assert "留言编号或查询码不正确" in page.locator("#notice").inner_text()
    assert "路灯坏了" not in page.locator("main").inner_text()
    page.fill("#id_secret", secret)
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()
    assert page.locator("#lookup-status").inner_text() == "办理中"
    clean(site, "lookup result")
    assert site.external_requests() == []
