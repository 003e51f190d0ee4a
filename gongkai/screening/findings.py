"""What a screening detector says about a piece of text.

One shape for every detector (dictionary, stray tokens, personal data, links) so that the
CLI, the report checker and later the Django review queue print, mask and store them alike.
Positions are Python string indices (characters, not bytes) into the text that was screened.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..annualreport.model import Severity

__all__ = ["Severity", "ScreeningFinding", "RULE_NAMES", "quote"]

# The rule ids of spec/checks.md "Content screening".
RULE_NAMES = {
    "C-1": "错别字或夹杂字符",
    "C-2": "敏感或过时、不规范的表述",
    "C-3": "个人信息",
    "C-4": "无法访问的链接",
}


@dataclass(frozen=True)
class ScreeningFinding:
    """One hit. ``text`` is exactly ``screened[start:end]``.

    ``kind`` names the detector ("typo", "english_word", "id_card", "mobile", "link" …) so
    that masking and statistics need not parse messages; ``where`` is filled in by
    ``screen_file`` ("第 3 段", "表格 1 第 2 行第 4 列") and is empty for plain text.
    """

    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    message_zh: str
    suggestion: str = ""
    kind: str = ""
    where: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def at(self, where: str) -> ScreeningFinding:
        """The same finding, located in a block of a document."""
        return ScreeningFinding(
            self.rule,
            self.severity,
            self.start,
            self.end,
            self.text,
            self.message_zh,
            self.suggestion,
            self.kind,
            where,
        )


def quote(text: str, start: int, end: int, width: int = 12) -> str:
    """The hit in its context, marked 【…】: "…存在一些问题【 and 】不足，一是…"."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return (before + "【" + text[start:end] + "】" + after).replace("\n", " ")
