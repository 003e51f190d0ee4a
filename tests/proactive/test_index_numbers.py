"""索引号 from a configurable pattern."""

import pytest

from gongkai.proactive.index_numbers import (
    DEFAULT_PATTERN,
    IndexPatternError,
    Parts,
    format_number,
    validate_pattern,
)


def test_the_default_pattern_pads_the_running_number():
    parts = Parts("11371326004405003T", "t05", 2026, 7)
    assert format_number(DEFAULT_PATTERN, parts) == "11371326004405003T-2026-00007"


def test_a_pattern_with_the_catalogue_code():
    pattern = "{机构代码}/{分类}-{年}-{序号}"
    assert format_number(pattern, Parts("QS", "t05-02", 2026, 12)) == "QS/t05-02-2026-12"
    # Filed under no catalogue entry: 其他.
    assert format_number(pattern, Parts("QS", "", 2026, 12)) == "QS/QT-2026-12"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{机构}-{年}-{序号}", "未知的占位符“{机构}”"),
        ("{agency}-{年}-{序号}", "未知的占位符“{agency}”"),
        ("{机构代码}-{序号}", "必须包含{年}"),
        ("{机构代码}-{年}", "必须包含{序号}"),
        ("{年}-{序号", "花括号不成对"),
        ("{年}-{}", "空的占位符"),
        ("{年}-{序号:>5}", "无法识别"),
        ("{年:04}-{序号}", "只有序号可以指定位数"),
        ("{年}-{序号!r}", "去掉"),
        ("", "不能为空"),
        ("X" * 95 + "{年}{序号}", "超过 100 个字符"),
    ],
)
def test_an_unusable_pattern_is_refused_in_chinese(pattern, message):
    with pytest.raises(IndexPatternError, match=message.replace("{", r"\{").replace("}", r"\}")):
        validate_pattern(pattern)


def test_literal_text_and_braces_escaped():
    assert format_number("GK{{{年}}}-{序号:03}", Parts("", "", 2026, 5)) == "GK{2026}-005"
