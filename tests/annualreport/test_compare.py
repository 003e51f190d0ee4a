"""Comparing two reports: changed cells, cross-year rules, and copied narrative."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annualreport.checks.text import comparable_text, similarity
from gongkai.annualreport.cli import load_report
from gongkai.annualreport.compare import (
    compare_reports,
    consecutive,
    section_similarity,
)
from gongkai.annualreport.formats import (
    FORMATS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from gongkai.annualreport.model import SECTION_KEYS, Finding, Report, Severity
from gongkai.annualreport.output import render_comparison
from gongkai.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"
QINGSHI_2023 = EXAMPLES / "01-示例县青石镇-2023年政府信息公开工作年度报告.txt"
QINGSHI_2024 = EXAMPLES / "06-示例县青石镇-2024年政府信息公开工作年度报告.txt"

PROBLEMS = (
    "一是政策解读形式比较单一，图解、短视频等群众喜闻乐见的解读方式用得不多；二是村级公开栏更新不够及时，"
    "个别村公开内容与镇政府网站不同步。下一步将丰富解读形式，建立村务公开月度检查制度。"
)


def report(year: int, fmt: str = V2021, agency: str = "示例县青石镇", **texts: str) -> Report:
    f = FORMATS[fmt]
    return Report(
        source=f"{agency}{year}.txt",
        format=fmt,
        year=year,
        agency=agency,
        sections=dict.fromkeys(SECTION_KEYS, True),
        texts={k: texts.get(k, "") for k in SECTION_KEYS if texts.get(k)},
        table2={row: dict.fromkeys(cols, 0) for row, cols in f.table2_rows.items()},
        table3={row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in f.table3_rows},
        table4={b: dict.fromkeys(TABLE4_COLUMNS, 0) for b in TABLE4_BLOCKS},
    )


def test_only_changed_cells_are_listed_with_a_and_b_and_the_change() -> None:
    a, b = report(2023), report(2024)
    a.table3["new_received"]["total"] = 4
    b.table3["new_received"]["total"] = 2
    b.table2["penalty"]["decisions"] = 7
    cmp = compare_reports(a, b)
    changed = {c.location: (c.a, c.b, c.delta) for c in cmp.changed_cells}
    assert changed == {
        "table3.new_received.total": (4, 2, -2),
        "table2.penalty.decisions": (0, 7, 7),
    }
    fmt = FORMATS[V2021]
    every_cell = sum(map(len, fmt.table2_rows.values())) + 7 * len(fmt.table3_rows) + 15
    assert len(cmp.cells) == every_cell  # every v2021 cell is listed, changed or not


def test_reports_in_different_formats_show_cells_only_one_of_them_has() -> None:
    cmp = compare_reports(report(2020, V2019), report(2021))
    by_loc = {c.location: c for c in cmp.cells}
    assert by_loc["table3.other.total"].a == 0 and by_loc["table3.other.total"].b is None
    assert by_loc["table3.other_misc.total"].a is None and by_loc["table3.other_misc.total"].b == 0
    # A cell only one format has is listed (with --all) but is not a change.
    assert not by_loc["table3.other.total"].changed
    assert (by_loc["table3.other.total"].in_a, by_loc["table3.other.total"].in_b) == (True, False)
    assert "table2.central_procurement.procurement_items" in by_loc
    assert by_loc["table3.new_received.total"].in_a and by_loc["table3.new_received.total"].in_b
    assert "无此格" in render_comparison(cmp, show_all=True)


def test_a_missing_table_is_named_and_its_cells_are_not_changes() -> None:
    a, b = report(2023), report(2024)
    b.table4 = None
    cmp = compare_reports(a, b)
    assert not [c for c in cmp.changed_cells if c.location.startswith("table4.")]
    assert "B 没有表四，表四无法比较。" in render_comparison(cmp)


def test_a_blank_cell_differs_from_zero() -> None:
    a, b = report(2023), report(2024)
    b.table4["review"]["upheld"] = None
    (change,) = compare_reports(a, b).changed_cells
    assert (change.location, change.a, change.b, change.delta) == (
        "table4.review.upheld",
        0,
        None,
        None,
    )


def test_consecutive_years_are_recognised_in_either_order() -> None:
    assert consecutive(report(2023), report(2024)) == "a_then_b"
    assert consecutive(report(2024), report(2023)) == "b_then_a"
    assert consecutive(report(2021), report(2023)) is None
    assert consecutive(Report(source="x"), report(2023)) is None


def test_only_the_cross_year_rules_are_kept_from_the_later_reports_findings() -> None:
    findings = [
        Finding(
            "T3-6",
            Severity.WARNING,
            "table3.carried_in.total",
            "上年结转 1 件，但去年报告结转下年度 0 件",
        ),
        Finding("T3-1", Severity.ERROR, "table3.*.total", "与跨年无关"),
    ]
    cmp = compare_reports(report(2023), report(2024), cross_year_findings=findings)
    assert [f.rule for f in cmp.cross_year_findings] == ["T3-6"]


def test_the_same_narrative_with_new_figures_is_flagged_as_copied() -> None:
    a = report(2023, problems="2023年" + PROBLEMS + "全年培训3次。")
    b = report(
        2024,
        problems="2024年" + PROBLEMS + "全年培训5次。",
        overview="今年围绕和美乡村建设推进政务公开标准化规范化。",
    )
    a.texts["overview"] = "去年以乡村振兴为中心开展工作，全年公开信息一百二十六条，办理申请四件。"
    sims = {s.key: s for s in section_similarity(a, b)}
    assert sims["problems"].ratio == pytest.approx(1.0)
    assert sims["problems"].similar
    assert sims["overview"].ratio < 0.5 and not sims["overview"].similar
    assert sims["other_matters"].ratio is None and not sims["other_matters"].similar


def test_short_boilerplate_sections_are_not_flagged_even_when_identical() -> None:
    sims = {
        s.key: s
        for s in section_similarity(
            report(2023, proactive="情况如下："), report(2024, proactive="情况如下：")
        )
    }
    assert sims["proactive"].ratio == 1.0
    assert not sims["proactive"].similar


def test_similarity_ignores_spacing_punctuation_and_digits() -> None:
    # compare and rule X-6 use one measure (checks.text.similarity), so they agree.
    assert comparable_text("2023 年，我镇 收到申请 4 件。") == "年我镇收到申请件"
    assert similarity("我镇未收取信息处理费。", "我镇 未收取 信息处理费") == 1.0
    assert similarity("甲乙丙丁", "") == 0.0
    assert 0.2 < similarity("一二三四五六七八九十", "一二三四五甲乙丙丁戊") < 0.7


def test_very_long_texts_still_see_copies() -> None:
    long_text = (PROBLEMS * 200)[:30_000]
    assert similarity(long_text, long_text + "补充一句。") > 0.95


def test_the_rendering_lists_changes_cross_year_findings_and_the_copied_section() -> None:
    a = report(2023, problems=PROBLEMS)
    b = report(2024, problems=PROBLEMS)
    a.table3["carried_forward"]["total"] = 1
    cmp = compare_reports(
        a,
        b,
        cross_year_findings=[
            Finding("T3-6", Severity.WARNING, "table3.carried_in.total", "上年结转不一致")
        ],
    )
    text = render_comparison(cmp)
    assert "表三「四、结转下年度继续办理」行「总计」列" in text
    assert "-1" in text
    assert "跨年度核对（B 是 A 的下一年）" in text
    assert "[T3-6]" in text
    assert "第五部分「存在的主要问题及改进情况」" in text and "雷同" in text


def test_the_json_form_has_both_sides_cells_and_sections() -> None:
    a, b = report(2023), report(2024)
    b.table3["new_received"]["total"] = 3
    data = json.loads(json.dumps(compare_reports(a, b).to_dict(), ensure_ascii=False))
    assert data["a"]["year"] == 2023 and data["b"]["year"] == 2024
    assert data["cross_year"] == "a_then_b"
    assert data["cells"] == [
        {
            "location": "table3.new_received.total",
            "label": "表三「一、本年新收政府信息公开申请数量」行「总计」列",
            "a": 0,
            "b": 3,
            "delta": 3,
            "changed": True,
            "in_a": True,
            "in_b": True,
        }
    ]
    assert [s["section"] for s in data["sections"]] == list(SECTION_KEYS)


# --- through the command line, on the example reports -------------------------------------


def test_compare_two_years_of_one_township_runs_the_cross_year_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "compare", str(QINGSHI_2023), str(QINGSHI_2024)]) == 0
    out = capsys.readouterr().out
    assert "比较两份年度报告" in out
    assert "表三「二、上年结转政府信息公开申请数量」行「总计」列" in out
    assert "跨年度核对（B 是 A 的下一年）" in out
    # The 2024 report copied last year's section 五 word for word.
    (line,) = [ln for ln in out.splitlines() if "第五部分" in ln and "%" in ln]
    assert "雷同" in line


def test_compare_json_lists_every_cell_with_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "compare", "--json", "--all", str(QINGSHI_2023), str(QINGSHI_2024)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["cells"]) > data["changed_cells"] > 0
    assert any(s["section"] == "problems" and s["similar"] for s in data["sections"])


def test_compare_with_an_unreadable_side_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    assert main(["report", "compare", str(QINGSHI_2023), str(empty)]) == 2
    err = capsys.readouterr().err
    assert f"无法读取 {empty}：" in err


def test_the_example_reports_read_as_intended() -> None:
    old, new = load_report(QINGSHI_2023), load_report(QINGSHI_2024)
    assert (old.year, new.year) == (2023, 2024)
    assert old.value("table3.carried_forward.total") == new.value("table3.carried_in.total") == 1
