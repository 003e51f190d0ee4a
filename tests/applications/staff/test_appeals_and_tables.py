"""Appeals recorded and concluded through the case page's forms, and the year tables page
(tables 三 and 四 in the official layout) against a hand count."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications import services
from gongkai.applications.models import Appeal
from gongkai.disclosure.lifecycle import Step

from .conftest import make_case

pytestmark = pytest.mark.django_db

D = dt.date


def cell(html: str, location: str) -> str:
    """The text of the table cell at ``location`` (e.g. table3.granted.total)."""
    found = re.search(rf'data-location="{re.escape(location)}">([^<]*)<', html)
    assert found, location
    return found.group(1)


def _decide(world, app, day, *outcomes) -> None:
    items = list(app.items.order_by("position"))
    services.decide(
        actor=world.drafter,
        application=app,
        date=day,
        outcomes={i.pk: o for i, o in zip(items, outcomes, strict=True)},
    )


def test_an_appeal_recorded_and_concluded_through_the_forms_shows_in_table_four(
    client, world, case_a, on_day
):
    _decide(world, case_a, D(2026, 10, 9), "denied_third_party")
    on_day(D(2026, 11, 20))
    sign_in(client, world.drafter)
    case_url = reverse("applications:case", args=[case_a.pk])
    page = client.get(case_url).content.decode()
    assert "没有因本申请提起的行政复议或行政诉讼" in page and 'id="action-appeal"' in page

    # Refused by the service: a date after today. The form comes back with the reason.
    bad = {
        "appeal-kind": "review",
        "appeal-filed_on": "2026-11-30",
        "appeal-body": "示例县人民政府",
        "appeal-note": "申请人不服不予公开",
    }
    response = client.post(reverse("applications:appeal_new", args=[case_a.pk]), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "提起日期晚于今天" in html and 'value="示例县人民政府"' in html
    assert '<details class="action" id="action-appeal" open>' in html

    response = client.post(
        reverse("applications:appeal_new", args=[case_a.pk]),
        {**bad, "appeal-filed_on": "2026-11-02"},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.result, appeal.body) == ("review", "pending", "示例县人民政府")
    page = client.get(case_url).content.decode()
    row = re.search(rf'<tr data-appeal="{appeal.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "行政复议" in row and "2026年11月2日" in row and "尚未审结" in row

    conclude = reverse("applications:appeal_conclude", args=[case_a.pk, appeal.pk])
    key = f"conclude_{appeal.pk}"
    response = client.post(conclude, {f"{key}-result": "corrected", f"{key}-decided_on": ""})
    assert response.status_code == 400
    assert "请填写审结日期" in response.content.decode()
    response = client.post(
        conclude, {f"{key}-result": "corrected", f"{key}-decided_on": "2026-11-19"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == ("corrected", D(2026, 11, 19))

    tables = client.get(reverse("applications:tables") + "?year=2026")
    assert tables.status_code == 200
    html = tables.content.decode()
    assert cell(html, "table4.review.corrected") == "1"
    assert cell(html, "table4.review.total") == "1"
    assert cell(html, "table4.review.upheld") == "0"
    assert cell(html, "table4.litigation_direct.total") == "0"
    assert cell(html, "table3.denied_third_party.natural_person") == "1"


def test_the_supervisor_reads_appeals_but_records_none(client, world, case_a):
    sign_in(client, world.supervisor)
    page = client.get(reverse("applications:case", args=[case_a.pk])).content.decode()
    assert 'id="action-appeal"' not in page
    response = client.post(
        reverse("applications:appeal_new", args=[case_a.pk]),
        {"appeal-kind": "review", "appeal-filed_on": "2026-10-01"},
    )
    assert response.status_code == 403
    assert not Appeal.objects.exists()


@pytest.fixture
def year_cases(world, on_day):
    """Five cases of 青石镇 and one of 青石村, counted by hand below."""
    on_day(D(2026, 11, 20))
    a = make_case(world.drafter, world.town_a, received=D(2026, 9, 1), name="甲")
    _decide(world, a, D(2026, 9, 10), "granted")
    b = make_case(
        world.drafter, world.town_a, received=D(2026, 9, 2), name="乙", items=("乙一", "乙二")
    )
    _decide(world, b, D(2026, 9, 11), "granted", "denied_third_party")  # 部分公开
    c = make_case(world.drafter, world.town_a, received=D(2026, 9, 3), name="丙")
    services.step_record(
        actor=world.drafter, application=c, step=Step.WITHDRAWN, date=D(2026, 9, 4)
    )
    make_case(world.drafter, world.town_a, received=D(2026, 11, 2), name="丁")  # open
    d = make_case(world.drafter, world.town_a, received=D(2026, 10, 12), name="戊")
    _decide(world, d, D(2026, 10, 20), "unable_not_held")
    services.appeal_record(
        actor=world.drafter, application=d, kind="litigation_direct", filed_on=D(2026, 11, 2)
    )
    v = make_case(world.drafter, world.village_a, received=D(2026, 10, 12), name="己")
    _decide(world, v, D(2026, 10, 20), "granted")
    # Changing an item's applicant type is not done through a service: make a company.
    from gongkai.applications.models import Application

    Application.objects.filter(pk=b.pk).update(applicant_type="commercial")
    return world


def test_the_tables_page_shows_the_hand_count(client, year_cases):
    world = year_cases
    sign_in(client, world.drafter)
    response = client.get(
        reverse("applications:tables") + f"?year=2026&agency={world.town_a.pk}&scope=self"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "表三、表四由办理记录生成，已通过全部勾稽检查" in html
    expected = {
        "table3.new_received.natural_person": "4",  # 甲 丙 丁 戊
        "table3.new_received.commercial": "1",  # 乙
        "table3.new_received.total": "5",
        "table3.carried_in.total": "0",
        "table3.granted.natural_person": "1",  # 甲
        "table3.partially_granted.commercial": "1",  # 乙
        "table3.unable_not_held.natural_person": "1",  # 戊
        "table3.other_misc.natural_person": "1",  # 丙, withdrawn
        "table3.total_processed.total": "4",
        "table3.carried_forward.natural_person": "1",  # 丁
        "table3.carried_forward.total": "1",
        "table4.litigation_direct.pending": "1",
        "table4.litigation_direct.total": "1",
        "table4.review.total": "0",
    }
    for location, value in expected.items():
        assert cell(html, location) == value, location

    # 本机关及下属: the village's case is added.
    html = client.get(
        reverse("applications:tables") + f"?year=2026&agency={world.town_a.pk}&scope=tree"
    ).content.decode()
    assert cell(html, "table3.new_received.total") == "6"
    assert cell(html, "table3.granted.natural_person") == "2"

    # The CSV: one line per cell, keys beside the labels.
    got = client.get(
        reverse("applications:tables_csv") + f"?year=2026&agency={world.town_a.pk}&scope=self"
    )
    assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
    text = got.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0] == ["表", "行键", "行名称", "列键", "列名称", "数值"]
    by_key = {(t, r, c): (rl, cl, v) for t, r, rl, c, cl, v in lines[1:]}
    assert by_key[("表三", "new_received", "total")] == (
        "一、本年新收政府信息公开申请数量",
        "总计",
        "5",
    )
    assert by_key[("表三", "partially_granted", "commercial")][2] == "1"
    assert by_key[("表四", "litigation_direct", "pending")][1:] == ("尚未审结", "1")


def test_the_tables_page_refuses_another_countys_agency(client, year_cases):
    world = year_cases
    sign_in(client, world.drafter)
    for agency in (world.other_town, world.town_b):
        url = reverse("applications:tables") + f"?year=2026&agency={agency.pk}"
        assert client.get(url).status_code == 403
        assert (
            client.get(reverse("applications:tables_csv") + f"?agency={agency.pk}").status_code
            == 403
        )
    sign_in(client, world.other_supervisor)
    url = reverse("applications:tables") + f"?year=2026&agency={world.town_a.pk}"
    assert client.get(url).status_code == 403
    sign_in(client, world.sysadmin)
    assert client.get(reverse("applications:tables")).status_code == 403


def test_the_supervisor_sees_the_whole_county_by_default(client, year_cases):
    world = year_cases
    clerk_b = make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)])
    make_case(clerk_b, world.town_b, received=D(2026, 10, 12), name="庚")
    sign_in(client, world.supervisor)
    html = client.get(reverse("applications:tables") + "?year=2026").content.decode()
    assert "示例县人民政府（含下属机关）" in html
    assert cell(html, "table3.new_received.total") == "7"
    html = client.get(
        reverse("applications:tables") + f"?year=2026&agency={world.town_b.pk}&scope=self"
    ).content.decode()
    assert cell(html, "table3.new_received.total") == "1"
    # Years offered: this one (and earlier ones only where cases were received).
    assert '<option value="2026" selected>' in html and '<option value="2025"' not in html
