"""The plain-Python core: table 二 from document records, live values, the JSON snapshot."""

import datetime as dt

from gongkai.yearreports.compile import (
    DocumentRecord,
    Facts,
    compile_report,
    document_cells,
    figures,
    report_from_dict,
    report_to_dict,
    resolve,
)

D = dt.date


def reg(written, ended=None, first=None):
    return DocumentRecord("regulation", written, None, first or written, ended)


def test_regulations_by_hand_for_a_county_government():
    docs = [reg(D(2020, 5, 1)), reg(D(2024, 1, 1), ended=D(2024, 12, 31)), reg(D(2024, 3, 3)),
            reg(D(2025, 1, 1))]  # fmt: skip
    cells = document_cells(docs, 2024, "v2021")
    assert cells["regulations"] == {"issued": 2, "repealed": 1, "in_force": 2}
    assert cells["normative_documents"] == {"issued": 0, "repealed": 0, "in_force": 0}


def test_the_2019_columns_count_made_published_and_all_published():
    docs = [
        DocumentRecord("normative", D(2019, 12, 20), None, D(2020, 1, 6)),
        DocumentRecord("normative", D(2020, 2, 2), None, D(2020, 2, 9)),
        DocumentRecord("normative", D(2018, 2, 2), None, D(2018, 2, 9), D(2020, 3, 1)),
    ]
    cells = document_cells(docs, 2020, "v2019")
    assert cells["normative_documents"] == {
        "newly_made": 1,
        "newly_published": 2,
        "total_published": 3,
    }


def test_a_document_without_dates_of_its_own_counts_by_first_publication():
    doc = DocumentRecord("normative", None, None, D(2026, 8, 8))
    assert document_cells([doc], 2026, "v2021")["normative_documents"]["issued"] == 1


def test_unknown_placeholders_are_named_with_their_section_and_left_as_written():
    facts = Facts(agency="青石镇人民政府", year=2026)
    report = compile_report(facts, {}).report
    menu = {f.name: f for f in figures(facts, report)}
    texts, unknown = resolve({"overview": "{{年度}}年，{{ 机构 }}。{{没有这个}}"}, menu)
    assert texts["overview"] == "2026年，青石镇人民政府。{{没有这个}}"
    (u,) = unknown
    assert (u.name, u.section) == ("没有这个", "overview")
    assert "「一、总体情况」" in u.finding().message


def test_a_blank_figure_shows_as_not_entered_never_as_zero():
    facts = Facts(agency="青石镇人民政府", year=2026)
    result = compile_report(facts, {"proactive": "许可{{表二.行政许可.本年处理决定}}件。"})
    assert result.report.texts["proactive"] == "许可（未填报）件。"


def test_the_snapshot_gives_back_the_same_report():
    facts = Facts(agency="青石镇人民政府", year=2026, entered={"table2.licensing.decisions": 3})
    report = compile_report(
        facts, {"overview": "{{年度}}年。"}, publication_date=D(2027, 1, 20)
    ).report
    back = report_from_dict(report_to_dict(report))
    assert back.to_dict() == report.to_dict()
    assert back.findings == report.findings
    assert back.preface == report.preface
