"""The HTML of an annual report: the page a clerk previews and the public reads."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from gongkai.annualreport.formats import V2019, V2021
from gongkai.annualreport.readers import read_bytes
from gongkai.annualreport.render import STYLESHEET, render_docx, render_html

from .render_reports import blank_report, busy_report, sample_report


def _tree(page: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(page)


def test_text_is_escaped_never_markup() -> None:
    report = sample_report(
        texts={"overview": '<script>alert("x")</script> & <b>粗体</b>', "problems": "a<b"}
    )
    page = render_html(report)
    assert "<script>" not in page and "<b>" not in page
    tree = _tree(page)
    assert tree.xpath("//script") == []
    overview = tree.xpath('//section[@id="report-overview"]/p/text()')
    assert overview == ['<script>alert("x")</script> & <b>粗体</b>']


def test_blank_cells_are_blank_never_zero() -> None:
    report = sample_report(V2021)
    report.table3["granted"]["commercial"] = None
    report.table3["granted"]["natural_person"] = 0
    tree = _tree(render_html(report))
    granted = tree.xpath('//table[contains(@class,"table3")]//tr[th[.="（一）予以公开"]]')[0]
    cells = [td.text_content() for td in granted.xpath("td")]
    assert cells[:2] == ["0", ""]


def test_default_title_names_agency_and_year() -> None:
    tree = _tree(render_html(sample_report(V2021, title=None)))
    assert tree.xpath("//h1")[0].text_content() == "示例县青石镇2023年政府信息公开工作年度报告"
    assert tree.xpath("//title")[0].text == "示例县青石镇2023年政府信息公开工作年度报告"
    given = _tree(render_html(sample_report(V2021, title="青石镇2023年政务公开工作年度报告")))
    assert given.xpath("//h1")[0].text_content() == "青石镇2023年政务公开工作年度报告"


def test_six_headings_in_order_each_with_its_text_then_its_table() -> None:
    report = sample_report(V2021, texts={"applications": "收到申请 6 件。\n\n办结 6 件。"})
    tree = _tree(render_html(report))
    assert [h.text for h in tree.xpath("//h2")] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    section = tree.xpath('//section[@id="report-applications"]')[0]
    assert [child.tag for child in section] == ["h2", "p", "p", "table"]
    assert [p.text for p in section.xpath("p")] == ["收到申请 6 件。", "办结 6 件。"]


def test_tables_are_accessible() -> None:
    tree = _tree(render_html(sample_report(V2021)))
    tables = tree.xpath("//table")
    assert [t.xpath("caption")[0].text for t in tables] == [
        "主动公开政府信息情况统计表",
        "收到和处理政府信息公开申请情况统计表",
        "政府信息公开行政复议、行政诉讼情况统计表",
    ]
    for th in tree.xpath("//th"):
        assert th.get("scope") in ("col", "colgroup", "row"), th.text_content()
    assert tree.xpath('//th[.="自然人"]')[0].get("scope") == "col"
    assert tree.xpath('//th[.="法人或其他组织"]')[0].get("scope") == "colgroup"
    assert tree.xpath('//th[.="1.属于国家秘密"]')[0].get("scope") == "row"


def test_the_fragment_is_the_article_of_the_standalone_page() -> None:
    report = busy_report(V2019)
    fragment = render_html(report, standalone=False)
    page = render_html(report)
    assert fragment.startswith('<article class="annual-report"')
    assert fragment in page
    assert "<style>" not in fragment and "<html" not in fragment
    assert "@page" in page and "@media print" in page  # A4, page numbers, print rules
    # The stylesheet a page embeds with the fragment touches nothing outside the article.
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S)
    selectors = [
        sel.strip()
        for block in re.findall(r"([^{}]+)\{", css)
        if not block.strip().startswith("@")
        for sel in block.split(",")
    ]
    assert selectors and all(sel.startswith(".annual-report") for sel in selectors), selectors


@pytest.mark.parametrize(("fmt", "year"), [(V2021, 2024), (V2019, 2019)])
def test_html_and_word_tables_read_back_to_the_same_grids(fmt: str, year: int) -> None:
    """The preview is the output: the HTML tables and the Word tables, read by the engine's
    own readers, give the same grid of texts (merged cells in their top-left position)."""
    report = busy_report(fmt)
    from_html = read_bytes(render_html(report).encode(), "r.html").tables
    from_docx = read_bytes(render_docx(report), "r.docx").tables
    assert [t.rows for t in from_html] == [t.rows for t in from_docx]
    assert len(from_html) == 3


def test_merged_header_cells_in_html() -> None:
    tree = _tree(render_html(blank_report(V2021, 2023)))
    note = tree.xpath('//table[contains(@class,"table3")]//td')[0]
    assert (note.get("rowspan"), note.get("colspan")) == ("3", "3")
    results = tree.xpath('//th[.="三、本年度办理结果"]')[0]
    assert results.get("rowspan") == "22"  # （一）…（七）总计 in v2021
    review = tree.xpath('//table[contains(@class,"table4")]//th[.="行政诉讼"]')[0]
    assert review.get("colspan") == "10"
    blank_values = tree.xpath('//table[contains(@class,"table4")]//tbody//td')
    assert len(blank_values) == 15 and all(td.text_content() == "" for td in blank_values)


def test_a_parsed_report_is_not_given_sections_it_lacks() -> None:
    report = sample_report(V2021)
    report.sections = {k: k != "problems" for k in report.texts}
    report.texts.pop("problems")
    headings = [h.text for h in _tree(render_html(report)).xpath("//h2")]
    assert "五、存在的主要问题及改进情况" not in headings and len(headings) == 5


def test_a_dated_report_is_signed_once_even_when_its_text_already_ends_with_the_date() -> None:
    import datetime as dt

    report = sample_report(V2021, publication_date=dt.date(2024, 1, 20))
    report.texts["other_matters"] = "无其他事项。\n示例县青石镇\n2024年1月20日"
    page = render_html(report)
    assert len(re.findall("2024年1月20日", page)) == 1
    tree = _tree(page)
    assert [p.text for p in tree.xpath('//div[@class="signature"]/p')] == [
        "示例县青石镇",
        "2024年1月20日",
    ]
