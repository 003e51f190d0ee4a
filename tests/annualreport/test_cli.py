"""``gongkai report check``: exit codes, JSON lines, and bad inputs that never stop a batch."""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path

import pytest

from gongkai.annualreport import cli as report_cli
from gongkai.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"
CLEAN = EXAMPLES / "01-示例县青石镇-2023年政府信息公开工作年度报告.txt"
WRONG_TOTAL = EXAMPLES / "02-示例县柳溪乡-2023年政府信息公开工作年度报告.txt"
QINGSHI_2024 = EXAMPLES / "06-示例县青石镇-2024年政府信息公开工作年度报告.txt"
SCHEMA_KEYS = {
    "source",
    "format",
    "year",
    "agency",
    "sections",
    "table2",
    "table3",
    "table4",
    "findings",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)


def check(*argv: str) -> int:
    return main(["report", "check", "--no-progress", *argv])


def test_a_clean_report_exits_0_and_is_described_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check(str(CLEAN)) == 0
    out = capsys.readouterr().out
    assert CLEAN.name in out
    assert "单位：示例县青石镇" in out
    assert "年度：2023 年" in out
    assert "格式：2021 年版（国办公开办函〔2021〕30号）" in out
    assert "表二 ✓　表三 ✓　表四 ✓" in out
    assert "共检查 1 份报告：0 份有错误" in out


def test_a_wrong_total_exits_1_with_the_rule_and_the_place(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check(str(WRONG_TOTAL)) == 1
    out = capsys.readouterr().out
    assert "错误（" in out
    assert "[T3-3]" in out and "一、本年新收政府信息公开申请数量" in out
    assert "[S-1]" in out and "存在的主要问题及改进情况" in out
    assert "1 份有错误" in out


def test_every_example_report_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    status = check(str(EXAMPLES))
    captured = capsys.readouterr()
    assert status == 1  # 柳溪乡 is wrong on purpose
    assert captured.err == ""
    reports = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
    assert len(reports) >= 5
    for path in reports:
        assert path.name in captured.out
    assert "未能识别" not in captured.out
    assert f"共检查 {len(reports)} 份报告" in captured.out


def test_json_prints_one_object_per_report_with_the_schema_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check("--json", str(CLEAN), str(WRONG_TOTAL)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first.keys() >= SCHEMA_KEYS
    assert (
        first["agency"] == "示例县青石镇" and first["format"] == "v2021" and first["year"] == 2023
    )
    assert first["table3"]["new_received"]["total"] == 4
    assert {f["rule"] for f in second["findings"]} >= {"T3-3", "S-1"}
    assert all({"rule", "severity", "location", "message"} <= f.keys() for f in second["findings"])
    assert "柳溪乡" in lines[1]  # ensure_ascii=False: Chinese as Chinese


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("乱码.bin", bytes(random.Random(7).randrange(256) for _ in range(4096))),
        ("空白.txt", b""),
        ("说明.txt", "这个文件夹里放的是各乡镇报送的材料，请于月底前整理完毕。\n".encode()),
        ("高位字节.txt", bytes(random.Random(3).randrange(0x80, 0x100) for _ in range(3000))),
    ],
)
def test_an_unreadable_file_exits_2_with_a_chinese_message_and_the_others_are_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    assert check(str(bad), str(CLEAN)) == 2
    captured = capsys.readouterr()
    assert f"无法读取 {bad}：" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert "单位：示例县青石镇" in captured.out
    assert "1 个文件无法读取" in captured.out


def test_a_folder_with_a_scanned_image_names_the_image_and_checks_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CLEAN, tmp_path / CLEAN.name)
    (tmp_path / "扫描件.png").write_bytes(PNG)
    assert check(str(tmp_path)) == 2
    captured = capsys.readouterr()
    assert "无法读取" in captured.err and "扫描件.png" in captured.err
    assert "共检查 1 份报告" in captured.out


def test_images_of_a_saved_web_page_are_not_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CLEAN, tmp_path / CLEAN.name)
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "logo.png").write_bytes(PNG)
    assert check(str(tmp_path)) == 0
    assert capsys.readouterr().err == ""


def test_unreadable_wins_over_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "不存在.txt"
    assert check(str(WRONG_TOTAL), str(missing)) == 2
    captured = capsys.readouterr()
    assert f"无法读取 {missing}：文件或文件夹不存在" in captured.err
    assert "[T3-3]" in captured.out


def test_an_empty_folder_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(str(tmp_path)) == 2
    assert f"无法读取 {tmp_path}：" in capsys.readouterr().err


def test_a_crash_inside_the_engine_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gongkai.annualreport.pipeline as pipeline

    real = pipeline.check_path

    def flaky(path: Path, previous: object = None) -> object:
        if path.name == CLEAN.name:
            raise RuntimeError("boom")
        return real(path, previous=previous)

    monkeypatch.delenv("GONGKAI_DEBUG", raising=False)
    monkeypatch.setattr(pipeline, "check_path", flaky)
    assert check(str(CLEAN), str(WRONG_TOTAL)) == 2
    captured = capsys.readouterr()
    assert f"无法读取 {CLEAN}：读取时出现意外错误（RuntimeError）" in captured.err
    assert "Traceback" not in captured.err
    assert "示例县柳溪乡" in captured.out


def test_previous_years_report_enables_the_cross_year_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 柳溪乡 carried nothing forward; a report claiming 1 carried in then disagrees (T3-6).
    check("--json", "--previous", str(WRONG_TOTAL), str(QINGSHI_2024))
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "T3-6" in rules
    check("--json", "--previous", str(CLEAN), str(QINGSHI_2024))
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "T3-6" not in rules
    assert "X-6" in rules  # section 五 copied from 2023


def test_an_unreadable_previous_report_exits_2_but_the_report_is_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "去年.txt"
    empty.write_bytes(b"")
    assert check("--previous", str(empty), str(CLEAN)) == 2
    captured = capsys.readouterr()
    assert f"无法读取 {empty}：" in captured.err and "跨年度核对" in captured.err
    assert "单位：示例县青石镇" in captured.out


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_is_drawn_on_a_terminal_for_several_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    err = _TTY()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert main(["report", "check", str(CLEAN), str(QINGSHI_2024)]) == 0
    drawn = err.getvalue()
    assert "[----------" in drawn and "1/2" in drawn and "2/2" in drawn
    assert drawn.endswith("\r\x1b[K")  # the bar is cleared when done


def test_no_progress_bar_for_a_pipe_or_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _TTY()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    main(["report", "check", "--no-progress", str(CLEAN), str(QINGSHI_2024)])
    assert err.getvalue() == ""
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    main(["report", "check", str(CLEAN), str(QINGSHI_2024)])
    assert pipe.getvalue() == ""


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _TTY()
    monkeypatch.setattr("sys.stdout", out)
    check(str(WRONG_TOTAL))
    assert "\x1b[31m" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = _TTY()
    monkeypatch.setattr("sys.stdout", out)
    check(str(WRONG_TOTAL))
    assert "\x1b[" not in out.getvalue()


def test_report_without_a_sub_command_shows_help_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report"]) == 2
    assert "check" in capsys.readouterr().err


def test_a_missing_argument_is_an_argparse_error_in_chinese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", "check"])
    assert exc.value.code == 2
    assert "参数有误" in capsys.readouterr().err


def test_iter_inputs_keeps_the_order_given_and_walks_folders_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("乙")
    (tmp_path / "a.txt").write_text("甲")
    (tmp_path / ".hidden.txt").write_text("丙")
    (tmp_path / "data.json").write_text("{}")
    files = list(report_cli.iter_inputs([str(CLEAN), str(tmp_path)]))
    assert files == [CLEAN, tmp_path / "a.txt", tmp_path / "b.txt"]


def test_all_lists_every_finding_of_a_blank_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    head, _, tail = text.partition("一、本年新收政府信息公开申请数量")
    blanked = head + "一、本年新收政府信息公开申请数量" + tail.replace("\t0", "\t", 120)
    path = tmp_path / "空白表.txt"
    path.write_text(blanked, encoding="utf-8")
    assert check(str(path)) == 1
    short = capsys.readouterr().out
    assert "同类问题还有" in short
    assert check("--all", str(path)) == 1
    full = capsys.readouterr().out
    assert "同类问题还有" not in full
    assert full.count("[T3-4]") > short.count("[T3-4]")


def test_other_commands_go_to_the_django_half_and_report_stays_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gongkai.cli as top

    calls: list[list[str]] = []
    monkeypatch.setattr(top, "_fallback", lambda: lambda argv: calls.append(argv) or 7)
    assert main(["demo", "--no-serve"]) == 7
    assert main([]) == 7
    assert calls == [["demo", "--no-serve"], []]
    assert main(["report", "check", "--no-progress", str(CLEAN)]) == 0
    assert len(calls) == 2


def test_without_the_django_half_an_unknown_command_is_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gongkai.cli as top

    monkeypatch.setattr(top, "FALLBACK", "gongkai.no_such_module:main")
    with pytest.raises(SystemExit) as exc:
        main(["serve"])
    assert exc.value.code == 2
    assert "参数有误" in capsys.readouterr().err
    assert main([]) == 2  # help, on stderr
