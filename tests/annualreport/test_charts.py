"""Charts drawn as SVG: the figures are in it as text, it names itself, and the series
differ by pattern, not by colour alone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from gongkai.annualreport import charts
from gongkai.annualreport.formats import FORMAT_2021, TABLE3_COLUMNS, TABLE4_BLOCKS, TABLE4_COLUMNS
from gongkai.annualreport.model import Report

SVG = "{http://www.w3.org/2000/svg}"


def chart() -> charts.Chart:
    return charts.Chart(
        title="2025 年各单位申请办理结果",
        groups=["青石镇人民政府", "石桥镇<b>"],
        series=["予以公开", "部分公开", "不予公开"],
        values=[[12, 3, None], [7, 0, 1]],
    )


def test_the_svg_is_well_formed_and_carries_every_figure_as_text():
    svg = charts.bar_chart(chart(), "c1")
    root = ET.fromstring(svg)  # escaped: the "<b>" of a name does not break it
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for figure in ("12", "3", "7", "0", "1"):
        assert figure in texts
    assert "空白" in texts  # a blank is said, not drawn as a zero bar
    assert "石桥镇<b>" in texts


def test_the_svg_names_itself_for_screen_readers():
    root = ET.fromstring(charts.bar_chart(chart(), "c1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "2025 年各单位申请办理结果"
    desc = root.find(f"{SVG}desc").text
    assert "青石镇人民政府：予以公开 12 件，部分公开 3 件，不予公开 空白" in desc
    bar_titles = [
        t.text
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "bar"
        for t in g.findall(f"{SVG}title")
    ]
    assert "石桥镇<b> · 不予公开：1 件" in bar_titles


def test_series_differ_by_pattern_so_a_grey_print_tells_them_apart():
    svg = charts.bar_chart(chart(), "c1")
    root = ET.fromstring(svg)
    patterns = root.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 3
    drawings = {ET.tostring(p).decode().split(">", 1)[1] for p in patterns}
    assert len(drawings) == 3  # three different drawings, not three colours
    fills = re.findall(r'fill="url\(#(c1-p\d)\)"', svg)
    assert set(fills) == {"c1-p0", "c1-p1", "c1-p2"}


def test_bars_are_proportional_to_their_figures():
    root = ET.fromstring(charts.bar_chart(chart(), "c1"))
    widths = [
        float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar-rect"
    ]
    # 12, 3 | 7, 0, 1 — bars in reading order (the blank has none)
    assert len(widths) == 5
    assert abs(widths[0] / widths[1] - 4) < 0.01
    assert widths[3] == 0


def test_figures_are_read_from_the_report_model():
    t3 = {row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in FORMAT_2021.table3_rows}
    t3["new_received"]["total"] = 9
    t3["denied_state_secret"]["total"] = 1
    t3["denied_third_party"]["total"] = 2
    t3["other_misc"]["total"] = 4
    t4 = {block: dict.fromkeys(TABLE4_COLUMNS, 0) for block in TABLE4_BLOCKS}
    t4["review"]["total"] = 2
    t4["litigation_direct"]["total"] = 1
    t4["litigation_after_review"]["total"] = 1
    report = Report(source="x", table3=t3, table4=t4)
    outcomes = dict(
        zip(
            [f.key for f in charts.FIGURES["outcomes"]],
            charts.figures(report, "outcomes"),
            strict=True,
        )
    )
    assert outcomes["denied"] == 3 and outcomes["other"] == 4
    assert charts.figures(report, "applications")[0] == 9
    assert charts.figures(report, "appeals")[:2] == [2, 2]
    assert charts.figures(None, "appeals") == [None, None, None]
