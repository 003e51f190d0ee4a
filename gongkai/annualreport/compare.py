"""Comparison of two annual reports: two years of one agency, or two agencies in one year.

Plain functions that return data; the terminal rendering is ``output.render_comparison`` and
the JSON is ``Comparison.to_dict``. What a supervisor wants to see:

* every cell of tables 二/三/四 with A, B and the change;
* when the reports are consecutive years, the cross-year rules (T2-4 现行有效件数 carried on,
  T3-6 上年结转 = last year's 结转下年度, X-6 条文雷同), run by the checks themselves so the
  comparison and ``report check --previous`` never disagree;
* for each of the six sections, how much of the narrative is the same text — copied
  paragraphs are the commonest sign of a report written without looking at the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .checks import CheckSettings
from .checks.text import comparable_text, similarity
from .model import SECTION_KEYS, Finding, Number, Report
from .output import all_cells

CROSS_YEAR_RULES = frozenset({"T2-4", "T3-6", "X-6"})
# The same measure and thresholds as rule X-6, so `compare` and `check --previous` agree.
SIMILAR_THRESHOLD = CheckSettings.similar_threshold
MIN_CHARS_FOR_SIMILAR = CheckSettings.similar_min_chars


@dataclass(frozen=True)
class CellChange:
    """One cell of both reports. ``in_a``/``in_b`` say whether the report has the cell at
    all (its format has it and the table is there): a v2019 cell in a v2021 report is not
    a change, it is not comparable; a blank cell (None) in a table that has it is."""

    location: str
    label: str
    a: Number | None
    b: Number | None
    in_a: bool = True
    in_b: bool = True

    @property
    def changed(self) -> bool:
        return self.in_a and self.in_b and self.a != self.b

    @property
    def delta(self) -> Number | None:
        if self.a is None or self.b is None:
            return None
        d = self.b - self.a
        return round(d, 6) if isinstance(d, float) else d

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "label": self.label,
            "a": self.a,
            "b": self.b,
            "delta": self.delta,
            "changed": self.changed,
            "in_a": self.in_a,
            "in_b": self.in_b,
        }


@dataclass(frozen=True)
class SectionSimilarity:
    key: str
    ratio: float | None  # 0..1; None when a side lacks the section
    a_chars: int
    b_chars: int
    similar: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.key,
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "a_chars": self.a_chars,
            "b_chars": self.b_chars,
            "similar": self.similar,
        }


@dataclass
class Comparison:
    a: Report
    b: Report
    cells: list[CellChange]
    sections: list[SectionSimilarity]
    # "a_then_b" when B is the year after A, "b_then_a" for the reverse, None otherwise.
    cross_year: Literal["a_then_b", "b_then_a"] | None = None
    cross_year_findings: list[Finding] = field(default_factory=list)
    a_name: str = "A"
    b_name: str = "B"
    threshold: float = SIMILAR_THRESHOLD

    @property
    def changed_cells(self) -> list[CellChange]:
        return [c for c in self.cells if c.changed]

    def to_dict(self, all_cells: bool = False) -> dict[str, Any]:
        def side(r: Report, name: str) -> dict[str, Any]:
            return {"source": name, "agency": r.agency, "year": r.year, "format": r.format}

        return {
            "a": side(self.a, self.a_name),
            "b": side(self.b, self.b_name),
            "cells": [c.to_dict() for c in (self.cells if all_cells else self.changed_cells)],
            "changed_cells": len(self.changed_cells),
            "cross_year": self.cross_year,
            "cross_year_findings": [f.to_dict() for f in self.cross_year_findings],
            "sections": [s.to_dict() for s in self.sections],
            "similar_threshold": self.threshold,
        }


def cell_changes(a: Report, b: Report) -> list[CellChange]:
    """Every cell either report has, in the order of the form. Cells that neither report
    has (the other format's, or an absent table's) are left out."""
    out: list[CellChange] = []
    for cell in all_cells():
        in_a, in_b = _has_cell(a, cell.location), _has_cell(b, cell.location)
        if not (in_a or in_b):
            continue
        va, vb = a.value(cell.location), b.value(cell.location)
        out.append(CellChange(cell.location, cell.label, va, vb, in_a, in_b))
    return out


def _has_cell(report: Report, location: str) -> bool:
    table, row, col = location.split(".")
    data = getattr(report, table)
    return data is not None and col in data.get(row, {})


def section_similarity(
    a: Report, b: Report, threshold: float = SIMILAR_THRESHOLD
) -> list[SectionSimilarity]:
    out: list[SectionSimilarity] = []
    for key in SECTION_KEYS:
        ta, tb = a.texts.get(key, "") or "", b.texts.get(key, "") or ""
        la, lb = len(comparable_text(ta)), len(comparable_text(tb))
        if not la or not lb:
            out.append(SectionSimilarity(key, None, la, lb, False))
            continue
        ratio = similarity(ta, tb)
        similar = ratio >= threshold and min(la, lb) >= MIN_CHARS_FOR_SIMILAR
        out.append(SectionSimilarity(key, ratio, la, lb, similar))
    return out


def consecutive(a: Report, b: Report) -> Literal["a_then_b", "b_then_a"] | None:
    if a.year is None or b.year is None:
        return None
    if b.year == a.year + 1:
        return "a_then_b"
    if a.year == b.year + 1:
        return "b_then_a"
    return None


def compare_reports(
    a: Report,
    b: Report,
    *,
    cross_year_findings: list[Finding] | None = None,
    a_name: str | None = None,
    b_name: str | None = None,
    threshold: float = SIMILAR_THRESHOLD,
) -> Comparison:
    """Compare two reports already read and checked. ``cross_year_findings`` are the
    findings of the later report checked against the earlier one (see ``compare_paths``)."""
    return Comparison(
        a=a,
        b=b,
        cells=cell_changes(a, b),
        sections=section_similarity(a, b, threshold),
        cross_year=consecutive(a, b),
        cross_year_findings=[f for f in (cross_year_findings or []) if f.rule in CROSS_YEAR_RULES],
        a_name=a_name or a.source,
        b_name=b_name or b.source,
        threshold=threshold,
    )


def cross_year_findings(path_a: Path, a: Report, path_b: Path, b: Report) -> list[Finding]:
    """Check the later report again with the earlier one as ``previous`` and keep the
    cross-year findings. Empty when the two are not consecutive years."""
    from .pipeline import check_path

    order = consecutive(a, b)
    if order == "a_then_b":
        return [f for f in check_path(path_b, previous=a).findings if f.rule in CROSS_YEAR_RULES]
    if order == "b_then_a":
        return [f for f in check_path(path_a, previous=b).findings if f.rule in CROSS_YEAR_RULES]
    return []


def compare_paths(path_a: Path, path_b: Path) -> Comparison:
    """Read, check and compare two files (raises ReadError when one cannot be read)."""
    from .pipeline import check_path

    a = check_path(path_a)
    b = check_path(path_b)
    cross = cross_year_findings(path_a, a, path_b, b)
    return compare_reports(a, b, cross_year_findings=cross, a_name=str(path_a), b_name=str(path_b))
