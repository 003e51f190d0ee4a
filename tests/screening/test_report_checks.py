"""The C rules inside ``gongkai report check`` (gongkai/annualreport/checks/content.py)."""

from pathlib import Path

import pytest

from gongkai.annualreport.model import Severity
from gongkai.annualreport.pipeline import check_bytes

REPORT = """某某县某某镇2024年政府信息公开工作年度报告

一、总体情况
2024年，某某镇认真贯彻《中华人民共和国政府信息公开条例》，主动公开政府信息86条。
二、主动公开政府信息情况
本镇通过政府网站和公开栏主动公开信息。
三、收到和处理政府信息公开申请情况
本年度未收到政府信息公开申请。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生行政复议、行政诉讼。
五、存在的主要问题及改进情况
虽然取得了一些成绩，但仍存在一些问题 and 不足，主要是队伍不稳定。
六、其他需要报告的事项
本年度未收取信息处理费。咨询电话：13812345678。
"""


def _c_findings(text: str):
    report = check_bytes(text.encode("utf-8"), "fixture.txt")
    return [f for f in report.findings if f.rule.startswith("C-")]


def test_stray_english_word_is_c1_in_its_section():
    (finding,) = _c_findings(REPORT)
    assert (finding.rule, finding.severity, finding.location) == (
        "C-1",
        Severity.WARNING,
        "section.problems",
    )
    assert "and" in finding.message and "问题【 and 】不足" in finding.message
    assert finding.evidence["text"] == " and "


def test_personal_data_in_a_report_is_an_error_but_the_offices_contact_is_not():
    text = REPORT.replace("主要是队伍不稳定。", "申请人王某（身份证号11010519491231002X）。")
    found = _c_findings(text)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("C-1", Severity.WARNING, "section.problems"),
        ("C-3", Severity.ERROR, "section.problems"),
    ]


SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_b061190a9322fb59.txt"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不在仓库旁边")
def test_seed_000_reports_the_stray_english_word():
    from gongkai.annualreport.pipeline import check_path

    report = check_path(SEED)
    c1 = [
        f for f in report.findings if f.rule == "C-1" and f.evidence.get("kind") == "english_word"
    ]
    assert [f.location for f in c1] == ["section.problems"]
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
