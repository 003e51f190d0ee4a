"""What the result page shows for one check, as plain data for the template.

The findings get stable page ids (``finding-3``) that the marked cells point at, their
location in the words of the paper form (``output.location_words`` — the same wording as
the command line), and the explanation given for them, if any.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongkai.annualreport.output import FORMAT_NAMES, location_words

from .models import FindingExplanation, ReportCheck
from .selectors import explanations_for
from .tables import SEVERITY_WORDS, SYMBOLS, TableView, build_tables

SEVERITY_ORDER = ("error", "warning", "info")


@dataclass
class FindingGroup:
    severity: str
    label: str
    symbol: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(1 for f in self.findings if not f["explained"])


@dataclass
class CheckPage:
    check: ReportCheck
    format_name: str
    tables: list[TableView]
    groups: list[FindingGroup]
    verdict: str
    verdict_level: str


def _verdict(open_counts: dict[str, int]) -> tuple[str, str]:
    """One line that tells the clerk what to do next (as the command line does)."""
    if open_counts["error"]:
        return _("✗ 有 %(n)d 个未说明的错误，需要改正后再发布") % {
            "n": open_counts["error"]
        }, "error"
    if open_counts["warning"]:
        return _("! 没有未说明的错误，但有需要人工核对的地方"), "warning"
    return _("✓ 没有发现需要处理的错误"), "ok"


def _where(where: str, message: str) -> str:
    """The place in words, unless the message already starts by naming it: the engine's
    table messages begin with "表三「…」行", and saying it twice is noise."""
    if not where or where in message:
        return ""
    if where.startswith(("表二", "表三", "表四")) and message.startswith(where[:2]):
        return ""
    return where


def check_page(check: ReportCheck) -> CheckPage:
    report = check.report or {}
    fmt = report.get("format")
    explained: dict[tuple[str, str], FindingExplanation] = explanations_for(check)
    findings: list[dict[str, Any]] = []
    for i, f in enumerate(report.get("findings") or [], start=1):
        key = (f.get("rule", ""), f.get("location", ""))
        explanation = explained.get(key)
        where = location_words(f.get("location", ""), fmt)
        findings.append(
            {
                **f,
                "id": f"finding-{i}",
                "where": _where(where, f.get("message", "")),
                "explained": explanation is not None,
                "explanation": explanation,
                "symbol": SYMBOLS.get(f.get("severity", ""), "!"),
                "severity_label": SEVERITY_WORDS.get(f.get("severity", ""), f.get("severity", "")),
            }
        )
    tables = build_tables(report, findings) if check.report else []
    groups = []
    for sev in SEVERITY_ORDER:
        items = [f for f in findings if f.get("severity") == sev]
        if items:
            groups.append(FindingGroup(sev, SEVERITY_WORDS[sev], SYMBOLS[sev], items))
    open_counts = {
        sev: sum(1 for f in findings if f.get("severity") == sev and not f["explained"])
        for sev in SEVERITY_ORDER
    }
    verdict, level = _verdict(open_counts)
    return CheckPage(
        check=check,
        format_name=FORMAT_NAMES.get(fmt, fmt or FORMAT_NAMES[None]),
        tables=tables,
        groups=groups,
        verdict=verdict,
        verdict_level=level,
    )
