"""X-1 … X-6: the narrative against the tables, years and dates (module checks/text.py)."""

import datetime as dt

import pytest

from gongkai.annualreport.checks import CheckContext, CheckSettings, run_checks
from gongkai.annualreport.checks.text import (
    cited_format_matches_tables,
    consistent_year,
    narrative_not_copied,
    published_in_time,
    text_matches_tables,
    totals_cover_parts,
)
from gongkai.annualreport.model import Severity

X = {"X-1", "X-2", "X-3", "X-4", "X-5", "X-6"}


def _run(rule, report, previous=None, settings=None):
    return list(rule(CheckContext(report, previous, settings or CheckSettings())))


def test_a_consistent_report_has_no_text_findings(reports):
    assert [f for f in run_checks(reports.consistent()) if f.rule in X] == []
    assert [f for f in run_checks(reports.v2019()) if f.rule in X] == []


#


def test_a_count_in_the_text_that_contradicts_table_3_is_a_warning(reports):
    report = reports.consistent(narrative={"applications_received": 2})
    found = _run(text_matches_tables, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("X-1", Severity.WARNING, "table3.new_received.total")
    ]
    assert "2 件" in found[0].message and "为 0" in found[0].message


def test_counts_in_the_text_that_agree_with_the_tables_are_fine(reports):
    report = reports.consistent(
        table4=reports.table4(
            {
                "review": [1, 0, 0, 0],
                "litigation_direct": [0, 1, 0, 0],
                "litigation_after_review": [0, 0, 0, 1],
            }
        ),
        narrative={
            "applications_received": 0,
            "carried_forward": 0,
            "review": 1,
            "litigation": 2,
            "review_litigation": 3,
        },
    )
    assert _run(text_matches_tables, report) == []


def test_litigation_in_the_text_is_compared_with_both_litigation_blocks(reports):
    report = reports.consistent(
        table4=reports.table4({"litigation_direct": [1, 0, 0, 0]}), narrative={"litigation": 2}
    )
    found = _run(text_matches_tables, report)
    assert [(f.location, f.evidence["table"]) for f in found] == [("table4", 1)]


def test_a_count_stated_for_a_missing_table_is_a_warning(reports):
    report = reports.consistent(
        table3=None, narrative={"applications_received": 1, "carried_forward": 0}
    )
    found = _run(text_matches_tables, report)
    assert [(f.rule, f.location) for f in found] == [("X-1", "table3")]
    assert "收到政府信息公开申请 1 件" in found[0].message and "没有表三" in found[0].message


def test_a_blank_table_cell_is_left_to_the_cell_rule(reports):
    report = reports.consistent(narrative={"applications_received": 2})
    report.table3["new_received"]["total"] = None
    assert _run(text_matches_tables, report) == []


#


def test_a_title_year_that_differs_from_the_statistics_period_is_an_error(reports):
    report = reports.consistent(title="盐池县高沙窝镇2022年政府信息公开工作年度报告")
    found = _run(consistent_year, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [("X-2", Severity.ERROR, "year")]
    assert "2022" in found[0].message and "2023" in found[0].message


def test_a_period_ending_in_another_year_is_an_error(reports):
    text = "本报告统计期限自 2023 年 1 月 1 日起至 2022 年 12 月 31 日止。"
    found = _run(consistent_year, reports.consistent(full_text=text))
    assert [f.evidence["years"] for f in found] == [
        {"标题": 2023, "统计期限起": 2023, "统计期限止": 2022}
    ]


def test_a_mistyped_year_is_an_error_at_its_line(reports):
    report = reports.consistent(full_text="第一行\n202020年，我镇继续推进政务公开。")
    found = _run(consistent_year, report)
    assert [(f.rule, f.location) for f in found] == [("X-2", "text:line 2")]
    assert "202020年" in found[0].message


def test_a_narrative_written_about_another_year_is_an_error(reports):
    texts = {
        k: v.replace("2023", "2022").replace("2024", "2023")
        for k, v in reports.consistent().texts.items()
    }
    texts["problems"] = "一是公开内容不够具体。"
    found = _run(consistent_year, reports.consistent(texts=texts))
    assert [(f.rule, f.location) for f in found] == [("X-2", "text")]
    assert "2022" in found[0].message


def test_full_width_digits_in_the_period_are_read(reports):
    text = "本报告统计数据从２０２３年１月１日至１２月３１日。"
    assert _run(consistent_year, reports.consistent(full_text=text)) == []


#

SEED_003 = (
    "公开发放各类救助救济资金共计 1619 人 504.8 万元，其中：公开全镇 2020 年享受低保人员 921 人，审核发放低保资金 410 万元；"
    "公开全镇 2020 年享受高龄低收入老年人基本生活津贴人员 190 人，审核发放高龄津贴 77.38 万元；公开全镇 2020 年特困人员 35 人，"
    "审核发放特困供养补贴资金 30.9 万元；公开为 430 名困难群众发放临时救助资金 53.65 万元。"
)


def test_parts_that_exceed_their_stated_total_are_a_warning_with_the_numbers(reports):
    found = _run(totals_cover_parts, reports.consistent(full_text="标题\n" + SEED_003))
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("X-3", Severity.WARNING, "text:line 2")
    ]
    assert "504.8 万元" in found[0].message
    assert "410 + 77.38 + 30.9 + 53.65 = 571.93 万元" in found[0].message
    assert found[0].evidence["sum"] == 571.93


@pytest.mark.parametrize(
    "text",
    [
        "共收到申请 10 件，其中予以公开 3 件，部分公开 2 件。",  # parts need not list everything
        "共发布信息 100 条，其中网站 60 篇，微信 50 篇。",  # other unit
        "共计 10 件，其中 8 件。",  # a single part
        "行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
        "行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。",  # the next total is not a part
        "共投入 10 万元，其中 A 项目 6 万元（其中设备 5 万元），B 项目 4 万元。",  # parts of a part
        "2023 年，其中 5 件、6 件。",  # no total
        "收到申请 4 件，其中自然人 3 件、商业企业 1 件；已办结 3 件，结转 1 件。",  # a semicolon ends the list
        "收到申请 4 件，其中自然人 3 件、商业企业 1 件，已办结 3 件。",  # a new statement ends it too
    ],
)
def test_parts_within_their_total_are_fine(reports, text):
    assert _run(totals_cover_parts, reports.consistent(full_text=text)) == []


def test_a_total_right_before_its_parts_counts_as_the_total(reports):
    text = "发布信息 100 条，其中网站 60 条，微信 50 条。"
    assert [
        f.evidence["sum"] for f in _run(totals_cover_parts, reports.consistent(full_text=text))
    ] == [110]


#


def test_a_department_report_published_after_31_january_is_a_warning(reports):
    report = reports.consistent(agency="盐池县教育局", publication_date=dt.date(2024, 2, 5))
    found = _run(published_in_time, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("X-4", Severity.WARNING, "publication_date")
    ]
    assert "2024年2月5日" in found[0].message and "2024年1月31日" in found[0].message
    assert found[0].evidence["days_late"] == 5


def test_a_government_has_until_31_march(reports):
    report = reports.consistent(agency="淮安市人民政府", publication_date=dt.date(2024, 3, 31))
    assert _run(published_in_time, report) == []
    report.publication_date = dt.date(2024, 4, 1)
    assert [f.evidence["deadline"] for f in _run(published_in_time, report)] == ["2024-03-31"]


def test_a_township_is_judged_only_by_a_local_deadline(reports):
    report = reports.consistent(publication_date=dt.date(2024, 3, 5))
    assert _run(published_in_time, report) == []
    found = _run(published_in_time, report, settings=CheckSettings(township_deadline=(2, 28)))
    assert [f.evidence["deadline"] for f in found] == ["2024-02-28"]


def test_no_date_no_deadline(reports):
    assert (
        _run(published_in_time, reports.consistent(agency="盐池县教育局", publication_date=None))
        == []
    )


#


def test_citing_the_2019_format_over_2021_tables_is_a_warning(reports):
    report = reports.consistent(preface="根据（国办公开办函〔2019〕60号）要求，现发布本报告。")
    found = _run(cited_format_matches_tables, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("X-5", Severity.WARNING, "preface")
    ]
    assert "60号" in found[0].message and "30号" in found[0].message


def test_citing_the_2021_format_over_2019_tables_is_a_warning(reports):
    report = reports.v2019(preface="根据（国办公开办函〔2021〕30 号）要求")
    assert [f.rule for f in _run(cited_format_matches_tables, report)] == ["X-5"]


def test_a_citation_at_the_start_of_the_overview_counts_when_there_is_no_preface(reports):
    texts = dict(
        reports.consistent().texts, overview="本年度报告根据（国办公开办函〔2019〕60 号）要求编制。"
    )
    assert [
        f.rule
        for f in _run(cited_format_matches_tables, reports.consistent(preface="", texts=texts))
    ] == ["X-5"]


def test_the_right_citation_or_none_is_fine(reports):
    assert _run(cited_format_matches_tables, reports.consistent()) == []
    assert _run(cited_format_matches_tables, reports.consistent(preface="现发布本报告。")) == []


#

LONG = (
    "我镇严格贯彻落实《中华人民共和国政府信息公开条例》，紧紧围绕增加工作的透明度，规范政务公开内容，"
    "突出政务公开重点，提高政务公开水平，不断深化政府信息公开工作，公开的政府信息由各办负责、分管领导严格把关。"
)


def test_a_narrative_copied_from_last_year_is_an_info_naming_the_section(reports):
    report = reports.consistent(texts={"overview": "2023 年，" + LONG})
    previous = reports.consistent(year=2022, texts={"overview": "2022 年，" + LONG})
    found = _run(narrative_not_copied, report, previous)
    assert [(f.rule, f.severity, f.location) for f in found] == [("X-6", Severity.INFO, "text")]
    assert "一、总体情况" in found[0].message and "100%" in found[0].message


def test_a_rewritten_narrative_is_fine(reports):
    previous = reports.consistent(year=2022, texts={"overview": LONG})
    report = reports.consistent(
        texts={
            "overview": "本年度我镇围绕乡村振兴，新建村务公开栏九处，开展政策解读十二次，群众满意度明显提升，"
            "并针对上年度考核中发现的栏目更新不及时问题逐项整改。"
        }
    )
    assert _run(narrative_not_copied, report, previous) == []


def test_short_sections_that_are_the_same_every_year_are_fine(reports):
    report = reports.consistent(texts={"other_matters": "无。"})
    assert (
        _run(
            narrative_not_copied,
            report,
            reports.consistent(year=2022, texts={"other_matters": "无。"}),
        )
        == []
    )


def test_no_previous_report_no_comparison(reports):
    assert _run(narrative_not_copied, reports.consistent()) == []
