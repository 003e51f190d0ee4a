"""``gongkai report export``: one row per report, one column per cell, readable by Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.annualreport.export import ExportItem, columns, csv_text, row_for
from gongkai.annualreport.formats import (
    FORMATS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
)
from gongkai.annualreport.model import SECTION_KEYS, Finding, Report, Severity
from gongkai.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"
CLEAN = "01-示例县青石镇-2023年政府信息公开工作年度报告.txt"
WRONG_TOTAL = "02-示例县柳溪乡-2023年政府信息公开工作年度报告.txt"
TAOYUAN_2020 = "05-示例县桃源镇-2020年政府信息公开工作年度报告.txt"


def zero_report(fmt: str = V2021, year: int = 2023) -> Report:
    f = FORMATS[fmt]
    return Report(
        source="x.txt",
        format=fmt,
        year=year,
        agency="示例县青石镇",
        sections=dict.fromkeys(SECTION_KEYS, True),
        table2={row: dict.fromkeys(cols, 0) for row, cols in f.table2_rows.items()},
        table3={row: dict.fromkeys(TABLE3_COLUMNS, 0) for row in f.table3_rows},
        table4={b: dict.fromkeys(TABLE4_COLUMNS, 0) for b in TABLE4_BLOCKS},
    )


def test_columns_start_with_identity_then_cells_then_findings() -> None:
    keys = [c.key for c in columns()]
    assert keys[:4] == ["source", "agency", "year", "format"]
    assert keys[4] == "table2.regulations.issued"
    assert keys[-5:] == ["errors", "warnings", "infos", "rules", "read_error"]
    assert "table3.new_received.natural_person" in keys and "table4.review.upheld" in keys
    assert "table2.central_procurement.procurement_amount" in keys  # v2019 only
    assert "table3.other_misc.total" in keys  # v2021 only
    assert len(keys) == len(set(keys))
    assert columns() == columns()  # stable


def test_a_row_holds_numbers_blanks_and_the_rules_found() -> None:
    report = zero_report()
    report.table3["new_received"]["total"] = 4
    report.table4["review"]["upheld"] = None
    report.table2["admin_fees"]["amount_wan_yuan"] = 1.5
    report.findings = [
        Finding("T3-1", Severity.ERROR, "table3", "…"),
        Finding("T3-10", Severity.ERROR, "table3", "…"),
        Finding("T3-2", Severity.ERROR, "table3", "…"),
        Finding("F-3", Severity.INFO, "table3", "…"),
    ]
    row = dict(zip([c.key for c in columns()], row_for(ExportItem("a/x.txt", report)), strict=True))
    assert row["source"] == "a/x.txt" and row["year"] == 2023 and row["format"] == "v2021"
    assert row["table3.new_received.total"] == 4
    assert row["table4.review.upheld"] is None
    assert row["table2.admin_fees.amount_wan_yuan"] == 1.5
    assert row["table2.regulations.newly_made"] is None  # a v2019 cell in a v2021 report
    assert (row["errors"], row["warnings"], row["infos"]) == (3, 0, 1)
    assert row["rules"] == "F-3 T3-1 T3-2 T3-10"
    assert row["read_error"] is None


def test_an_unreadable_file_gets_a_row_with_the_reason() -> None:
    row = dict(
        zip(
            [c.key for c in columns()],
            row_for(ExportItem("坏.pdf", None, "文件是空的")),
            strict=True,
        )
    )
    assert row["source"] == "坏.pdf" and row["read_error"] == "文件是空的"
    assert row["agency"] is None and row["table3.new_received.total"] is None


def test_csv_text_writes_blanks_as_empty_and_whole_floats_as_integers() -> None:
    report = zero_report(V2019, 2020)
    report.table2["central_procurement"]["procurement_amount"] = 46.0
    report.table3["granted"]["total"] = None
    (row,) = csv.DictReader(io.StringIO(csv_text([ExportItem("t.txt", report)])))
    assert row["table2.central_procurement.procurement_amount"] == "46"
    assert row["table3.granted.total"] == ""
    assert row["table3.other.total"] == "0"
    assert row["table3.other_misc.total"] == ""


def test_export_csv_round_trips_with_a_bom_and_a_row_for_the_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "损坏.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "数据.csv"
    status = main(["report", "export", "--no-progress", str(EXAMPLES), str(bad), "--csv", str(out)])
    assert status == 2  # written, but one input could not be read
    err = capsys.readouterr().err
    assert f"无法读取 {bad}：" in err and f"已写入 {out}" in err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Windows needs the BOM for UTF-8
    rows = {Path(r["source"]).name: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))}
    n_examples = sum(1 for p in EXAMPLES.iterdir() if p.is_file())
    assert len(rows) == n_examples + 1
    assert rows[CLEAN]["agency"] == "示例县青石镇"
    assert rows[CLEAN]["year"] == "2023" and rows[CLEAN]["format"] == "v2021"
    assert rows[CLEAN]["table3.new_received.total"] == "4"
    assert rows[CLEAN]["errors"] == "0"
    assert rows[WRONG_TOTAL]["table3.new_received.total"] == "6"
    assert "T3-3" in rows[WRONG_TOTAL]["rules"].split()
    assert rows[TAOYUAN_2020]["format"] == "v2019"
    assert rows[TAOYUAN_2020]["table2.central_procurement.procurement_amount"] == "46.8"
    assert rows[TAOYUAN_2020]["table3.other_misc.total"] == ""
    assert rows["损坏.pdf"]["read_error"]
    assert rows["损坏.pdf"]["agency"] == ""


def test_export_xlsx_has_chinese_labels_frozen_headers_and_real_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "数据.xlsx"
    assert (
        main(
            [
                "report",
                "export",
                "--no-progress",
                str(EXAMPLES / CLEAN),
                str(EXAMPLES / TAOYUAN_2020),
                "--xlsx",
                str(out),
            ]
        )
        == 0
    )
    ws = load_workbook(out).active
    keys = [c.value for c in ws[1]]
    labels = [c.value for c in ws[2]]
    assert keys == [c.key for c in columns()]
    assert labels[:4] == ["文件", "单位", "年度", "格式"]
    assert (
        labels[keys.index("table3.new_received.total")]
        == "表三「一、本年新收政府信息公开申请数量」行「总计」列"
    )
    assert ws.freeze_panes == "E3"
    assert ws.max_row == 4
    first = {k: c.value for k, c in zip(keys, ws[3], strict=True)}
    second = {k: c.value for k, c in zip(keys, ws[4], strict=True)}
    assert first["year"] == 2023 and isinstance(first["year"], int)
    assert first["table3.new_received.total"] == 4
    assert first["table2.central_procurement.procurement_items"] is None  # blank, not 0 or ""
    assert second["format"] == "v2019"
    assert second["table2.central_procurement.procurement_amount"] == pytest.approx(46.8)
    assert second["table3.other_misc.total"] is None


def test_export_needs_exactly_one_target(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "export", str(EXAMPLES / CLEAN)])
    with pytest.raises(SystemExit):
        main(["report", "export", str(EXAMPLES / CLEAN), "--csv", "a.csv", "--xlsx", "a.xlsx"])


def test_export_to_a_folder_that_does_not_exist_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "没有这个文件夹" / "a.csv"
    assert (
        main(["report", "export", "--no-progress", str(EXAMPLES / CLEAN), "--csv", str(target)])
        == 2
    )
    assert f"无法写入 {target}" in capsys.readouterr().err


def test_csv_to_standard_output_has_no_bom(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "export", "--no-progress", str(EXAMPLES / CLEAN), "--csv", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("source,agency,year,format,")
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["agency"] == "示例县青石镇"


def test_a_file_name_that_starts_like_a_formula_stays_text_in_csv_and_excel(tmp_path) -> None:
    from gongkai.annualreport.export import write_xlsx

    item = ExportItem('=HYPERLINK("http://evil").txt', zero_report())
    (row,) = csv.DictReader(io.StringIO(csv_text([item])))
    assert row["source"] == '\'=HYPERLINK("http://evil").txt'
    target = tmp_path / "out.xlsx"
    write_xlsx(target, [item])
    cell = load_workbook(target).active["A3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil").txt'
