"""The canonical model of one annual report, and of what a check says about it.

A blank cell is ``None``, never 0: a township that leaves 行政复议 blank has not reported
zero appeals, it has not reported at all, and the checker must be able to say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Number = int | float
Table = dict[str, dict[str, Number | None]]

SECTION_KEYS = (
    "overview",
    "proactive",
    "applications",
    "review_litigation",
    "problems",
    "other_matters",
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem found in a report, in words a township clerk understands."""

    rule: str
    severity: Severity
    location: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "location": self.location,
            "message": self.message,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class LabelVariant:
    """A table label written differently from the official one (feeds F-3)."""

    location: str  # e.g. "table3.columns.public_interest"
    found: str
    official: str


@dataclass
class Report:
    source: str
    format: str | None = None
    year: int | None = None
    agency: str | None = None
    title: str | None = None
    publication_date: dt.date | None = None
    # Which of the six sections are present, and their titles as written, in reading order.
    sections: dict[str, bool] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    section_order: list[str] = field(default_factory=list)
    preface: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    table2: Table | None = None
    table3: Table | None = None
    table4: Table | None = None
    # Figures stated in the narrative ("收到政府信息公开申请 1 件" -> applications_received).
    narrative: dict[str, Number] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # What the reader noticed while extracting; the checks turn these into findings.
    cell_text: dict[str, str] = field(default_factory=dict)  # location -> raw text of odd cells
    label_variants: list[LabelVariant] = field(default_factory=list)
    extra_labels: list[tuple[str, str]] = field(default_factory=list)  # (table, label)
    formats_seen: dict[str, str] = field(default_factory=dict)  # table -> format its headers show
    table3_single_other: bool = False  # a v2021 table 三 with one （六）其他处理 row
    read_problems: list[Finding] = field(default_factory=list)
    full_text: str = ""

    def value(self, location: str) -> Number | None:
        """The value at ``table3.granted.total``-style location, None when absent."""
        table, row, col = location.split(".")
        data = getattr(self, table)
        if not data:
            return None
        return data.get(row, {}).get(col)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON shape (annual-report-format.yaml, final comment)."""
        return {
            "source": self.source,
            "format": self.format,
            "year": self.year,
            "agency": self.agency,
            "title": self.title,
            "publication_date": self.publication_date.isoformat()
            if self.publication_date
            else None,
            "sections": {k: self.sections.get(k, False) for k in SECTION_KEYS},
            "table2": self.table2,
            "table3": self.table3,
            "table4": self.table4,
            "narrative": self.narrative,
            "texts": self.texts,
            "findings": [f.to_dict() for f in sorted_findings(self.findings)],
        }


def report_from_dict(data: dict[str, Any]) -> Report:
    """The inverse of ``Report.to_dict`` for JSON we wrote ourselves (a stored check, a
    published snapshot): lenient — absent keys are empty, findings of an unknown severity
    are dropped. JSON from outside goes through ``render.source.parse_report_json``, which
    checks every value and says what is wrong."""
    date = data.get("publication_date")
    severities = {s.value for s in Severity}
    return Report(
        source=str(data.get("source") or ""),
        format=data.get("format"),
        year=data.get("year"),
        agency=data.get("agency"),
        title=data.get("title"),
        publication_date=dt.date.fromisoformat(date) if isinstance(date, str) and date else None,
        sections=dict(data.get("sections") or {}),
        section_titles=dict(data.get("section_titles") or {}),
        section_order=list(data.get("section_order") or []),
        preface=str(data.get("preface") or ""),
        texts=dict(data.get("texts") or {}),
        table2=data.get("table2"),
        table3=data.get("table3"),
        table4=data.get("table4"),
        narrative=dict(data.get("narrative") or {}),
        findings=[
            Finding(
                str(f.get("rule", "")),
                Severity(f["severity"]),
                str(f.get("location", "")),
                str(f.get("message", "")),
                dict(f.get("evidence") or {}),
            )
            for f in data.get("findings") or []
            if f.get("severity") in severities
        ],
    )


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.rule, f.location))


def has_errors(report: Report) -> bool:
    return any(f.severity is Severity.ERROR for f in report.findings)
