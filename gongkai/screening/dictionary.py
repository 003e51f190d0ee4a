"""Dictionaries of terms to flag, compiled into one Aho–Corasick automaton.

A government office proofreads for 错别字 (typos with a known correct form), outdated or
wrong official names (机构改革, laws replaced), 不规范表述 and leaders' names with the wrong
title. All of those are fixed strings, so one automaton over every term of every dictionary
finds them in one pass over the text, whatever the number of terms (``ahocorasick-rs``:
DEPENDENCIES.md "Matching many terms"). The automaton is built once per dictionary and
reused; the default (starter) dictionary is built once per process.

TSV format (UTF-8, one term a line, ``#`` starts a comment line, empty lines ignored)::

    term <TAB> kind <TAB> suggestion <TAB> severity <TAB> note

* ``kind``: ``typo`` (错别字, C-1), ``sensitive`` / ``outdated`` / ``expression`` (C-2),
  ``leader`` (a leader's name; the suggestion lists their titles separated by ``|``, C-2
  error when another title follows the name), ``ok`` (an exception: a correct word that
  contains a flagged term, e.g. 按装修 for 按装 — matching is leftmost-longest, so the
  longer correct word wins and hides the shorter term inside it).
* ``severity``: ``error`` or ``warning``; empty means warning (error for ``leader``).
* trailing columns may be left out.

Later dictionaries override earlier ones term by term (``merge``): an administrator's
list can downgrade, reword or, with kind ``ok``, switch off a starter entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import ahocorasick_rs

from .findings import ScreeningFinding, Severity

__all__ = [
    "Dictionary",
    "DictionaryError",
    "Term",
    "TermKind",
    "default_dictionary",
    "load_dictionary",
    "merge",
    "parse_tsv",
]


class TermKind(StrEnum):
    TYPO = "typo"
    SENSITIVE = "sensitive"
    OUTDATED = "outdated"
    EXPRESSION = "expression"
    LEADER = "leader"
    OK = "ok"

    @property
    def rule(self) -> str:
        return "C-1" if self is TermKind.TYPO else "C-2"


_KIND_WORDS = {
    TermKind.TYPO: "疑似错别字",
    TermKind.SENSITIVE: "敏感或不当表述",
    TermKind.OUTDATED: "过时的名称或表述",
    TermKind.EXPRESSION: "不规范表述",
}


@dataclass(frozen=True)
class Term:
    text: str
    kind: TermKind
    suggestion: str = ""
    severity: Severity = Severity.WARNING
    note: str = ""

    @property
    def titles(self) -> tuple[str, ...]:
        """A leader's own titles (the suggestion column, ``|``-separated)."""
        return tuple(t.strip() for t in self.suggestion.split("|") if t.strip())


class DictionaryError(ValueError):
    """A malformed dictionary line; the message names the file and line, in Chinese."""


# Titles looked for after a leader's name, besides every title a leader entry lists.
# Longest first in the pattern, so 副县长 is read as 副县长 and not as 县长.
_GENERIC_TITLES = (
    "书记",
    "副书记",
    "省长",
    "副省长",
    "市长",
    "副市长",
    "县长",
    "副县长",
    "区长",
    "副区长",
    "镇长",
    "副镇长",
    "乡长",
    "副乡长",
    "主任",
    "副主任",
    "局长",
    "副局长",
    "主席",
    "副主席",
    "部长",
    "副部长",
    "秘书长",
    "副秘书长",
    "厅长",
    "副厅长",
    "委员",
    "常委",
)
# How far after a name a title still belongs to it: "张三同志、县长" is 4 characters away.
LEADER_WINDOW = 6


class Dictionary:
    """Terms by their text, and the automaton over them (built on first use, then kept)."""

    def __init__(self, terms: Iterable[Term] = (), name: str = "") -> None:
        self.name = name
        self.terms: dict[str, Term] = {}
        for term in terms:
            if term.text:
                self.terms[term.text] = term  # a later line overrides an earlier one

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, text: object) -> bool:
        return text in self.terms

    @classmethod
    def from_tsv(cls, path: str | Path) -> Dictionary:
        path = Path(path)
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise DictionaryError(f"无法读取词典 {path}：{e}") from e
        return cls(parse_tsv(content, str(path)), name=path.name)

    @cached_property
    def _compiled(self) -> tuple[ahocorasick_rs.AhoCorasick | None, list[Term]]:
        ordered = list(self.terms.values())
        if not ordered:
            return None, ordered
        # Leftmost-longest: an ``ok`` word hides the shorter term it contains, and of two
        # overlapping terms the longer, more specific one is reported.
        automaton = ahocorasick_rs.AhoCorasick(
            [t.text for t in ordered], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )
        return automaton, ordered

    def compile(self) -> Dictionary:
        """Build the automaton now (it is otherwise built on first use); returns self."""
        _ = self._compiled
        return self

    @cached_property
    def _title_pattern(self) -> re.Pattern[str]:
        titles = set(_GENERIC_TITLES)
        for term in self.terms.values():
            if term.kind is TermKind.LEADER:
                titles.update(term.titles)
        alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
        return re.compile(alternation)

    def matches(self, text: str) -> Iterator[tuple[Term, int, int]]:
        """(term, start, end) of every non-overlapping match, ``ok`` terms included."""
        automaton, ordered = self._compiled
        if automaton is None or not text:
            return
        for index, start, end in automaton.find_matches_as_indexes(text):
            yield ordered[index], start, end

    def screen(self, text: str) -> list[ScreeningFinding]:
        """C-1 / C-2 findings of this dictionary in ``text``."""
        found: list[ScreeningFinding] = []
        for term, start, end in self.matches(text):
            if term.kind is TermKind.OK:
                continue
            if term.kind is TermKind.LEADER:
                hit = self._wrong_title(term, text, end)
                if hit is not None:
                    found.append(hit)
                continue
            found.append(_term_finding(term, start, end))
        return found

    def _wrong_title(self, leader: Term, text: str, name_end: int) -> ScreeningFinding | None:
        """A title right after a leader's name that is not one of theirs (C-2 error).

        Only the first title within LEADER_WINDOW characters counts: in "张三县长、李四副县长"
        副县长 belongs to 李四. Titles before the name are not judged (they may belong to
        the previous name in a list).
        """
        window = text[name_end : name_end + LEADER_WINDOW]
        m = self._title_pattern.search(window)
        if m is None or m.group(0) in leader.titles:
            return None
        # The name's own titles stop the look-ahead: "张三、李四副县长" is not about 张三.
        between = window[: m.start()]
        if any(ch in between for ch in "、，,。；;：:\n") or (self._names_in(between)):
            return None
        start, end = name_end + m.start(), name_end + m.end()
        own = "、".join(leader.titles) or "（未登记）"
        return ScreeningFinding(
            "C-2",
            leader.severity,
            start,
            end,
            text[start:end],
            f"领导姓名“{leader.text}”后的职务“{m.group(0)}”与登记的职务（{own}）不符，请核对",
            leader.titles[0] if len(leader.titles) == 1 else own,
            "leader_title",
        )

    def _names_in(self, fragment: str) -> bool:
        return any(t.kind is TermKind.LEADER for t, _, _ in self.matches(fragment))


def _term_finding(term: Term, start: int, end: int) -> ScreeningFinding:
    words = _KIND_WORDS[term.kind]
    if term.suggestion:
        message = f"{words}：“{term.text}”，建议改为“{term.suggestion}”"
    else:
        message = f"{words}：“{term.text}”，请核对"
    if term.note:
        message += f"（{term.note}）"
    return ScreeningFinding(
        term.kind.rule,
        term.severity,
        start,
        end,
        term.text,
        message,
        term.suggestion,
        str(term.kind),
    )


def parse_tsv(content: str, source: str = "词典") -> list[Term]:
    """The terms of a TSV dictionary (format in the module docstring)."""
    terms: list[Term] = []
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        cols += [""] * (5 - len(cols))
        text, kind_word, suggestion, severity_word, note = cols[:5]
        if not text:
            raise DictionaryError(f"{source} 第 {number} 行：第一列（词语）为空")
        try:
            kind = TermKind(kind_word or "typo")
        except ValueError:
            allowed = "、".join(k.value for k in TermKind)
            raise DictionaryError(
                f"{source} 第 {number} 行：类型“{kind_word}”无法识别（可用：{allowed}）"
            ) from None
        if severity_word:
            try:
                severity = Severity(severity_word)
            except ValueError:
                raise DictionaryError(
                    f"{source} 第 {number} 行：级别“{severity_word}”无法识别（可用：error、warning）"
                ) from None
        else:
            severity = Severity.ERROR if kind is TermKind.LEADER else Severity.WARNING
        terms.append(Term(text, kind, suggestion, severity, note))
    return terms


def merge(*dictionaries: Dictionary) -> Dictionary:
    """One dictionary of all the terms; a later dictionary's entry wins over an earlier one."""
    names = "+".join(d.name for d in dictionaries if d.name)
    return Dictionary((t for d in dictionaries for t in d.terms.values()), name=names)


def _starter_terms() -> list[Term]:
    data = resources.files(__package__).joinpath("data")
    terms: list[Term] = []
    for entry in sorted(data.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".tsv"):
            terms.extend(parse_tsv(entry.read_text(encoding="utf-8"), f"data/{entry.name}"))
    return terms


@cache
def default_dictionary() -> Dictionary:
    """The shipped starter dictionary (``data/*.tsv``), compiled once per process."""
    return Dictionary(_starter_terms(), name="starter").compile()


def load_dictionary(*paths: str | Path, starter: bool = True) -> Dictionary:
    """The starter dictionary (unless ``starter=False``) merged with administrators' TSV
    files, in order, compiled."""
    parts = [default_dictionary()] if starter else []
    parts += [Dictionary.from_tsv(p) for p in paths]
    if len(parts) == 1:
        return parts[0].compile()
    return merge(*parts).compile()
