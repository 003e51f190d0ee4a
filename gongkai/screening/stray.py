"""Stray tokens in Chinese prose (C-1): things no dictionary can list.

* an English word between Chinese words ("问题 and 不足") — left behind by a translation
  tool or a template; acronyms (APP, PDF, GDP) and mixed-case product names (App, Excel)
  are normal in government text and are not flagged: only all-lowercase words are;
* a doubled function character (的的, 了了) — but never real reduplication (常常, 看看,
  人人, 实实在在, 不了了之): only characters that are never doubled in standard writing
  are looked at, and a few idioms that contain them are allowed;
* half-width punctuation between Chinese characters (, ; : ? ! and half-width brackets
  around Chinese text), which the 公文 style (GB/T 15834) writes full-width;
* a 文号 with square or round brackets around the year (国办发[2019]54号 -> 〔2019〕);
* a digit 0 among Chinese numerals (二0二四年 -> 二〇二四年).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import ScreeningFinding, Severity

__all__ = ["find_stray_tokens"]

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\uff08\uff09\u201c\u201d\u2018\u2019"

# A lowercase word; it is stray when Chinese (or Chinese punctuation) is on its left and
# Chinese on its right, spaces allowed. The neighbours are checked in Python: a regex
# that starts with a look-behind is tried at every character and is 5x slower.
_LOWER_WORD = re.compile(r"[a-z]{2,}")
_BEFORE_OK = re.compile(rf"[{_HAN}{_CJK_PUNCT}][ \t\u3000]*$")
_AFTER_OK = re.compile(rf"[ \t\u3000]*[{_HAN}]")
_IS_HAN = re.compile(rf"[{_HAN}]")
_ENGLISH_SUGGESTIONS = {
    "and": "和",
    "or": "或",
    "of": "的",
    "with": "与",
    "in": "在",
    "to": "至",
    "the": "",
    "is": "是",
    "for": "为",
    "by": "由",
    "etc": "等",
    "vs": "与",
}

# Characters that standard writing never doubles; reduplicated words (常常, 看看, 人人,
# 天天, 个个, 一把把) are built from other characters and are therefore never looked at.
# 和, 对, 为, 把, 将 are left out: 祥和和谐, 对对方, 认为为难, 一把把, 将将来 are correct.
_FUNCTION_CHARS = "的了在是与及并或被于之已向从"
_DOUBLED = re.compile(rf"([{_FUNCTION_CHARS}])\1+")
# Idioms and set phrases in which one of those characters is legitimately doubled.
_DOUBLED_ALLOWED = (
    "实实在在",
    "自自在在",
    "是是非非",
    "的的确确",
    "不了了之",
    "一了了之",
    "为了了解",
    "除了了解",
    "为了了结",
    "目的的",
    # 在 + a word that starts with 在: 在在建项目中, 在在校学生中.
    "在在建",
    "在在校",
    "在在职",
    "在在岗",
    "在在编",
    "在在押",
    "在在线",
    "在在册",
)

_HALF_PUNCT = re.compile(r"[,;:?!]")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# Half-width brackets around text that contains Chinese and is next to Chinese.
_HALF_BRACKETS = re.compile(rf"\(([^()\n]{{0,40}}[{_HAN}][^()\n]{{0,40}})\)")

# The bracketed year and the number; the issuing word before it is checked afterwards
# (a pattern starting with "any Chinese character" would be tried everywhere).
_DOC_NUMBER = re.compile(r"([\[【(（])[ \t]*((?:19|20)\d\d)[ \t]*([\]】)）])[ \t]*\d{1,4}[ \t]*号")
_ISSUER_END = re.compile(rf"[{_HAN}](?:发|函|字|办|令|号|通|复|文)[ \t]*$")
_ZERO_IN_NUMERALS = re.compile(r"(?<=[一二三四五六七八九〇零])[0０OoΟ](?=[一二三四五六七八九〇零])")


def find_stray_tokens(text: str) -> list[ScreeningFinding]:
    """Every C-1 stray-token finding in ``text``, in order of position."""
    found = [
        *_english_words(text),
        *_doubled(text),
        *_half_width(text),
        *_doc_numbers(text),
        *_zeros(text),
    ]
    return sorted(found, key=lambda f: (f.start, f.end))


def _english_words(text: str) -> Iterator[ScreeningFinding]:
    for m in _LOWER_WORD.finditer(text):
        before = _BEFORE_OK.search(text, max(0, m.start() - 4), m.start())
        after = _AFTER_OK.match(text, m.end(), m.end() + 4)
        if before is None or after is None:
            continue
        if m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # the end of a longer word (Excel, gov)
        word = m.group(0)
        # With the spaces around it: they go too.
        start = before.start() + 1
        end = after.end() - 1
        fix = _ENGLISH_SUGGESTIONS.get(word)
        if fix is None:
            message = f"中文句子中夹有英文单词“{word}”，请改为中文或删除"
            suggestion = ""
        elif fix:
            message = f"中文句子中夹有英文单词“{word}”，建议改为“{fix}”"
            suggestion = fix
        else:
            message = f"中文句子中夹有英文单词“{word}”，建议删除"
            suggestion = ""
        yield ScreeningFinding(
            "C-1",
            Severity.WARNING,
            start,
            end,
            text[start:end],
            message,
            suggestion,
            "english_word",
        )


def _doubled(text: str) -> Iterator[ScreeningFinding]:
    for m in _DOUBLED.finditer(text):
        if _inside_allowed(text, m.start(), m.end()):
            continue
        char = m.group(1)
        yield ScreeningFinding(
            "C-1",
            Severity.WARNING,
            m.start(),
            m.end(),
            m.group(0),
            f"“{m.group(0)}”疑似多打了字，建议改为“{char}”",
            char,
            "doubled_char",
        )


def _inside_allowed(text: str, start: int, end: int) -> bool:
    for phrase in _DOUBLED_ALLOWED:
        lo = max(0, start - len(phrase))
        pos = text.find(phrase, lo, end + len(phrase))
        while pos >= 0 and pos <= start:
            if pos + len(phrase) >= end:
                return True
            pos = text.find(phrase, pos + 1, end + len(phrase))
    return False


def _half_width(text: str) -> Iterator[ScreeningFinding]:
    for m in _HALF_PUNCT.finditer(text):
        i = m.start()
        if i == 0 or not _IS_HAN.match(text, i - 1) or not _IS_HAN.match(text, i + 1):
            continue
        mark = m.group(0)
        yield ScreeningFinding(
            "C-1",
            Severity.WARNING,
            m.start(),
            m.end(),
            mark,
            f"中文句子中使用了半角标点“{mark}”，应使用全角“{_FULL[mark]}”",
            _FULL[mark],
            "half_width_punct",
        )
    if "(" not in text:
        return
    for m in _HALF_BRACKETS.finditer(text):
        inner = m.group(1)
        yield ScreeningFinding(
            "C-1",
            Severity.WARNING,
            m.start(),
            m.end(),
            m.group(0),
            f"中文内容使用了半角括号“{m.group(0)}”，应使用全角括号",
            f"（{inner}）",
            "half_width_punct",
        )


def _doc_numbers(text: str) -> Iterator[ScreeningFinding]:
    if "号" not in text:
        return
    for m in _DOC_NUMBER.finditer(text):
        if not _ISSUER_END.search(text, max(0, m.start() - 8), m.start()):
            continue
        start, end = m.start(1), m.end(3)
        fixed = f"〔{m.group(2)}〕"
        yield ScreeningFinding(
            "C-1",
            Severity.WARNING,
            start,
            end,
            text[start:end],
            f"文号中的年份应使用六角括号：“{text[start:end]}”应写作“{fixed}”",
            fixed,
            "doc_number_brackets",
        )


def _zeros(text: str) -> Iterator[ScreeningFinding]:
    for m in _ZERO_IN_NUMERALS.finditer(text):
        yield ScreeningFinding(
            "C-1",
            Severity.WARNING,
            m.start(),
            m.end(),
            m.group(0),
            f"汉字数字中夹有“{m.group(0)}”，应写作“〇”",
            "〇",
            "zero_in_numerals",
        )
