"""The county summary: the cells of the agencies' reports summed, blanks handled as the
module says, and the engine's table checks re-run on the sums."""

from __future__ import annotations

from gongkai.annualreport import charts
from gongkai.annualreport.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from gongkai.annualreport.model import Report, report_from_dict
from gongkai.annualreport.summary import Part, cell_locations, check_tables, sum_reports


def township(name: str, received: int, granted: int, *, fee: float = 0.0) -> Report:
    """A balanced v2021 report: ``received`` new natural-person applications, ``granted``
    of them granted, the rest 无法提供（不掌握）; one 行政复议 upheld."""
    t2 = {row: dict.fromkeys(cols, 0) for row, cols in FORMAT_2021.table2_rows.items()}
    t2["normative_documents"] = {"issued": 1, "repealed": 0, "in_force": 4}
    t2["admin_fees"] = {"amount_wan_yuan": fee}
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in FORMAT_2021.table3_rows}
    for row, n in (
        ("new_received", received),
        ("granted", granted),
        ("unable_not_held", received - granted),
        ("total_processed", received),
    ):
        t3[row].update(natural_person=n, total=n)
    t4 = {block: dict.fromkeys(TABLE4_COLUMNS, 0) for block in TABLE4_BLOCKS}
    t4["review"].update(upheld=1, total=1)
    return Report(
        source=name, format=V2021, year=2025, agency=name, table2=t2, table3=t3, table4=t4
    )


def test_every_cell_of_the_summary_is_the_sum_of_the_agencies():
    a, b, c = township("青石镇", 6, 4, fee=1.5), township("石桥镇", 3, 3), township("柳溪乡", 0, 0)
    summary = sum_reports(
        [Part("青石镇", a), Part("石桥镇", b), Part("柳溪乡", c)], year=2025, name="示例县"
    )
    s = summary.report
    assert s.value("table3.new_received.total") == 9
    assert s.value("table3.granted.natural_person") == 7
    assert s.value("table3.unable_not_held.total") == 2
    assert s.value("table2.normative_documents.in_force") == 12
    assert s.value("table2.admin_fees.amount_wan_yuan") == 1.5
    assert s.value("table4.review.total") == 3
    for location in cell_locations(FORMAT_2021):
        assert s.value(location) == sum(r.value(location) for r in (a, b, c)), location
    assert summary.included == ["青石镇", "石桥镇", "柳溪乡"]
    assert summary.missing == [] and summary.blanks == {}
    # Balanced reports give balanced sums: the checks find nothing.
    assert summary.findings == []


def test_an_error_in_one_agency_is_found_by_the_checks_on_the_sums():
    a, b = township("青石镇", 6, 4), township("石桥镇", 3, 3)
    b.table3["granted"]["total"] = 5  # 石桥镇 wrote 5 granted where 3 were
    summary = sum_reports([Part("青石镇", a), Part("石桥镇", b)], year=2025, name="示例县")
    assert summary.report.value("table3.granted.total") == 9
    rules = {(f.rule, f.location) for f in summary.findings}
    assert ("T3-3", "table3.granted.total") in rules  # 总计 ≠ the applicant columns
    assert any(f.rule == "T3-2" for f in summary.findings)  # results ≠ （七）总计


def test_a_cell_blank_everywhere_stays_blank_and_the_checks_say_so():
    a, b = township("青石镇", 2, 2), township("石桥镇", 1, 1)
    for r in (a, b):
        r.table4["litigation_direct"]["pending"] = None
    summary = sum_reports([Part("青石镇", a), Part("石桥镇", b)], year=2025, name="示例县")
    assert summary.report.value("table4.litigation_direct.pending") is None
    assert "table4.litigation_direct.pending" in summary.all_blank
    blank = [f for f in summary.findings if f.location == "table4.litigation_direct.pending"]
    assert [f.rule for f in blank] == ["T4-2"] and "空白" in blank[0].message


def test_a_cell_blank_in_some_agencies_sums_the_others_and_names_the_blank_ones():
    a, b, c = township("青石镇", 2, 2), township("石桥镇", 4, 1), township("柳溪乡", 1, 1)
    b.table3["granted"]["commercial"] = None
    c.table3["granted"]["commercial"] = "/"
    summary = sum_reports(
        [Part("青石镇", a), Part("石桥镇", b), Part("柳溪乡", c)], year=2025, name="示例县"
    )
    assert summary.report.value("table3.granted.commercial") == 0
    assert summary.blanks == {
        "石桥镇": ["table3.granted.commercial"],
        "柳溪乡": ["table3.granted.commercial"],
    }
    assert summary.blank_agencies("table3.granted.commercial") == ["石桥镇", "柳溪乡"]


def test_an_agency_without_a_report_is_named_and_adds_nothing():
    summary = sum_reports(
        [Part("青石镇", township("青石镇", 2, 1)), Part("桃源镇", None)], year=2025, name="示例县"
    )
    assert summary.missing == ["桃源镇"]
    assert summary.included == ["青石镇"]
    assert summary.report.value("table3.new_received.total") == 2


def test_no_report_at_all_gives_no_tables():
    summary = sum_reports([Part("桃源镇", None)], year=2025, name="示例县")
    assert summary.report.table3 is None
    assert any(f.rule == "T3-5" for f in summary.findings)


def test_a_report_of_the_other_format_adds_the_cells_both_formats_have():
    old = township("柳溪乡", 2, 2)
    old.format = V2019
    old.table2 = {row: dict.fromkeys(cols, 1) for row, cols in FORMAT_2019.table2_rows.items()}
    summary = sum_reports(
        [Part("青石镇", township("青石镇", 3, 3)), Part("柳溪乡", old)], year=2025, name="示例县"
    )
    assert summary.other_format == ["柳溪乡"]
    assert summary.report.value("table3.new_received.total") == 5
    # v2019's 规章 row has other columns: not a blank of 柳溪乡, not added either.
    assert summary.report.value("table2.regulations.issued") == 0
    assert "柳溪乡" not in summary.blanks


def test_last_years_summary_feeds_the_cross_year_rules():
    last = sum_reports([Part("青石镇", township("青石镇", 2, 1))], year=2024, name="示例县")
    this = township("青石镇", 2, 2)
    this.table3["carried_in"].update(natural_person=1, total=1)  # last year carried none
    this.table3["total_processed"].update(natural_person=3, total=3)
    this.table3["granted"].update(natural_person=3, total=3)
    summary = sum_reports([Part("青石镇", this)], year=2025, name="示例县", previous=last.report)
    assert any(f.rule == "T3-6" for f in summary.findings)


def test_a_report_survives_its_json():
    r = township("青石镇", 6, 4, fee=2.25)
    r.table3["granted"]["total"] = 5
    r.findings = check_tables(r)
    back = report_from_dict(r.to_dict())
    assert back.table3 == r.table3 and back.table2 == r.table2 and back.year == 2025
    assert back.findings == r.findings and any(f.rule == "T3-3" for f in back.findings)
    assert charts.figures(back, "outcomes")[:2] == [5, 0]
