import json

from gongkai.cli import main

ID_X = "11010519491231002X"


def test_no_findings_exits_0(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("镇政府按时公开政府信息。", encoding="utf-8")
    assert main(["screen", str(path)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def test_warnings_only_exit_0_and_quote_the_context(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("第一行\n存在一些问题 and 不足。", encoding="utf-8")
    assert main(["screen", str(path)]) == 0
    out = capsys.readouterr().out
    assert "C-1 警告  第 2 行 第 7 字" in out
    assert "问题【 and 】不足" in out


def test_errors_exit_1_json_and_mask(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(f"王某 {ID_X} 13812345678\n", encoding="utf-8")
    out_path = tmp_path / "masked.txt"
    assert main(["screen", str(path), "--json", "--mask", str(out_path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "a.txt"
    assert [
        (f["rule"], f["severity"], f["kind"], f["where"], f["start"]) for f in data["findings"]
    ] == [
        ("C-3", "error", "id_card", "第 1 行", 3),
        ("C-3", "error", "mobile", "第 1 行", 22),
    ]
    assert out_path.read_text(encoding="utf-8") == "王某 110105********002X 138****5678\n"


def test_own_number_and_extra_dictionary(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("咨询 13812345678，本镇土话", encoding="utf-8")
    extra = tmp_path / "extra.tsv"
    extra.write_text("本镇土话\texpression\t规范说法\terror\n", encoding="utf-8")
    assert main(["screen", str(path), "--own-number", "138-1234-5678"]) == 0
    assert (
        main(["screen", str(path), "--own-number", "13812345678", "--dictionary", str(extra)]) == 1
    )
    assert "规范说法" in capsys.readouterr().out


def test_unreadable_file_exits_2_and_others_are_still_screened(tmp_path, capsys):
    good = tmp_path / "a.txt"
    good.write_text(f"{ID_X}", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["screen", str(missing), str(good), str(empty)]) == 2
    captured = capsys.readouterr()
    assert (
        "无法读取" in captured.err and "missing.txt" in captured.err and "empty.txt" in captured.err
    )
    assert "身份证号码" in captured.out


def test_bad_dictionary_exits_2(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("文字", encoding="utf-8")
    extra = tmp_path / "bad.tsv"
    extra.write_text("词\tnonsense\n", encoding="utf-8")
    assert main(["screen", str(path), "--dictionary", str(extra)]) == 2
    assert "类型" in capsys.readouterr().err
