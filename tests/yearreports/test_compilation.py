"""The report compiled from 青石镇's 2026 equals the hand count of conftest.py."""

import pytest

from gongkai.yearreports import data, services
from gongkai.yearreports.compile import figures

pytestmark = pytest.mark.django_db


def values(report_row):
    result = data.compiled(report_row)
    return result, {f.name: f.value for f in result.figures}


@pytest.fixture
def draft(year2026, people):
    return services.report_start(actor=people.drafter, agency=year2026, year=2026)


def test_table_two_counts_the_documents_by_hand(draft):
    result, _ = values(draft)
    t2 = result.report.table2
    assert t2["normative_documents"] == {"issued": 5, "repealed": 2, "in_force": 5}
    assert t2["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}


def test_last_years_stock_plus_issued_minus_repealed_is_this_years_stock(draft, year2026):
    last = data.compile_for(year2026, 2025).report.table2["normative_documents"]
    this = data.compiled(draft).report.table2["normative_documents"]
    assert last["in_force"] == 2
    assert last["in_force"] + this["issued"] - this["repealed"] == this["in_force"]


def test_figures_the_platform_has_no_source_for_are_blank_until_entered(draft, people):
    result, _ = values(draft)
    assert result.report.table2["licensing"] == {"decisions": None}
    assert any(f.rule == "T2-1" for f in result.report.findings)
    services.figures_save(
        actor=people.drafter,
        report=draft,
        values={"table2.licensing.decisions": "12", "table2.admin_fees.amount_wan_yuan": "1.5"},
    )
    result, v = values(draft)
    assert result.report.table2["licensing"] == {"decisions": 12}
    assert result.report.table2["admin_fees"] == {"amount_wan_yuan": 1.5}
    assert v["表二.行政许可.本年处理决定"] == 12


def test_applications_and_appeals_by_hand(draft):
    _, v = values(draft)
    assert v["申请.新收"] == 5
    assert v["申请.自然人"] == 2
    assert v["申请.法人或其他组织"] == 3
    assert v["申请.上年结转"] == 1
    assert v["申请.办结"] == 5
    assert v["申请.予以公开"] == 1
    assert v["申请.部分公开"] == 1
    assert v["申请.不予公开"] == 0
    assert v["申请.无法提供"] == 1
    assert v["申请.不予处理"] == 0
    assert v["申请.其他处理"] == 2
    assert v["申请.结转下年"] == 1
    assert v["复议.纠正"] == 1 and v["复议.总数"] == 1
    assert v["诉讼.尚未审结"] == 1 and v["诉讼.总数"] == 1


def test_items_channels_and_messages_by_hand(draft):
    _, v = values(draft)
    assert v["主动公开.总数"] == 10
    assert v["主动公开.文件"] == 6
    assert v["主动公开.信息"] == 3
    assert v["主动公开.政策解读"] == 1
    assert v["渠道.政府网站"] == 10
    assert v["渠道.社区/村公示栏（电子屏）"] == 3
    assert v["留言.收到"] == 4
    assert v["留言.答复"] == 3
    assert v["留言.回复率"] == "75%"


def test_the_starter_text_states_the_figures_and_asks_for_what_only_the_office_knows(draft):
    result = data.compiled(draft)
    text = result.report.texts["applications"]
    assert "本年度收到政府信息公开申请5件" in text
    assert "结转下年度继续办理1件" in text
    rules = {f.rule for f in result.report.findings}
    assert "Y-2" in rules  # the 【请…】 prompts are still there
    assert "X-1" not in rules  # the figures in the text agree with the tables


def test_a_2020_report_uses_the_2019_format(year2026, people, on):
    import datetime as dt

    report = services.report_start(actor=people.drafter, agency=year2026, year=2020)
    result = data.compiled(report, publication_date=dt.date(2021, 1, 20))
    assert result.report.format == "v2019"
    assert set(result.report.table2["normative_documents"]) == {
        "newly_made",
        "newly_published",
        "total_published",
    }
    assert "other" in result.report.table3
    assert "F-1" not in {f.rule for f in result.report.findings}
    assert any(
        f.name == "表二.规范性文件.对外公开总数"
        for f in figures(data.facts(year2026, 2020), result.report)
    )
