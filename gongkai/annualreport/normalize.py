"""Normalisation of text and cells as real reports write them.

Published reports mix full- and half-width punctuation and digits, put spaces and line
breaks inside labels (a PDF prints 三、本年度办理结果 one character per line), use curly
or straight quotes, sometimes Traditional characters, and write cells as ``/``, ``—``,
``+3`` or ``251000元``. Everything here is pure and fast: it runs on every cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

# Characters that only occur in Traditional Chinese text; finding one means the text is
# converted with zhconv (slow, so only then).
_TRADITIONAL_HINTS = frozenset(
    "報數開處條機關請資訊據結轉總計與為於這們說國會時發實經現點當體從種頭門問麼軍區產應來"
    "對過還進動後學員義業東長電記務變車執決議訴訟複審維糾濟費聯絡閱覽網頁統類"
)

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"'}
)
_BRACKETS = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "［": "(", "］": ")"}
)
_DASHES = "-‐‑‒–—―−－─━"
_WS = re.compile(r"\s+")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, only when the text shows Traditional characters."""
    if _TRADITIONAL_HINTS.isdisjoint(text):
        return text
    import zhconv  # imported lazily: loading its dictionary costs ~0.3 s

    return zhconv.convert(text, "zh-cn")


def clean_text(text: str) -> str:
    """Text as a human reads it: NFC, no zero-width characters, normalised line ends."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in ("\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"):
        text = text.replace(ch, "")
    return text.replace("\u00a0", " ").replace("\u3000", " ")


@lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    """The form under which two labels are 'the same': width, spaces, quotes and bracket
    styles do not matter; wording does."""
    s = unicodedata.normalize("NFKC", to_simplified(label))
    s = s.translate(_QUOTES).translate(_BRACKETS)
    s = _WS.sub("", s)
    s = s.replace('"', "").replace("'", "")
    s = s.replace("．", ".").replace("。", ".")
    return s


# Enumerators in front of a label: "一、", "(一)", "1.", "1、", "（七）".
_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\d{1,2}[.、,](?!\d))"
)


def split_enumerator(key: str) -> tuple[str, str]:
    """("(三)", "不予公开") from a label_key. Works on keys, not raw labels."""
    m = _ENUM.match(key)
    if not m:
        return "", key
    return m.group(0), key[m.end() :]


class CellKind(StrEnum):
    NUMBER = "number"
    BLANK = "blank"  # nothing written
    DASH = "dash"  # "/", "—", "-": written as not applicable
    TEXT = "text"  # something that is not a number ("无", "见附件")


@dataclass(frozen=True)
class Cell:
    kind: CellKind
    value: int | float | None
    raw: str
    signed: bool = False  # "+3"
    unit: str = ""  # "元" in "251000元"

    @property
    def is_value(self) -> bool:
        """Could this cell stand in a row of figures (as opposed to being a label)?"""
        return self.kind is not CellKind.TEXT or self.raw in _VALUE_WORDS


_VALUE_WORDS = frozenset({"无", "空", "暂无", "不适用", "/", "／"})
_NUM = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|个|条|项|人次|次|%)?$")


@lru_cache(maxsize=16384)
def parse_cell(raw: str) -> Cell:
    """Read one table cell. Never raises."""
    s = unicodedata.normalize("NFKC", raw)
    s = _WS.sub("", s)
    if not s:
        return Cell(CellKind.BLANK, None, raw)
    if all(ch in _DASHES or ch in "/\\／" for ch in s):
        return Cell(CellKind.DASH, None, raw)
    m = _NUM.match(s)
    if not m:
        return Cell(CellKind.TEXT, None, raw)
    sign, whole, frac, unit = m.groups()
    whole = whole.replace(",", "")
    value: int | float = float(f"{whole}.{frac}") if frac else int(whole)
    if sign == "-":
        value = -value
    return Cell(CellKind.NUMBER, value, raw, signed=bool(sign), unit=unit or "")
