"""T3-1 … T3-6: table 三, 收到和处理政府信息公开申请情况."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annualreport.checks import CheckContext, run_checks
from gongkai.annualreport.checks.table3 import (
    applicants_add_up,
    balance_per_column,
    carried_in_matches_last_year,
    cells_are_counts,
    results_add_up,
    table_present,
)
from gongkai.annualreport.formats import (
    FORMAT_2021,
    OTHER_SUBROWS,
    TABLE3_COLUMNS,
    table3_result_rows,
)
from gongkai.annualreport.model import Severity

ARITHMETIC = {"T3-1", "T3-2", "T3-3"}
T3 = {"T3-1", "T3-2", "T3-3", "T3-4", "T3-5", "T3-6"}
RESULT_ROWS = table3_result_rows(FORMAT_2021)


def _run(rule, report, previous=None):
    return list(rule(CheckContext(report, previous)))


def _t3(findings):
    return sorted((f.rule, f.location) for f in findings if f.rule in T3)


def test_a_consistent_table_3_has_no_findings(reports):
    table = reports.table3(
        results={"granted": [3, 1, 0, 0, 0, 0], "denied_third_party": [1, 0, 0, 0, 0, 0]},
        carried_in=[1, 0, 0, 0, 0, 0],
        carried_forward=[2, 0, 0, 0, 0, 0],
    )
    report = reports.consistent(table3=table)
    previous = reports.consistent(
        year=2022, table3=reports.table3(carried_forward=[1, 0, 0, 0, 0, 0])
    )
    assert _t3(run_checks(report, previous)) == []


# T3-1


def test_a_column_that_does_not_balance_is_an_error_with_the_sums_written_out(reports):
    report = reports.consistent(table3=reports.table3(results={"granted": [2, 0, 0, 0, 0, 0]}))
    report.table3["new_received"]["natural_person"] = 3
    report.table3["new_received"]["total"] = 3
    found = _run(balance_per_column, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T3-1", Severity.ERROR, "table3.column.natural_person"),
        ("T3-1", Severity.ERROR, "table3.column.total"),
    ]
    assert found[0].message == (
        "表三「自然人」列：本年新收 3 + 上年结转 0 = 3，但办理结果总计 2 + 结转下年度 0 = 2，相差 1"
    )
    assert found[0].evidence["left"] == 3 and found[0].evidence["right"] == 2


# T3-2


def test_results_that_do_not_add_up_to_the_total_are_an_error(reports):
    report = reports.consistent(
        table3=reports.table3(
            results={"granted": [3, 0, 0, 0, 0, 0], "partially_granted": [2, 0, 0, 0, 0, 0]}
        )
    )
    report.table3["total_processed"]["natural_person"] = 4
    found = [
        f for f in _run(results_add_up, report) if f.location == "table3.column.natural_person"
    ]
    assert [(f.rule, f.severity) for f in found] == [("T3-2", Severity.ERROR)]
    assert "5（予以公开 3、部分公开 2）" in found[0].message
    assert "「（七）总计」填写为 4" in found[0].message and "相差 1" in found[0].message


def test_a_single_other_row_is_summed_instead_of_its_empty_sub_rows(reports):
    table = reports.table3(
        results={"granted": [1, 0, 0, 0, 0, 0], "other_misc": [2, 0, 0, 0, 0, 0]}
    )
    table["other"] = dict(table["other_misc"])
    for row in OTHER_SUBROWS:
        table[row] = {col: None for col in TABLE3_COLUMNS}
    report = reports.consistent(table3=table, table3_single_other=True)
    assert _t3(run_checks(report)) == []


def test_a_2019_table_sums_its_single_other_row(reports):
    table = reports.table3("v2019", results={"other": [0, 1, 0, 0, 0, 0]})
    report = reports.v2019(table3=table)
    assert _t3(run_checks(report)) == []
    table["other"]["commercial"] = 0
    table["other"]["total"] = 0
    assert [f.rule for f in _run(results_add_up, report)] == ["T3-2", "T3-2"]


# T3-3


def test_a_row_whose_total_is_not_the_sum_of_the_applicants_is_an_error(reports):
    report = reports.consistent(table3=reports.table3(results={"granted": [2, 1, 0, 0, 0, 0]}))
    report.table3["granted"]["total"] = 4
    found = _run(applicants_add_up, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T3-3", Severity.ERROR, "table3.granted.total")
    ]
    assert (
        "2 + 1 + 0 + 0 + 0 + 0 = 3" in found[0].message and "「总计」列填写为 4" in found[0].message
    )
    assert "（一）予以公开" in found[0].message


# T3-4


@pytest.mark.parametrize(
    ("value", "raw", "words"),
    [
        (None, "", "空白"),
        (None, "/", "填写为“/”"),
        (None, "无", "填写为“无”，不是数字"),
        (None, None, "未能读取到"),
        (-1, None, "为负数 -1"),
        (1.5, None, "为 1.5，不是整数"),
    ],
)
def test_a_cell_that_is_not_a_count_is_an_error_saying_what_it_holds(reports, value, raw, words):
    report = reports.consistent()
    report.table3["denied_state_secret"]["research"] = value
    if raw is not None:
        report.cell_text["table3.denied_state_secret.research"] = raw
    found = _run(cells_are_counts, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T3-4", Severity.ERROR, "table3.denied_state_secret.research")
    ]
    assert words in found[0].message
    assert (
        "（三）不予公开 1.属于国家秘密" in found[0].message and "「科研机构」" in found[0].message
    )


def test_a_blank_cell_is_reported_once_and_not_again_as_arithmetic(reports):
    report = reports.consistent()
    report.table3["granted"]["natural_person"] = None
    report.cell_text["table3.granted.natural_person"] = ""
    assert _t3(run_checks(report)) == [("T3-4", "table3.granted.natural_person")]


def test_the_empty_sub_rows_of_a_single_other_row_are_not_blanks(reports):
    report = reports.consistent(table3_single_other=True)
    for row in OTHER_SUBROWS:
        report.table3[row] = {col: None for col in TABLE3_COLUMNS}
    report.table3["other"] = {col: 0 for col in TABLE3_COLUMNS}
    assert _run(cells_are_counts, report) == []


# T3-5


def test_a_missing_table_3_is_an_error(reports):
    found = _run(table_present, reports.consistent(table3=None))
    assert [(f.rule, f.severity, f.location) for f in found] == [("T3-5", Severity.ERROR, "table3")]
    assert _run(table_present, reports.consistent()) == []


# T3-6


def test_carried_in_that_is_not_last_years_carried_forward_is_a_warning(reports):
    previous = reports.consistent(
        year=2022, table3=reports.table3(carried_forward=[2, 0, 0, 0, 0, 0])
    )
    report = reports.consistent(
        table3=reports.table3(carried_in=[1, 0, 0, 0, 0, 0], carried_forward=[1, 0, 0, 0, 0, 0])
    )
    found = _run(carried_in_matches_last_year, report, previous)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T3-6", Severity.WARNING, "table3.carried_in.natural_person"),
        ("T3-6", Severity.WARNING, "table3.carried_in.total"),
    ]
    assert "为 1" in found[0].message and "为 2" in found[0].message


def test_carried_in_is_not_judged_without_last_years_report_or_for_another_year(reports):
    report = reports.consistent(
        table3=reports.table3(carried_in=[1, 0, 0, 0, 0, 0], carried_forward=[1, 0, 0, 0, 0, 0])
    )
    assert _run(carried_in_matches_last_year, report) == []
    assert _run(carried_in_matches_last_year, report, reports.consistent(year=2021)) == []


# Properties: a consistent table is silent; one changed cell is found where it was changed.

counts = st.integers(min_value=0, max_value=50)
six = st.lists(counts, min_size=6, max_size=6)


@st.composite
def consistent_tables(draw):
    results = {row: draw(six) for row in draw(st.sets(st.sampled_from(RESULT_ROWS), max_size=6))}
    carried_forward = draw(six)
    processed = [sum(results.get(r, [0] * 6)[i] for r in RESULT_ROWS) for i in range(6)]
    carried_in = [draw(st.integers(0, processed[i] + carried_forward[i])) for i in range(6)]
    return results, carried_in, carried_forward


@settings(max_examples=60, deadline=None)
@given(consistent_tables())
def test_any_consistent_table_3_breaks_no_arithmetic_rule(reports, drawn):
    results, carried_in, carried_forward = drawn
    report = reports.consistent(
        table3=reports.table3(
            results=results, carried_in=carried_in, carried_forward=carried_forward
        )
    )
    assert [f for f in run_checks(report) if f.rule in ARITHMETIC] == []


def _expected(row, col):
    """The rules and locations one changed cell must trigger."""
    expected = {("T3-3", f"table3.{row}.total")}
    if row in ("new_received", "carried_in", "carried_forward", "total_processed"):
        expected.add(("T3-1", f"table3.column.{col}"))
    if row in RESULT_ROWS or row == "total_processed":
        expected.add(("T3-2", f"table3.column.{col}"))
    return expected


@settings(max_examples=80, deadline=None)
@given(
    consistent_tables(),
    st.sampled_from(list(FORMAT_2021.table3_rows)),
    st.sampled_from(list(TABLE3_COLUMNS)),
    st.integers(min_value=1, max_value=9),
)
def test_one_changed_cell_is_found_by_the_right_rules_at_the_right_place(
    reports, drawn, row, col, delta
):
    results, carried_in, carried_forward = drawn
    report = reports.consistent(
        table3=reports.table3(
            results=results, carried_in=carried_in, carried_forward=carried_forward
        )
    )
    report.table3[row][col] += delta
    found = {(f.rule, f.location) for f in run_checks(report) if f.rule in ARITHMETIC}
    assert found == _expected(row, col)
    assert all(f"相差 {delta}" in f.message for f in run_checks(report) if f.rule in ARITHMETIC)
