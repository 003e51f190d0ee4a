"""索引号: every item's index number, from a pattern the office configures.

A pattern is text with placeholders in braces, e.g. ``{机构代码}-{年}-{序号:05}`` or
``{机构代码}/{分类}-{年}-{序号}``:

- 机构代码 — the agency's code (often its 统一社会信用代码 or an 组织机构代码);
- 分类 — the code of the item's entry in the 公开事项目录 (``QT`` when it is filed nowhere);
- 年 — the year the number is given;
- 序号 — the running number, per agency per year; ``{序号:05}`` pads it to five digits.

Numbers must never repeat, so a pattern needs 年 and 序号 (the running number starts again
each year). Every error is a sentence a clerk can act on.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

AGENCY_CODE = "机构代码"
CATEGORY = "分类"
YEAR = "年"
SEQUENCE = "序号"
PLACEHOLDERS = (AGENCY_CODE, CATEGORY, YEAR, SEQUENCE)
REQUIRED = (YEAR, SEQUENCE)

DEFAULT_PATTERN = "{机构代码}-{年}-{序号:05}"
#: 分类 of an item filed under no catalogue entry (其他).
NO_CATEGORY = "QT"
MAX_LENGTH = 100

# Width only ("05", "3"): anything else (alignment, precision, types) is not a 索引号.
_SPEC = re.compile(r"^0?\d{1,2}$")


class IndexPatternError(ValueError):
    """A pattern that cannot give index numbers; the message says why, in Chinese."""


@dataclass(frozen=True)
class Parts:
    agency_code: str
    category: str
    year: int
    seq: int


def validate_pattern(pattern: str) -> None:
    """Raise IndexPatternError when ``pattern`` is not usable."""
    if not pattern or not pattern.strip():
        raise IndexPatternError("索引号格式不能为空")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise IndexPatternError(
            "索引号格式中的花括号不成对：占位符应写成 {机构代码}、{分类}、{年}、{序号} 这样的形式"
        ) from exc
    seen = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name == "":
            raise IndexPatternError("索引号格式中有空的占位符“{}”，请写明占位符的名称")
        if name not in PLACEHOLDERS:
            raise IndexPatternError(
                f"索引号格式中有未知的占位符“{{{name}}}”，可用的占位符有："
                + "、".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )
        if conversion:
            raise IndexPatternError(f"占位符“{{{name}}}”的写法不对，请去掉“!{conversion}”")
        if spec and (name != SEQUENCE or not _SPEC.match(spec)):
            raise IndexPatternError(
                f"占位符“{{{name}}}”后的“:{spec}”无法识别；只有序号可以指定位数，"
                "例如 {序号:05} 表示补足 5 位"
            )
        seen.add(name)
    missing = [p for p in REQUIRED if p not in seen]
    if missing:
        raise IndexPatternError(
            "索引号格式必须包含"
            + "和".join(f"{{{p}}}" for p in missing)
            + "：序号每年从 1 开始，缺少它们索引号会重复"
        )
    sample = format_number(
        pattern, Parts(agency_code="X" * 20, category="X" * 40, year=2026, seq=99999), check=False
    )
    if len(sample) > MAX_LENGTH:
        raise IndexPatternError(f"按此格式生成的索引号可能超过 {MAX_LENGTH} 个字符，请精简")


def format_number(pattern: str, parts: Parts, *, check: bool = True) -> str:
    """The index number ``parts`` give under ``pattern``."""
    if check:
        validate_pattern(pattern)
    return pattern.format_map(
        {
            AGENCY_CODE: parts.agency_code,
            CATEGORY: parts.category or NO_CATEGORY,
            YEAR: parts.year,
            SEQUENCE: parts.seq,
        }
    )
