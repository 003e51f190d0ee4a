"""run_checks as a whole (checks/__init__.py): the seed reports, agency kinds, messages, speed."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from gongkai.annualreport.checks import AgencyKind, CheckSettings, agency_kind, run_checks
from gongkai.annualreport.formats import OTHER_SUBROWS, TABLE3_COLUMNS
from gongkai.annualreport.model import LabelVariant, Report, Severity
from gongkai.annualreport.narrative import read_figures

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds（真实年报）不在仓库旁边"
)

# What the extractor notices in each seed; the checks only turn it into findings.
SEED_VARIANTS = {
    "000": [
        LabelVariant("table2.column.in_force", "现有有效件数", "现行有效件数"),
        LabelVariant("table3.column.public_interest", "社会组织", "社会公益组织"),
    ],
    "003": [LabelVariant("table3.column.public_interest", "社会组织", "社会公益组织")],
    "004": [LabelVariant("table2.normative_documents", "规范性文件", "行政规范性文件")],
}


def seed_report(prefix: str) -> Report:
    """A report as the extractor fills it, from a seed's expected values and its text."""
    (text_path,) = SEEDS.glob(f"{prefix}_*.txt")
    expected = json.loads(
        (SEEDS / "expected" / f"{text_path.stem}.json").read_text(encoding="utf-8")
    )
    text = text_path.read_text(encoding="utf-8")
    report = Report(
        source=expected["source"],
        format=expected["format"],
        year=expected["year"],
        agency=expected["agency"],
        sections=expected["sections"],
        table2=expected["table2"],
        table3=expected["table3"],
        table4=expected["table4"],
        full_text=text,
        narrative=read_figures(text),
        label_variants=SEED_VARIANTS.get(prefix, []),
        formats_seen={t: expected["format"] for t in ("table2", "table3") if expected[t]},
    )
    for table in ("table2", "table3", "table4"):
        for row, cols in (expected[table] or {}).items():
            for col, value in cols.items():
                if value is None:
                    report.cell_text[f"{table}.{row}.{col}"] = ""
    if report.table3 and "other" in report.table3 and report.format == "v2021":
        report.table3_single_other = True
        report.formats_seen["table3"] = "v2019"
        for row in OTHER_SUBROWS:
            for col in TABLE3_COLUMNS:
                report.cell_text.pop(f"table3.{row}.{col}", None)
    return report


def _rules(findings):
    return [f.rule for f in findings]


@needs_seeds
def test_seed_000_has_no_error_and_reports_both_label_variants():
    findings = run_checks(seed_report("000"))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    messages = [f.message for f in findings if f.rule == "F-3"]
    assert any("现有有效件数" in m for m in messages) and any("社会组织" in m for m in messages)


@needs_seeds
def test_seed_001_misses_sections_3_and_4_their_tables_and_the_count_in_its_text():
    findings = run_checks(seed_report("001"))
    assert sorted(f.location for f in findings if f.rule == "S-1") == [
        "section.applications",
        "section.review_litigation",
    ]
    assert {"T3-5", "T4-3"} <= set(_rules(findings))
    x1 = [f for f in findings if f.rule == "X-1" and f.location == "table3"]
    assert len(x1) == 1 and "1 件" in x1[0].message


@needs_seeds
def test_seed_002_has_no_error():
    assert [f for f in run_checks(seed_report("002")) if f.severity is Severity.ERROR] == []


@needs_seeds
def test_seed_003_has_blank_review_cells_and_parts_over_their_total_but_the_right_format():
    findings = run_checks(seed_report("003"))
    assert sorted(f.location for f in findings if f.rule == "T4-2") == sorted(
        f"table4.review.{c}" for c in ("upheld", "corrected", "other_result", "pending", "total")
    )
    x3 = [f for f in findings if f.rule == "X-3"]
    assert len(x3) == 1 and "571.93" in x3[0].message and "504.8" in x3[0].message
    assert "F-1" not in _rules(findings)


@needs_seeds
def test_seed_004_mixes_formats_and_has_a_label_variant_but_its_zeros_add_up():
    findings = run_checks(seed_report("004"))
    assert "F-2" in _rules(findings)
    assert any("规范性文件" in f.message for f in findings if f.rule == "F-3")
    assert not {"T3-1", "T3-2", "T3-3", "T3-4"} & set(_rules(findings))


def test_messages_use_chinese_labels_never_the_english_keys(reports):
    report = reports.consistent(
        format="v2019",
        agency="盐池县教育局",
        publication_date=dt.date(2024, 6, 1),
        sections={},
        narrative={"applications_received": 9, "review_litigation": 4},
        extra_labels=[("table3", "小计")],
        label_variants=[LabelVariant("table2.column.in_force", "现有有效件数", "现行有效件数")],
    )
    report.table2["regulations"]["issued"] = 1
    report.table2["penalty"]["decisions"] = None
    report.table3["granted"]["natural_person"] = 5
    report.table3["denied_third_party"]["total"] = -1
    report.table4["review"]["total"] = 2
    findings = run_checks(report, reports.consistent(year=2022))
    assert len({f.rule for f in findings}) >= 12
    for f in findings:
        assert not re.search(r"[a-z]+_[a-z]+", f.message), f.message
        assert re.search(r"[\u4e00-\u9fff]", f.message)


def test_findings_carry_rule_severity_location_message_and_evidence(reports):
    report = reports.consistent()
    report.table4["review"]["total"] = 2
    findings = run_checks(report)
    assert _rules(findings) == ["T4-1", "X-1"]  # the text says 没有复议、诉讼
    finding = findings[0]
    assert finding.to_dict() == {
        "rule": "T4-1",
        "severity": "error",
        "location": "table4.review.total",
        "message": finding.message,
        "evidence": {
            "block": "review",
            "sum": 0,
            "total": 2,
            "parts": {"upheld": 0, "corrected": 0, "other_result": 0, "pending": 0},
        },
    }


def test_settings_are_optional_and_passed_through(reports):
    report = reports.consistent(publication_date=dt.date(2024, 5, 1))
    assert run_checks(report) == []
    assert _rules(run_checks(report, None, CheckSettings(township_deadline=(3, 31)))) == ["X-4"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("盐池县高沙窝镇", AgencyKind.TOWNSHIP),
        ("银川市兴庆区掌政镇", AgencyKind.TOWNSHIP),
        ("柔远镇人民政府", AgencyKind.TOWNSHIP),
        ("红崖子沟乡", AgencyKind.TOWNSHIP),
        ("朝阳区建外街道办事处", AgencyKind.TOWNSHIP),
        ("盐池县人民政府", AgencyKind.COUNTY_GOV),
        ("兴庆区人民政府", AgencyKind.COUNTY_GOV),
        ("苏州市昆山市人民政府", AgencyKind.COUNTY_GOV),
        ("盐池县教育局", AgencyKind.COUNTY_DEPT),
        ("盐池县市场监督管理局", AgencyKind.COUNTY_DEPT),
        ("盐池县人民政府办公室", AgencyKind.COUNTY_DEPT),
        ("淮安市人民政府", AgencyKind.CITY_GOV),
        ("郑州市人民政府", AgencyKind.CITY_GOV),
        ("淮安市财政局", AgencyKind.CITY_DEPT),
        ("宁夏回族自治区人民政府", AgencyKind.PROVINCE_GOV),
        ("北京市人民政府", AgencyKind.PROVINCE_GOV),
        ("江苏省发展和改革委员会", AgencyKind.PROVINCE_DEPT),
        ("某某单位", AgencyKind.UNKNOWN),
        (None, AgencyKind.UNKNOWN),
    ],
)
def test_the_kind_of_body_is_read_from_its_name(name, kind):
    assert agency_kind(name) is kind
