"""T2-1 … T2-4: table 二, 主动公开政府信息情况."""

import pytest

from gongkai.annualreport.checks import CheckContext, run_checks
from gongkai.annualreport.checks.table2 import (
    cells_are_numbers,
    fee_amount_in_yuan,
    in_force_carried_on,
    regulations_by_a_body_that_cannot_make_them,
)
from gongkai.annualreport.model import Severity

T2 = {"T2-1", "T2-2", "T2-3", "T2-4"}


def _run(rule, report, previous=None):
    return list(rule(CheckContext(report, previous)))


def test_a_consistent_table_2_has_no_findings(reports):
    assert [
        f for f in run_checks(reports.consistent(), reports.consistent(year=2022)) if f.rule in T2
    ] == []


# T2-1


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "空白"),
        ("/", "填写为“/”"),
        ("—", "填写为“—”"),
        ("无", "填写为“无”，不是数字"),
        (None, "未能读取到"),
    ],
)
def test_a_cell_without_a_number_is_an_error_saying_what_it_holds(reports, raw, words):
    report = reports.consistent()
    report.table2["penalty"]["decisions"] = None
    if raw is not None:
        report.cell_text["table2.penalty.decisions"] = raw
    found = _run(cells_are_numbers, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T2-1", Severity.ERROR, "table2.penalty.decisions")
    ]
    assert "「行政处罚」" in found[0].message and "「本年处理决定数量」" in found[0].message
    assert words in found[0].message


def test_an_absent_table_2_has_no_cell_findings(reports):
    assert _run(cells_are_numbers, reports.consistent(table2=None)) == []


# T2-2


@pytest.mark.parametrize(
    "agency", ["盐池县高沙窝镇", "盐池县人民政府", "盐池县教育局", "兴庆区市场监督管理局"]
)
def test_regulations_reported_by_a_body_that_cannot_make_them_are_a_warning(reports, agency):
    report = reports.consistent(agency=agency)
    report.table2["regulations"].update(issued=2, in_force=5)
    found = _run(regulations_by_a_body_that_cannot_make_them, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T2-2", Severity.WARNING, "table2.regulations")
    ]
    assert "「本年制发件数」2" in found[0].message and "「现行有效件数」5" in found[0].message
    assert agency in found[0].message


@pytest.mark.parametrize("agency", ["淮安市人民政府", "江苏省人民政府", "某某单位"])
def test_regulations_of_a_city_a_province_or_an_unknown_body_are_not_judged(reports, agency):
    report = reports.consistent(agency=agency)
    report.table2["regulations"].update(issued=2, in_force=5)
    assert _run(regulations_by_a_body_that_cannot_make_them, report) == []


# T2-3


def test_a_fee_written_in_yuan_is_a_warning_with_the_amount_in_wan_yuan(reports):
    report = reports.consistent(agency="淮安市人民政府")
    report.table2["admin_fees"]["amount_wan_yuan"] = 251000
    report.cell_text["table2.admin_fees.amount_wan_yuan"] = "251000元"
    found = _run(fee_amount_in_yuan, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T2-3", Severity.WARNING, "table2.admin_fees.amount_wan_yuan")
    ]
    assert "251000元" in found[0].message and "25.1" in found[0].message


def test_a_fee_too_large_for_a_township_is_a_warning(reports):
    report = reports.consistent()
    report.table2["admin_fees"]["amount_wan_yuan"] = 5000
    found = _run(fee_amount_in_yuan, report)
    assert [f.rule for f in found] == ["T2-3"]
    assert "5000 万元" in found[0].message and "0.5 万元" in found[0].message


def test_a_large_fee_of_a_city_is_not_a_warning(reports):
    report = reports.consistent(agency="淮安市人民政府", year=2024)
    report.table2["admin_fees"]["amount_wan_yuan"] = 96171.6
    assert _run(fee_amount_in_yuan, report) == []


def test_a_small_fee_of_a_township_in_wan_yuan_is_fine(reports):
    report = reports.consistent()
    report.table2["admin_fees"]["amount_wan_yuan"] = 12.5
    assert _run(fee_amount_in_yuan, report) == []


def test_the_fee_bound_is_a_setting(reports):
    from gongkai.annualreport.checks import CheckSettings

    report = reports.consistent()
    report.table2["admin_fees"]["amount_wan_yuan"] = 500
    ctx = CheckContext(report, None, CheckSettings(fee_limits_wan_yuan={"township": 100}))
    assert [f.rule for f in fee_amount_in_yuan(ctx)] == ["T2-3"]


def test_a_2019_table_has_no_fee_amount_to_judge(reports):
    assert _run(fee_amount_in_yuan, reports.v2019()) == []


# T2-4


def _with_documents(reports, year, issued, repealed, in_force):
    report = reports.consistent(year=year)
    report.table2["normative_documents"].update(issued=issued, repealed=repealed, in_force=in_force)
    return report


def test_documents_in_force_that_do_not_carry_on_from_last_year_are_a_warning(reports):
    previous = _with_documents(reports, 2022, 3, 0, 10)
    report = _with_documents(reports, 2023, 4, 1, 15)  # 10 + 4 - 1 = 13
    found = _run(in_force_carried_on, report, previous)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T2-4", Severity.WARNING, "table2.normative_documents.in_force")
    ]
    message = found[0].message
    assert (
        "上年现行有效 10 + 本年制发 4 − 本年废止 1 = 13" in message
        and "15" in message
        and "相差 2" in message
    )


def test_documents_in_force_that_carry_on_are_fine(reports):
    previous = _with_documents(reports, 2022, 3, 0, 10)
    assert _run(in_force_carried_on, _with_documents(reports, 2023, 4, 1, 13), previous) == []


def test_in_force_is_not_judged_without_last_years_report_or_across_formats_or_years(reports):
    report = _with_documents(reports, 2023, 4, 1, 15)
    assert _run(in_force_carried_on, report) == []
    assert _run(in_force_carried_on, report, reports.v2019(year=2022)) == []
    assert _run(in_force_carried_on, report, _with_documents(reports, 2020, 3, 0, 10)) == []


def test_an_unknown_cell_skips_the_carry_on_sum(reports):
    previous = _with_documents(reports, 2022, 3, 0, None)
    assert _run(in_force_carried_on, _with_documents(reports, 2023, 4, 1, 15), previous) == []
