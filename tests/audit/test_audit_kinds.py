"""Every kind of entry the platform writes has a Chinese name in the viewer."""

import re
from pathlib import Path

import gongkai
from gongkai.audit.kinds import KIND_LABELS, kind_label, register

SOURCE = Path(gongkai.__file__).parent
WRITTEN = re.compile(r'kind="([a-z_]+\.[a-z_]+)"')


def kinds_written_in_the_code() -> set[str]:
    return {
        kind
        for path in SOURCE.rglob("*.py")
        for kind in WRITTEN.findall(path.read_text(encoding="utf-8"))
    }


def test_every_kind_written_by_the_code_has_a_label():
    missing = sorted(kinds_written_in_the_code() - set(KIND_LABELS))
    assert not missing, f"add labels to gongkai/audit/kinds.py: {missing}"


def test_an_unknown_kind_shows_its_code_and_a_family_its_name():
    assert kind_label("something.new") == "something.new"
    assert kind_label("auth") == "登录与账户安全"


def test_apps_can_name_their_own_kinds():
    register("test.kind_named", "测试")
    try:
        assert kind_label("test.kind_named") == "测试"
    finally:
        del KIND_LABELS["test.kind_named"]
