"""The terminal view of a checked report: Chinese a township clerk can act on."""

from __future__ import annotations

import io

import pytest

from gongkai.annualreport.formats import (
    FORMATS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from gongkai.annualreport.model import SECTION_KEYS, Finding, Report, Severity
from gongkai.annualreport.output import (
    PLAIN,
    BatchSummary,
    Style,
    all_cells,
    display_width,
    location_words,
    reading_order,
    render_report,
    render_summary,
    section_words,
    truncate,
)


def zero_report(fmt: str = V2021, year: int = 2023, **kw: object) -> Report:
    f = FORMATS[fmt]
    report = Report(
        source=kw.pop("source", "青石镇.txt"),  # type: ignore[arg-type]
        format=fmt,
        year=year,
        agency="示例县青石镇",
        sections=dict.fromkeys(SECTION_KEYS, True),
        table2={row: dict.fromkeys(cols, 0) for row, cols in f.table2_rows.items()},
        table3={row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in f.table3_rows},
        table4={b: dict.fromkeys(TABLE4_COLUMNS, 0) for b in TABLE4_BLOCKS},
    )
    for key, value in kw.items():
        setattr(report, key, value)
    return report


@pytest.mark.parametrize(
    ("location", "words"),
    [
        ("table3.new_received.total", "表三「一、本年新收政府信息公开申请数量」行「总计」列"),
        ("section.applications", "第三部分「收到和处理政府信息公开申请情况」"),
        ("section.overview", "第一部分「总体情况」"),
        (
            "table3.denied_state_secret.natural_person",
            "表三「（三）不予公开」下「1.属于国家秘密」行「自然人」列",
        ),
        ("table3.columns.public_interest", "表三「社会公益组织」列"),
        ("table3.*.total", "表三「总计」列"),
        ("table2.normative_documents.in_force", "表二「行政规范性文件」行「现行有效件数」列"),
        (
            "table2.admin_fees.amount_wan_yuan",
            "表二「行政事业性收费」行「本年收费金额（单位：万元）」列",
        ),
        ("table4.litigation_direct.upheld", "表四「行政诉讼·未经复议直接起诉」「结果维持」栏"),
        ("table4.review", "表四「行政复议」"),
        ("table3", "表三"),
        ("table2.column.in_force", "表二「现行有效件数」列"),
        ("table3.extra.小计", "表三中多出的「小计」"),
        ("table3.extra.3.其他", "表三中多出的「3.其他」"),
        ("section.order", "六个部分的顺序"),
        ("text:line 42", "正文第 42 行"),
        ("file", "文件"),
    ],
)
def test_locations_are_turned_into_the_words_printed_on_the_form(location: str, words: str) -> None:
    assert location_words(location) == words


def test_table2_labels_follow_the_reports_own_format() -> None:
    assert (
        location_words("table2.normative_documents.newly_made", V2019)
        == "表二「规范性文件」行「本年新制作数量」列"
    )
    assert location_words("table3.other.total", V2019) == "表三「（六）其他处理」行「总计」列"


def test_an_unknown_location_is_shown_as_written_rather_than_guessed() -> None:
    assert location_words("table3.nonsense.total") == "table3.nonsense.total"
    assert location_words("somewhere.else") == "somewhere.else"


def test_section_words_drop_the_enumerator_and_add_the_ordinal() -> None:
    assert section_words("other_matters") == "第六部分「其他需要报告的事项」"


def test_a_report_shows_agency_year_format_tables_and_findings_grouped_by_severity() -> None:
    report = zero_report(table4=None)
    report.findings = [
        Finding(
            "F-3",
            Severity.INFO,
            "table3.columns.public_interest",
            "「社会组织」应为「社会公益组织」",
        ),
        Finding(
            "T3-1", Severity.ERROR, "table3.*.total", "本年新收 6 + 上年结转 0 = 6，但办理结果 5"
        ),
        Finding("T4-3", Severity.ERROR, "table4", "缺少表四"),
        Finding("X-1", Severity.WARNING, "table3.new_received.total", "正文写明收到申请 5 件"),
    ]
    text = render_report(report)
    assert "单位：示例县青石镇" in text
    assert "年度：2023 年" in text
    assert "格式：2021 年版（国办公开办函〔2021〕30号）" in text
    assert "表二 ✓" in text and "表三 ✓" in text and "表四 ✗" in text
    errors, warnings, infos = (
        text.index("错误（2 项）"),
        text.index("警告（1 项）"),
        text.index("提示（1 项）"),
    )
    assert errors < warnings < infos
    assert "[T3-1] 表三「总计」列：本年新收" in text
    assert "[X-1] 表三「一、本年新收政府信息公开申请数量」行「总计」列：正文写明" in text
    assert "有错误，需要改正后再发布" in text
    assert "\x1b[" not in text


def test_the_location_is_not_repeated_when_the_message_already_names_the_row() -> None:
    report = zero_report()
    report.findings = [
        Finding(
            "T3-3",
            Severity.ERROR,
            "table3.new_received.total",
            "表三「一、本年新收政府信息公开申请数量」行：之和为 5，但「总计」为 6",
        )
    ]
    text = render_report(report)
    assert text.count("一、本年新收政府信息公开申请数量") == 1


def test_unrecognised_format_and_year_say_so_in_chinese() -> None:
    report = Report(source="x.txt")
    text = render_report(report)
    assert "格式：未能识别" in text
    assert "年度：未能识别" in text
    assert "单位：未能识别" in text
    assert "没有发现问题" in text


def test_the_v2019_format_is_named_by_its_circular() -> None:
    assert "2019 年版（国办公开办函〔2019〕60号）" in render_report(zero_report(V2019, 2020))


def test_the_batch_summary_counts_reports_by_their_worst_finding() -> None:
    summary = BatchSummary()
    bad = zero_report(findings=[Finding("T3-1", Severity.ERROR, "table3", "…")])
    doubtful = zero_report(findings=[Finding("X-1", Severity.WARNING, "table3", "…")])
    for report in (bad, doubtful, zero_report()):
        summary.add(report)
    summary.unreadable = 2
    line = render_summary(summary)
    assert (
        line
        == "共检查 3 份报告：1 份有错误，1 份只有警告，1 份没有发现错误或警告；2 个文件无法读取。"
    )


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert Style.for_stream(_TTY()).enabled
    assert not Style.for_stream(io.StringIO()).enabled
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Style.for_stream(_TTY()).enabled


def test_coloured_output_keeps_the_same_words() -> None:
    report = zero_report(findings=[Finding("T3-1", Severity.ERROR, "table3.*.total", "相差 1")])
    coloured = render_report(report, Style(True))
    assert "\x1b[31m" in coloured
    stripped = coloured
    for code in ("\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m"):
        stripped = stripped.replace(code, "")
    assert stripped == render_report(report, PLAIN)


def test_width_counts_chinese_characters_as_two_columns() -> None:
    assert display_width("表三abc") == 7
    assert display_width(truncate("一二三四五六七八九十", 9)) <= 9


def test_the_cell_catalogue_covers_both_formats_once_in_form_order() -> None:
    locations = [c.location for c in all_cells()]
    assert len(locations) == len(set(locations))
    assert locations.index("table2.regulations.issued") < locations.index(
        "table3.new_received.natural_person"
    )
    assert locations.index("table3.carried_forward.total") < locations.index("table4.review.upheld")
    # v2019's single （六）其他处理 row sits with v2021's three sub-rows.
    assert locations.index("table3.notproc_confirmation.total") < locations.index(
        "table3.other.natural_person"
    )
    assert locations.index("table3.other.total") < locations.index(
        "table3.other_no_correction.natural_person"
    )
    for fmt in FORMATS.values():
        for row, cols in fmt.table2_rows.items():
            assert all(f"table2.{row}.{c}" in locations for c in cols)
        assert all(f"table3.{row}.total" in locations for row in fmt.table3_rows)
    assert sum(1 for c in locations if c.startswith("table4.")) == 15


def test_many_findings_of_one_rule_are_cut_to_a_few_and_counted() -> None:
    report = zero_report()
    report.findings = [
        Finding("T3-4", Severity.ERROR, f"table3.{row}.total", f"第 {i} 处空白")
        for i, row in enumerate(FORMATS[V2021].table3_rows)
    ] + [Finding("T4-3", Severity.ERROR, "table4", "缺少表四")]
    text = render_report(report)
    assert text.count("[T3-4]") == 6  # five shown, one summing up
    assert f"同类问题还有 {len(FORMATS[V2021].table3_rows) - 5} 处（加 --all 列出全部）" in text
    assert "[T4-3]" in text
    assert render_report(report, limit=None).count("[T3-4]") == len(FORMATS[V2021].table3_rows)


def test_findings_read_in_catalogue_order_and_in_the_order_of_the_form() -> None:
    findings = [
        Finding("X-1", Severity.ERROR, "table3", "…"),
        Finding("T3-4", Severity.ERROR, "table3.carried_forward.total", "…"),
        Finding("T3-4", Severity.ERROR, "table3.new_received.total", "…"),
        Finding("S-2", Severity.WARNING, "section.review_litigation", "…"),
        Finding("S-2", Severity.WARNING, "section.problems", "…"),
        Finding("S-1", Severity.ERROR, "section.problems", "…"),
    ]
    ordered = [(f.rule, f.location) for f in reading_order(findings)]
    assert ordered == [
        ("S-1", "section.problems"),
        ("T3-4", "table3.new_received.total"),
        ("T3-4", "table3.carried_forward.total"),
        ("X-1", "table3"),
        ("S-2", "section.review_litigation"),
        ("S-2", "section.problems"),
    ]
