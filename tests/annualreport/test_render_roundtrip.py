"""Render → parse gives back the report: the same cells in tables 二/三/四, the same year,
agency, format, sections and texts, whatever the figures, blanks and words.

This is the acceptance test of the renderer: the engine that checks reports published
elsewhere must read ours exactly, or the county's summary of our own reports would be wrong.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai.annualreport.formats import (
    FORMATS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from gongkai.annualreport.model import SECTION_KEYS, Report
from gongkai.annualreport.pipeline import check_bytes
from gongkai.annualreport.render import render_docx, render_html, render_pdf
from gongkai.annualreport.render.layout import CAPTIONS

from .render_reports import have_pdf_tools

AGENCIES = ("示例县青石镇", "示例县石桥乡", "示例市东城区教育局", "示例县人力资源和社会保障局")
WORDS = (
    "本机关", "坚持", "政务公开", "信息", "平台", "工作", "推进", "规范", "服务", "群众",
    "办理", "制度", "完善", "加强", "培训", "网站", "政策", "解读", "及时", "准确", "回应",
    "关切", "数据", "开放", "基层", "标准化", "栏目", "更新", "，", "；",
)  # fmt: skip

_figure = st.one_of(st.none(), st.integers(min_value=0, max_value=999_999))
_amount = st.one_of(st.none(), st.integers(min_value=0, max_value=9_999_999).map(lambda n: n / 100))
_paragraph = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(
    lambda words: "".join(words).strip("，；") + "。"
)
_text = st.lists(_paragraph, min_size=1, max_size=3).map("\n".join)


# What every real report's 总体情况 opens with: a paragraph over several lines. A PDF holds no
# paragraphs, only lines, and the PDF reader finds the left margin from lines that start at
# it (continuation lines); a report made of nothing but one-line paragraphs, all indented,
# shows it none, and its headings and paragraphs then run together when read back.
OVERVIEW = (
    "本机关坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "通过政府网站、政务新媒体和政务公开栏等渠道及时发布政策文件、工作动态和办事指南，"
    "对群众关注的民生事项安排专人解读政策、回应社会关切。"
)


@st.composite
def reports(draw: st.DrawFn, *, long_overview: bool = False) -> Report:
    fmt = draw(st.sampled_from((V2021, V2019)))
    year = draw(st.integers(2021, 2030) if fmt == V2021 else st.integers(2019, 2020))
    shape = FORMATS[fmt]
    table2 = {
        row: {
            col: draw(_amount if col in ("amount_wan_yuan", "procurement_amount") else _figure)
            for col in cols
        }
        for row, cols in shape.table2_rows.items()
    }
    table3 = {row: {col: draw(_figure) for col in TABLE3_COLUMNS} for row in shape.table3_rows}
    table4 = {block: {col: draw(_figure) for col in TABLE4_COLUMNS} for block in TABLE4_BLOCKS}
    return Report(
        source="generated",
        # The format is left out now and then: the renderer takes it from the year.
        format=draw(st.sampled_from((fmt, None))),
        year=year,
        agency=draw(st.sampled_from(AGENCIES)),
        texts={
            key: (f"{OVERVIEW}\n{text}" if long_overview and key == "overview" else text)
            for key in SECTION_KEYS
            for text in [draw(_text)]
        },
        table2=table2,
        table3=table3,
        table4=table4,
    )


def _locations(fmt: str) -> list[str]:
    shape = FORMATS[fmt]
    return [
        *(f"table2.{r}.{c}" for r, cols in shape.table2_rows.items() for c in cols),
        *(f"table3.{r}.{c}" for r in shape.table3_rows for c in TABLE3_COLUMNS),
        *(f"table4.{b}.{c}" for b in TABLE4_BLOCKS for c in TABLE4_COLUMNS),
    ]


def assert_same_report(original: Report, parsed: Report, *, captions: bool = False) -> None:
    fmt = original.format or (V2019 if (original.year or 0) <= 2020 else V2021)
    assert parsed.format == fmt
    assert (parsed.year, parsed.agency) == (original.year, original.agency)
    assert parsed.sections == dict.fromkeys(SECTION_KEYS, True)
    differing = {
        loc: (original.value(loc), parsed.value(loc))
        for loc in _locations(fmt)
        if original.value(loc) != parsed.value(loc)
    }
    assert differing == {}, "单元格不同（位置: 原值, 读回的值）"
    for key in SECTION_KEYS:
        lines = parsed.texts.get(key, "").split("\n")
        if captions:  # the HTML tables' captions are read as paragraphs after the text
            lines = [line for line in lines if line not in CAPTIONS.values()]
        assert "\n".join(lines) == original.texts[key], key


_SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
# Shrinking a failure takes hundreds of renderings: minutes for Word, an hour for PDF. The
# failing report is printed unshrunk instead (hypothesis shows the generated example).
_NO_SHRINK = {**_SETTINGS, "phases": [Phase.explicit, Phase.reuse, Phase.generate]}


@settings(max_examples=25, **_SETTINGS)
@given(reports())
def test_html_renders_and_parses_back_to_the_same_report(report: Report) -> None:
    parsed = check_bytes(render_html(report).encode(), "r.html")
    assert_same_report(report, parsed, captions=True)


@settings(max_examples=8, **_NO_SHRINK)  # a Word file takes ~0.3 s to write and read
@given(reports())
def test_word_renders_and_parses_back_to_the_same_report(report: Report) -> None:
    parsed = check_bytes(render_docx(report), "r.docx")
    assert_same_report(report, parsed)


_PDF_MISSING = have_pdf_tools()


@pytest.mark.skipif(_PDF_MISSING is not None, reason=_PDF_MISSING or "")
@settings(max_examples=3, **_NO_SHRINK)  # a PDF takes 1–2 s
@given(reports(long_overview=True))
def test_pdf_renders_and_parses_back_to_the_same_report(report: Report) -> None:
    parsed = check_bytes(render_pdf(report), "r.pdf")
    assert_same_report(report, parsed)


def test_a_re_rendered_parsed_report_is_a_fixed_point() -> None:
    """A clean copy of a clean copy is the same copy: parse(render(parse(render(r)))) keeps
    every cell and text, and the date is printed once."""
    report = Report(
        source="r",
        format=V2021,
        year=2024,
        agency="示例县青石镇",
        publication_date=dt.date(2025, 1, 20),
        texts={k: "本年度工作情况。" for k in SECTION_KEYS},
        table2={"penalty": {"decisions": 17}},
        table3={"new_received": {"natural_person": 3, "total": 3}},
        table4={"review": {"upheld": 1, "total": 1}},
    )
    first = check_bytes(render_docx(report), "a.docx")
    second = check_bytes(render_docx(first), "b.docx")
    assert first.to_dict() | {"source": ""} == second.to_dict() | {"source": ""}
    assert second.publication_date == dt.date(2025, 1, 20)
    assert second.texts["other_matters"].count("2025年1月20日") == 1


def test_a_blank_first_figure_in_one_row_does_not_move_the_figures_of_another() -> None:
    """v2019 表二: 「规章」 with its first cell blank has the physical shape of 「政府集中采购」
    (two columns, the second spanning two cells); the reader once learnt the wrong start
    from the first and read 采购总金额 as 采购项目数量."""
    shape = FORMATS[V2019]
    table2 = {row: dict.fromkeys(cols) for row, cols in shape.table2_rows.items()}
    table2["regulations"].update(newly_published=5, total_published=7)
    table2["central_procurement"]["procurement_amount"] = 85.6
    report = Report(source="r", format=V2019, year=2020, agency="示例县青石镇", table2=table2)
    for render, name in ((render_docx, "r.docx"), (lambda r: render_html(r).encode(), "r.html")):
        parsed = check_bytes(render(report), name)
        assert parsed.table2["central_procurement"] == {
            "procurement_items": None,
            "procurement_amount": 85.6,
        }
        assert parsed.table2["regulations"] == {
            "newly_made": None,
            "newly_published": 5,
            "total_published": 7,
        }
