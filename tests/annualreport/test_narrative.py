"""Figures stated in the narrative (narrative.read_figures)."""

import json
from pathlib import Path

import pytest

from gongkai.annualreport.narrative import parse_number, read_figures

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _seed_cases():
    if not SEEDS.is_dir():
        return []
    return [(p, SEEDS / "expected" / f"{p.stem}.json") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds（真实年报）不在仓库旁边")
@pytest.mark.parametrize(("text_path", "expected_path"), _seed_cases(), ids=lambda p: p.stem)
def test_the_figures_of_each_seed_report_are_read_exactly(text_path, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["narrative"]
    assert read_figures(text_path.read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        (
            "2023 年，共收到政府信息公开申请 1 件，0 件结转下年度办理。",
            {"applications_received": 1, "carried_forward": 0},
        ),
        ("2023 年本乡镇共受理依申请公开件 0 件。", {"applications_received": 0}),
        ("2023年，我镇未收到依申请公开政府信息的申请。", {"applications_received": 0}),
        (
            "本年度新收政府信息公开申请１２件，办结１０件，２件结转下年度。",
            {"applications_received": 12, "carried_forward": 2, "total_processed": 10},
        ),
        ("全年共收到申请一件。", {"applications_received": 1}),
        (
            "收到申请十二件，结转下年度继续办理 3 件。",
            {"applications_received": 12, "carried_forward": 3},
        ),
        ("全市共受理政府信息公开申请 3,119 件。", {"applications_received": 3119}),
    ],
)
def test_applications_are_read_in_the_ways_reports_write_them(text, figures):
    assert read_figures(text) == figures


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("没有因政府信息公开申请行政复议、提起行政诉讼的情况发生。", {"review_litigation": 0}),
        ("被申请行政复议、提起行政诉讼 0 件。", {"review_litigation": 0}),
        (
            "政府信息公开行政复议 351 件，其中结果维持 72 件；政府信息公开行政诉讼 46 件。",
            {"review": 351, "litigation": 46},
        ),
        ("行政复议 1 件、行政诉讼 2 件。", {"review": 1, "litigation": 2}),
        ("未发生行政复议案件，行政诉讼 3 起。", {"review": 0, "litigation": 3}),
        ("行政诉讼 3 件（未经复议直接起诉 1 件，复议后起诉 2 件）。", {"litigation": 3}),
    ],
)
def test_review_and_litigation_are_read_together_or_apart(text, figures):
    assert read_figures(text) == figures


def test_proactive_disclosure_is_read_per_channel():
    text = (
        "2020年柔远镇通过沙坡头区人民政府网站主动公开政府信息94条，其中镇政府公开发布文件55篇。"
        "通过政务微信公开政府信息175条，政务微博公开政府信息874条。"
    )
    assert read_figures(text) == {
        "proactive_items_website": 94,
        "proactive_items_wechat": 175,
        "proactive_items_weibo": 874,
    }


def test_fees_are_read_in_yuan_only_when_an_amount_is_stated():
    assert read_figures("全年收取政府信息公开信息处理费 3940 元。") == {"fees_collected_yuan": 3940}
    assert read_figures("共收取信息处理费 0.5 万元。") == {"fees_collected_yuan": 5000}
    assert read_figures("本年度没有产生政府信息公开处理费。") == {}
    assert read_figures("我镇未收取信息处理费。") == {}


@pytest.mark.parametrize(
    "text",
    [
        "根据（国办公开办函〔2021〕30号）要求，现发布本报告。",
        "本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日。",
        "按照《盐池县人民政府办公室关于印发盐池县 2023 年政务公开工作要点的通知》（盐政办发〔2023〕31 号）要求。",
        "在收到申请时，严格审核把关政府信息依申请公开内容。",
        "收到申请后一个工作日内登记，办结时限压缩至 3 个工作日，行政复议一次。",
        "累计发布、转发信息 1000 余条；发布微博 67 条、微信公众号 358 条。",
        "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉",
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "",
    ],
)
def test_years_dates_document_numbers_and_table_rows_are_not_counts(text):
    assert read_figures(text) == {}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("0", 0),
        ("12", 12),
        ("3,119", 3119),
        ("2.5", 2.5),
        ("１２", 12),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一二", None),
        ("", None),
    ],
)
def test_numbers_are_parsed_in_digits_or_chinese_numerals(written, value):
    assert parse_number(written) == value
