"""T4-1 … T4-3: table 四, 政府信息公开行政复议、行政诉讼情况."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annualreport.checks import CheckContext, run_checks
from gongkai.annualreport.checks.table4 import blocks_add_up, cells_are_counts, table_present
from gongkai.annualreport.formats import TABLE4_BLOCKS, TABLE4_COLUMNS
from gongkai.annualreport.model import Severity

T4 = {"T4-1", "T4-2", "T4-3"}


def _run(rule, report):
    return list(rule(CheckContext(report)))


def test_a_consistent_table_4_has_no_findings(reports):
    report = reports.consistent(
        table4=reports.table4({"review": [1, 2, 0, 1], "litigation_direct": [0, 0, 1, 0]})
    )
    assert [f for f in run_checks(report) if f.rule in T4] == []


# T4-1


def test_a_block_whose_total_is_not_the_sum_is_an_error_with_the_sum_written_out(reports):
    report = reports.consistent(table4=reports.table4({"review": [1, 0, 0, 1]}))
    report.table4["review"]["total"] = 3
    found = _run(blocks_add_up, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("T4-1", Severity.ERROR, "table4.review.total")
    ]
    assert found[0].message == (
        "表四「行政复议」：结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 1 = 2，但「总计」填写为 3，相差 1"
    )


def test_a_block_with_a_blank_cell_is_not_summed(reports):
    report = reports.consistent()
    report.table4["litigation_direct"]["pending"] = None
    report.cell_text["table4.litigation_direct.pending"] = ""
    assert sorted((f.rule, f.location) for f in run_checks(report) if f.rule in T4) == [
        ("T4-2", "table4.litigation_direct.pending")
    ]


# T4-2


def test_five_blank_review_cells_are_five_errors(reports):
    report = reports.consistent()
    for col in TABLE4_COLUMNS:
        report.table4["review"][col] = None
        report.cell_text[f"table4.review.{col}"] = ""
    found = _run(cells_are_counts, report)
    assert [f.location for f in found] == [f"table4.review.{col}" for col in TABLE4_COLUMNS]
    assert {f.severity for f in found} == {Severity.ERROR}
    assert "「行政复议」的「结果维持」空白" in found[0].message


@pytest.mark.parametrize(
    ("value", "raw", "words"),
    [
        (None, "—", "填写为“—”"),
        (None, "无", "不是数字"),
        (None, None, "未能读取到"),
        (0.5, None, "不是整数"),
        (-2, None, "负数"),
    ],
)
def test_a_cell_that_is_not_a_count_is_an_error(reports, value, raw, words):
    report = reports.consistent()
    report.table4["litigation_after_review"]["upheld"] = value
    if raw is not None:
        report.cell_text["table4.litigation_after_review.upheld"] = raw
    found = _run(cells_are_counts, report)
    assert [(f.rule, f.location) for f in found] == [
        ("T4-2", "table4.litigation_after_review.upheld")
    ]
    assert words in found[0].message and "行政诉讼 / 复议后起诉" in found[0].message


# T4-3


def test_a_missing_table_4_is_an_error(reports):
    found = _run(table_present, reports.consistent(table4=None))
    assert [(f.rule, f.severity, f.location) for f in found] == [("T4-3", Severity.ERROR, "table4")]
    assert _run(table_present, reports.consistent()) == []


# Properties

blocks = st.fixed_dictionaries(
    {block: st.lists(st.integers(0, 500), min_size=4, max_size=4) for block in TABLE4_BLOCKS}
)


@settings(max_examples=60, deadline=None)
@given(blocks)
def test_any_consistent_table_4_breaks_no_rule(reports, values):
    assert [
        f for f in run_checks(reports.consistent(table4=reports.table4(values))) if f.rule in T4
    ] == []


@settings(max_examples=60, deadline=None)
@given(
    blocks,
    st.sampled_from(list(TABLE4_BLOCKS)),
    st.sampled_from(list(TABLE4_COLUMNS)),
    st.integers(1, 9),
)
def test_one_changed_cell_is_found_in_its_block(reports, values, block, col, delta):
    report = reports.consistent(table4=reports.table4(values))
    report.table4[block][col] += delta
    found = [f for f in run_checks(report) if f.rule in T4]
    assert [(f.rule, f.location) for f in found] == [("T4-1", f"table4.{block}.total")]
    assert f"相差 {delta}" in found[0].message
