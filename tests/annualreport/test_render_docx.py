"""The Word file of an annual report: the three tables merged exactly as the national format,
fonts, page and page numbers. The expected tables are written out below as data, from the
format (annual-report-format.yaml) and the blank official template — not from the renderer."""

from __future__ import annotations

import io

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from gongkai.annualreport.formats import V2019, V2021
from gongkai.annualreport.render import render_docx

from .render_reports import TEMPLATE, blank_report, busy_report, docx_tables, sample_report

_ = ("", 1, None)  # a blank value cell
C = ("", 1, "continue")  # a cell covered by the merged cell above it


def L(text: str, span: int = 1, vmerge: str | None = None) -> tuple[str, int, str | None]:  # noqa: N802
    return (text, span, vmerge)


# --- 表二 -----------------------------------------------------------------------------------

TABLE2_V2021 = [
    [L("第二十条第（一）项", 4)],
    [L("信息内容"), L("本年制发件数"), L("本年废止件数"), L("现行有效件数")],
    [L("规章"), _, _, _],
    [L("行政规范性文件"), _, _, _],
    [L("第二十条第（五）项", 4)],
    [L("信息内容"), L("本年处理决定数量", 3)],
    [L("行政许可"), L("", 3)],
    [L("第二十条第（六）项", 4)],
    [L("信息内容"), L("本年处理决定数量", 3)],
    [L("行政处罚"), L("", 3)],
    [L("行政强制"), L("", 3)],
    [L("第二十条第（八）项", 4)],
    [L("信息内容"), L("本年收费金额（单位：万元）", 3)],
    [L("行政事业性收费"), L("", 3)],
]

TABLE2_V2019 = [
    [L("第二十条第（一）项", 4)],
    [L("信息内容"), L("本年新制作数量"), L("本年新公开数量"), L("对外公开总数量")],
    [L("规章"), _, _, _],
    [L("规范性文件"), _, _, _],
    [L("第二十条第（五）项", 4)],
    [L("信息内容"), L("上一年项目数量"), L("本年增/减"), L("处理决定数量")],
    [L("行政许可"), _, _, _],
    [L("其他对外管理服务事项"), _, _, _],
    [L("第二十条第（六）项", 4)],
    [L("信息内容"), L("上一年项目数量"), L("本年增/减"), L("处理决定数量")],
    [L("行政处罚"), _, _, _],
    [L("行政强制"), _, _, _],
    [L("第二十条第（八）项", 4)],
    [L("信息内容"), L("上一年项目数量"), L("本年增/减", 2)],
    [L("行政事业性收费"), _, L("", 2)],
    [L("第二十条第（九）项", 4)],
    [L("信息内容"), L("采购项目数量"), L("采购总金额", 2)],
    [L("政府集中采购"), _, L("", 2)],
]

# --- 表三 -----------------------------------------------------------------------------------

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SEVEN = [_] * 7
T3_HEADER = [
    [L(NOTE, 3, "restart"), L("申请人情况", 7)],
    [
        L("", 3, "continue"),
        L("自然人", 1, "restart"),
        L("法人或其他组织", 5),
        L("总计", 1, "restart"),
    ],
    [
        L("", 3, "continue"),
        C,
        L("商业企业"),
        L("科研机构"),
        L("社会公益组织"),
        L("法律服务机构"),
        L("其他"),
        C,
    ],
]


def _t3_group(label: str, subrows: list[str]) -> list[list[tuple[str, int, str | None]]]:
    first, *rest = subrows
    return [[C, L(label, 1, "restart"), L(first), *SEVEN]] + [[C, C, L(s), *SEVEN] for s in rest]


def _table3(
    other: list[list[tuple[str, int, str | None]]],
) -> list[list[tuple[str, int, str | None]]]:
    return [
        *T3_HEADER,
        [L("一、本年新收政府信息公开申请数量", 3), *SEVEN],
        [L("二、上年结转政府信息公开申请数量", 3), *SEVEN],
        [L("三、本年度办理结果", 1, "restart"), L("（一）予以公开", 2), *SEVEN],
        [C, L("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2), *SEVEN],
        *_t3_group(
            "（三）不予公开",
            [
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        ),
        *_t3_group(
            "（四）无法提供",
            [
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        ),
        *_t3_group(
            "（五）不予处理",
            [
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        ),
        *other,
        [C, L("（七）总计", 2), *SEVEN],
        [L("四、结转下年度继续办理", 3), *SEVEN],
    ]


TABLE3_V2021 = _table3(
    _t3_group(
        "（六）其他处理",
        [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ],
    )
)
TABLE3_V2019 = _table3([[C, L("（六）其他处理", 2), *SEVEN]])

# --- 表四 -----------------------------------------------------------------------------------

RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TABLE4 = [
    [L("行政复议", 5), L("行政诉讼", 10)],
    [*(L(r, 1, "restart") for r in RESULTS), L("未经复议直接起诉", 5), L("复议后起诉", 5)],
    [*([C] * 5), *(L(r) for r in RESULTS), *(L(r) for r in RESULTS)],
    [_] * 15,
]

EXPECTED = {
    V2021: [TABLE2_V2021, TABLE3_V2021, TABLE4],
    V2019: [TABLE2_V2019, TABLE3_V2019, TABLE4],
}


@pytest.mark.parametrize(("fmt", "year"), [(V2021, 2023), (V2019, 2020)])
def test_the_three_tables_are_merged_cell_for_cell_as_the_national_format(
    fmt: str, year: int
) -> None:
    tables = docx_tables(render_docx(blank_report(fmt, year)))
    assert len(tables) == 3
    for name, got, expected in zip(("表二", "表三", "表四"), tables, EXPECTED[fmt], strict=True):
        assert len(got) == len(expected), f"{fmt} {name}: 行数不同"
        for r, (got_row, expected_row) in enumerate(zip(got, expected, strict=True)):
            assert got_row == expected_row, f"{fmt} {name} 第 {r + 1} 行"


def test_a_report_without_a_format_takes_the_format_of_its_year() -> None:
    report = blank_report(V2021, 2020)
    report.format = None
    table2 = docx_tables(render_docx(report))[0]
    assert table2 == TABLE2_V2019


@pytest.mark.skipif(
    not TEMPLATE.exists(), reason=f"没有官方模板 {TEMPLATE}（仓库旁没有 ../shared）"
)
def test_the_tables_equal_those_of_the_official_blank_template() -> None:
    ours = docx_tables(render_docx(blank_report(V2021, 2023)))
    assert ours == docx_tables(TEMPLATE)


def test_figures_sit_in_their_cells_and_blank_cells_stay_blank() -> None:
    report = busy_report(V2021)
    report.table3["granted"]["research"] = None
    table2, table3, table4 = docx_tables(render_docx(report))
    # 行政规范性文件: issued, repealed, in force.
    values = report.table2["normative_documents"]
    assert [c[0] for c in table2[3][1:]] == [
        str(values["issued"]),
        str(values["repealed"]),
        str(values["in_force"]),
    ]
    assert table2[13][1] == ("110.25", 3, None)  # 行政事业性收费, 万元 with its decimals
    granted = table3[5]
    assert granted[1] == ("（一）予以公开", 2, None)
    assert [c[0] for c in granted[2:]] == [
        str(report.table3["granted"][k]) if report.table3["granted"][k] is not None else ""
        for k in report.table3["granted"]
    ]
    assert granted[4][0] == ""  # 科研机构: blank, not 0
    assert [c[0] for c in table4[3]] == [
        str(report.table4[b][c]) for b in report.table4 for c in report.table4[b]
    ]


def test_word_file_is_a4_with_chinese_fonts_headings_and_page_numbers() -> None:
    data = render_docx(sample_report(V2021))
    doc = open_docx(io.BytesIO(data))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37  # GB/T 9704 天头
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "示例县青石镇\n2023年政府信息公开工作年度报告"
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    east_asian = {
        f.get(qn("w:eastAsia"))
        for f in doc.element.body.iter(qn("w:rFonts"))
        if f.get(qn("w:eastAsia"))
    }
    assert {"方正小标宋简体", "黑体", "仿宋_GB2312"} <= east_asian
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "—" in footer_xml
    assert doc.core_properties.title == "示例县青石镇2023年政府信息公开工作年度报告"


def test_section_text_comes_before_its_table_and_keeps_its_paragraphs() -> None:
    report = sample_report(V2021, texts={"proactive": "第一段。\n\n第二段。", "overview": "概述。"})
    doc = open_docx(io.BytesIO(render_docx(report)))
    body = [el.tag.split("}")[1] for el in doc.element.body]
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("二、主动公开政府信息情况")
    assert texts[i + 1 : i + 3] == ["第一段。", "第二段。"]
    # The first table follows the second paragraph of section 二 in the body.
    paragraphs_before_table = body[: body.index("tbl")].count("p")
    assert texts[paragraphs_before_table - 1] == "第二段。"


def test_each_table_is_kept_on_one_page_in_word() -> None:
    doc = open_docx(io.BytesIO(render_docx(busy_report(V2021))))
    for table in doc.tables:
        rows = table._tbl.tr_lst
        assert all(
            tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows
        )
        kept = [
            p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
            for tr in rows[:-1]
            for p in tr.iter(qn("w:p"))
        ]
        assert kept and all(kept)
    # 表三's header rows repeat if Word must still run it over a page.
    assert [
        tr.trPr.find(qn("w:tblHeader")) is not None for tr in doc.tables[1]._tbl.tr_lst[:4]
    ] == [
        True,
        True,
        True,
        False,
    ]
