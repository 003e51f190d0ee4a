"""S-1, S-2, F-1 … F-4: sections and table formats."""

from gongkai.annualreport.checks import CheckContext, run_checks
from gongkai.annualreport.checks.structure import (
    extra_labels,
    format_fits_year,
    label_variants,
    missing_sections,
    mixed_formats,
    section_order_and_titles,
)
from gongkai.annualreport.formats import OTHER_SUBROWS, TABLE3_COLUMNS
from gongkai.annualreport.model import LabelVariant, Severity

STRUCTURE_RULES = {"S-1", "S-2", "F-1", "F-2", "F-3", "F-4"}


def _run(rule, report):
    return list(rule(CheckContext(report)))


def test_a_complete_report_in_the_right_format_has_no_structure_findings(reports):
    assert [f for f in run_checks(reports.consistent()) if f.rule in STRUCTURE_RULES] == []


def test_a_complete_2020_report_in_the_2019_format_has_no_structure_findings(reports):
    assert [f for f in run_checks(reports.v2019()) if f.rule in STRUCTURE_RULES] == []


# S-1


def test_each_missing_section_is_one_error_naming_the_section(reports):
    report = reports.consistent()
    report.sections["applications"] = False
    report.sections["review_litigation"] = False
    found = _run(missing_sections, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("S-1", Severity.ERROR, "section.applications"),
        ("S-1", Severity.ERROR, "section.review_litigation"),
    ]
    assert "三、收到和处理政府信息公开申请情况" in found[0].message
    assert "四、政府信息公开行政复议、行政诉讼情况" in found[1].message


def test_a_report_without_any_recognised_section_misses_all_six(reports):
    assert len(_run(missing_sections, reports.consistent(sections={}))) == 6


# S-2


def test_sections_out_of_order_are_a_warning(reports):
    order = [
        "overview",
        "proactive",
        "review_litigation",
        "applications",
        "problems",
        "other_matters",
    ]
    found = _run(section_order_and_titles, reports.consistent(section_order=order))
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("S-2", Severity.WARNING, "section.order")
    ]
    assert "一、二、四、三、五、六" in found[0].message


def test_a_title_in_other_words_is_a_warning_with_both_titles(reports):
    report = reports.consistent()
    report.section_titles["review_litigation"] = (
        "四、因政府信息公开工作被申请复议、提起行政诉讼情况"
    )
    report.section_titles["overview"] = "一、总体工作情况"
    found = _run(section_order_and_titles, report)
    assert [f.location for f in found] == ["section.overview", "section.review_litigation"]
    assert "「一、总体工作情况」" in found[0].message and "「一、总体情况」" in found[0].message


def test_spaces_markdown_and_bracket_width_in_a_title_are_not_a_difference(reports):
    report = reports.consistent()
    report.section_titles["overview"] = "## 一、 总体情况"
    report.section_titles["problems"] = "五、存在的主要问题及改进情况："
    assert _run(section_order_and_titles, report) == []


# F-1


def test_2019_tables_in_a_2023_report_are_an_error(reports):
    found = _run(format_fits_year, reports.consistent(format="v2019"))
    assert [(f.rule, f.severity, f.location) for f in found] == [("F-1", Severity.ERROR, "format")]
    assert "2023" in found[0].message and "30号" in found[0].message and "60号" in found[0].message


def test_2021_tables_in_a_2020_report_are_an_error(reports):
    assert [f.rule for f in _run(format_fits_year, reports.v2019(format="v2021"))] == ["F-1"]


def test_2019_tables_in_a_2020_report_are_right(reports):
    assert _run(format_fits_year, reports.v2019()) == []


def test_the_format_is_not_judged_without_a_year_or_a_format(reports):
    assert _run(format_fits_year, reports.consistent(year=None)) == []
    assert _run(format_fits_year, reports.consistent(format=None, formats_seen={})) == []


# F-2


def test_tables_in_different_formats_are_a_warning(reports):
    found = _run(
        mixed_formats, reports.consistent(formats_seen={"table2": "v2019", "table3": "v2021"})
    )
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("F-2", Severity.WARNING, "format")
    ]
    assert "表二" in found[0].message and "表三" in found[0].message


def _single_other(reports):
    report = reports.consistent(
        table3_single_other=True, formats_seen={"table2": "v2021", "table3": "v2019"}
    )
    for row in OTHER_SUBROWS:
        report.table3[row] = {col: None for col in TABLE3_COLUMNS}
    report.table3["other"] = {col: 0 for col in TABLE3_COLUMNS}
    return report


def test_a_single_other_row_in_a_2021_report_is_one_warning(reports):
    found = _run(mixed_formats, _single_other(reports))
    assert [(f.rule, f.location) for f in found] == [("F-2", "table3.other")]
    assert "（六）其他处理" in found[0].message and "三行" in found[0].message


def test_a_2019_report_with_its_single_other_row_is_not_mixed(reports):
    assert _run(mixed_formats, reports.v2019()) == []


# F-3


def test_each_label_variant_is_one_info_naming_both_labels(reports):
    report = reports.consistent(
        label_variants=[
            LabelVariant("table2.column.in_force", "现有有效件数", "现行有效件数"),
            LabelVariant("table3.column.public_interest", "社会组织", "社会公益组织"),
        ]
    )
    found = _run(label_variants, report)
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("F-3", Severity.INFO, "table2.column.in_force"),
        ("F-3", Severity.INFO, "table3.column.public_interest"),
    ]
    assert found[0].message == "表二「现有有效件数」应为「现行有效件数」"
    assert found[1].message == "表三「社会组织」应为「社会公益组织」"


# F-4


def test_a_row_the_format_does_not_have_is_a_warning(reports):
    found = _run(extra_labels, reports.consistent(extra_labels=[("table3", "小计")]))
    assert [(f.rule, f.severity, f.location) for f in found] == [
        ("F-4", Severity.WARNING, "table3.extra.小计")
    ]
    assert "表三" in found[0].message and "小计" in found[0].message
