"""The extractor: what a report says, whatever layout its tables arrived in."""

import datetime as dt
from pathlib import Path

from gongkai.annualreport.document import Document, Paragraph, TableBlock
from gongkai.annualreport.extract import extract
from gongkai.annualreport.readers import read_path
from gongkai.annualreport.readers.text import read_text

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def read(text: str):
    return extract(read_text(text, "t.txt"))


def test_a_tab_report_broken_by_a_page_break_is_read_cell_for_cell():
    report = extract(read_path(FIXTURES / "tab_pagebreak.txt"))
    assert (report.format, report.year, report.agency) == ("v2021", 2024, "示例县石桥镇")
    assert all(report.sections.values())
    # Rows after the page break lost their leading cells; their figures still land right.
    assert report.table3["notproc_publication"]["total"] == 0
    assert report.table3["total_processed"] == {
        "natural_person": 1, "commercial": 1, "research": 0, "public_interest": 0,
        "legal_service": 0, "other_org": 0, "total": 3,
    }  # fmt: skip
    assert report.table3["carried_forward"]["natural_person"] == 1
    assert report.table2["normative_documents"] == {"issued": 2, "repealed": 1, "in_force": 5}
    assert report.table2["admin_fees"]["amount_wan_yuan"] == 1.25


def test_blank_and_dashed_cells_are_none_never_zero_and_keep_their_text():
    report = extract(read_path(FIXTURES / "tab_pagebreak.txt"))
    assert report.table4["review"] == dict.fromkeys(
        ("upheld", "corrected", "other_result", "pending", "total")
    )
    assert report.cell_text["table4.review.total"] == ""
    assert report.table2["coercion"]["decisions"] is None
    assert report.cell_text["table2.coercion.decisions"] == "/"


def test_a_signed_number_is_read_and_its_sign_remembered():
    report = extract(read_path(FIXTURES / "tab_pagebreak.txt"))
    assert report.table2["penalty"]["decisions"] == 3
    assert report.cell_text["table2.penalty.decisions"] == "+3"


def test_label_variants_are_read_into_the_official_keys_and_recorded():
    report = extract(read_path(FIXTURES / "tab_pagebreak.txt"))
    assert report.table2["normative_documents"]["in_force"] == 5
    variants = {v.location: (v.found, v.official) for v in report.label_variants}
    assert variants["table2.column.in_force"] == ("现有有效件数", "现行有效件数")
    assert variants["table3.column.public_interest"] == ("社会组织", "社会公益组织")


def test_sub_headings_without_a_comma_are_not_sections():
    report = extract(read_path(FIXTURES / "tab_pagebreak.txt"))
    assert report.section_order == [
        "overview",
        "proactive",
        "applications",
        "review_litigation",
        "problems",
        "other_matters",
    ]
    assert "一主动公开情况" in report.texts["overview"]


def test_the_fuller_agency_name_in_the_preface_wins_and_a_townships_government_suffix_goes():
    report = read(
        "掌石镇 2023 年政府信息公开工作年度报告\n\n现发布《示例县掌石镇 2023 年政府信息公开工作年度报告》。\n"
    )
    assert report.agency == "示例县掌石镇"
    city = read("示例市人民政府\n2024 年政府信息公开工作年度报告\n")
    assert city.agency == "示例市人民政府"


def test_the_date_under_the_signature_is_the_publication_date_in_digits_or_chinese():
    assert read(
        "某镇 2023 年政府信息公开工作年度报告\n某镇人民政府\n2024年1月29日\n"
    ).publication_date == dt.date(2024, 1, 29)
    assert read(
        "某镇 2023 年政府信息公开工作年度报告\n二〇二四年一月三十日\n"
    ).publication_date == dt.date(2024, 1, 30)


V2019_TABLE = (
    "二、主动公开政府信息情况\n第二十条第（一）项\t\t\t\n"
    "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t1\t1\t4\n"
)


def test_the_format_comes_from_the_table_headers_not_from_the_title():
    report = read("某镇 2023 年政府信息公开工作年度报告\n" + V2019_TABLE)
    assert report.year == 2023
    assert report.format == "v2019"
    assert report.table2["normative_documents"] == {
        "newly_made": 1,
        "newly_published": 1,
        "total_published": 4,
    }


def test_a_v2021_table_three_with_a_single_other_row_is_read_and_flagged():
    table = (
        "三、收到和处理政府信息公开申请情况\n"
        "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\n"
        "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\n"
        "(六)其他处理\t1\t0\t0\t0\t0\t0\t1\n"
    )
    report = read(
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
        + table
    )
    assert report.format == "v2021"
    assert report.table3_single_other
    assert report.table3["other"]["total"] == 1
    assert report.table3["other_misc"]["total"] is None


def test_rows_the_format_does_not_have_are_recorded_as_extra():
    report = read(
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n小计\t0\t0\t0\n"
    )
    assert ("table2", "小计") in report.extra_labels


def test_flattened_tables_are_rebuilt_from_runs_of_labels_and_figures():
    cells = ["第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "7", "第二十条第（六）项", "信息内容",
             "本年处理决定数量", "行政处罚", "2", "行政强制", "0"]  # fmt: skip
    doc = Document("t", "text", [TableBlock([[c] for c in cells], rows_known=False)])
    report = extract(doc)
    assert report.table2["licensing"] == {"decisions": 7}
    assert report.table2["penalty"] == {"decisions": 2}


def test_merged_cells_from_html_or_docx_read_like_tab_text():
    # What an HTML reader hands over for 三、本年度办理结果 (rowspan) and (三)不予公开 (rowspan).
    rows = [
        ["三、本年度办理结果", "（一）予以公开", "", "4", "0", "0", "0", "0", "0", "4"],
        ["", "（三）不予公开", "1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1"],
        ["", "", "2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"],
    ]
    report = extract(
        Document("t", "html", [Paragraph("三、收到和处理政府信息公开申请情况"), TableBlock(rows)])
    )
    assert report.table3["granted"]["total"] == 4
    assert report.table3["denied_state_secret"]["natural_person"] == 1


def test_a_row_with_figures_missing_is_reported_not_guessed():
    cells = ["行政复议", "结果维持", "0", "0", "0"]
    report = extract(Document("t", "text", [TableBlock([[c] for c in cells], rows_known=False)]))
    assert report.table4["review"]["upheld"] == 0
    assert report.table4["litigation_after_review"]["total"] is None
    assert any(f.rule == "R-2" and "15" in f.message for f in report.read_problems)


def test_table_four_flattened_after_its_headers_is_read_in_order():
    headers = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
               "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2  # fmt: skip
    figures = [str(n) for n in range(1, 16)]
    doc = Document("t", "text", [TableBlock([[c] for c in headers + figures], rows_known=False)])
    report = extract(doc)
    assert report.table4["review"]["upheld"] == 1
    assert report.table4["litigation_after_review"]["total"] == 15


def test_a_blank_review_block_in_table_four_with_row_padding_stays_in_its_columns():
    header = "行政复议\t\t\t\t\t行政诉讼\t\n"
    row = "\t" * 5 + "\t".join(["0"] * 10) + "\t\n"
    report = read("四、政府信息公开行政复议、行政诉讼情况\n" + header + row)
    assert report.table4["review"]["upheld"] is None
    assert report.table4["litigation_after_review"]["total"] == 0
    assert not report.read_problems


def test_an_empty_document_gives_an_empty_report_not_a_crash():
    report = extract(Document("t", "text"))
    assert report.table2 is report.table3 is report.table4 is None
    assert not any(report.sections.values())
