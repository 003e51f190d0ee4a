"""``gongkai report render FILE --to OUT``: a clean copy in the official layout, from a report
file or the engine's JSON; bad input gets a Chinese message naming the file, never a
traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annualreport.pipeline import check_path
from gongkai.cli import main

from .render_reports import have_pdf_tools

EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "reports"
    / "01-示例县青石镇-2023年政府信息公开工作年度报告.txt"
)
PDF_MISSING = have_pdf_tools()


def render(*argv: str) -> int:
    return main(["report", "render", *argv])


def _cells(path: Path) -> tuple[object, ...]:
    report = check_path(path)
    return (report.year, report.agency, report.format, report.table2, report.table3, report.table4)


@pytest.mark.parametrize(
    "suffix",
    [
        ".html",
        ".docx",
        pytest.param(
            ".pdf", marks=pytest.mark.skipif(PDF_MISSING is not None, reason=PDF_MISSING or "")
        ),
    ],
)
def test_a_text_report_is_rendered_to_each_format_with_the_same_figures(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"青石镇{suffix}"
    assert render(str(EXAMPLE), "--to", str(out)) == 0
    assert f"已写入 {out}" in capsys.readouterr().err
    assert _cells(out) == _cells(EXAMPLE)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_the_engines_json_is_rendered_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "check", "--json", "--no-progress", str(EXAMPLE)]) in (0, 1)
    source = tmp_path / "report.json"
    source.write_text(capsys.readouterr().out, encoding="utf-8")
    out = tmp_path / "out.docx"
    assert render(str(source), "--to", str(out)) == 0
    assert _cells(out) == _cells(EXAMPLE)


def _fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert render(*argv) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_missing_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "没有这个文件.txt"
    err = _fails(capsys, str(missing), "--to", str(tmp_path / "out.html"))
    assert f"无法读取 {missing}：文件或文件夹不存在" in err
    assert not (tmp_path / "out.html").exists()


def test_a_file_that_is_not_a_report_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("明天开会，带上笔记本。", encoding="utf-8")
    err = _fails(capsys, str(notes), "--to", str(tmp_path / "out.docx"))
    assert f"无法读取 {notes}" in err and "年度报告" in err


def test_json_with_a_wrong_value_names_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"year": 2023, "table3": {"granted": {"total": "三"}}}), encoding="utf-8"
    )
    err = _fails(capsys, str(bad), "--to", str(tmp_path / "out.html"))
    assert "table3.granted.total" in err and "不是数字" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{"year": 2023,', encoding="utf-8")
    assert "JSON 格式错误" in _fails(capsys, str(broken), "--to", str(tmp_path / "out.html"))


def test_an_unknown_extension_is_refused_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _fails(capsys, str(EXAMPLE), "--to", str(tmp_path / "out.odt"))
    assert "不支持的输出格式 .odt" in err and ".html、.docx 或 .pdf" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_target_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nowhere = tmp_path / "没有的文件夹" / "out.html"
    assert f"无法写入 {nowhere}：所在的文件夹不存在" in _fails(
        capsys, str(EXAMPLE), "--to", str(nowhere)
    )
    folder = tmp_path / "out.docx"
    folder.mkdir()
    assert f"无法写入 {folder}：这是一个文件夹" in _fails(capsys, str(EXAMPLE), "--to", str(folder))
    # No temporary file is left behind, and the folder is untouched.
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]
    assert list(folder.iterdir()) == []


def test_json_without_a_format_takes_it_from_the_year(tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    source.write_text(
        json.dumps(
            {
                "year": 2020,
                "agency": "示例县青石镇",
                "table2": {
                    "central_procurement": {"procurement_items": 4, "procurement_amount": 85.6}
                },
                "table3": {"other": {"natural_person": 1, "total": 1}},
                "texts": {"overview": "本年度工作情况。"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert render(str(source), "--to", str(out)) == 0
    back = check_path(out)
    assert back.format == "v2019" and back.year == 2020
    assert back.table2["central_procurement"] == {
        "procurement_items": 4,
        "procurement_amount": 85.6,
    }
    assert back.table3["other"]["total"] == 1
