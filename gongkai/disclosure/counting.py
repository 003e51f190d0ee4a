"""Tables 三 and 四 of the annual report, counted from the cases themselves.

Table 三 counts applications (件), one row per application, whatever the number of items
it asked for (:func:`case_row`), in the column of its applicant. For a report year:

* ``new_received`` — received in the year;
* ``carried_in`` — received before 1 January and not concluded before it;
* the result rows — concluded in the year, in the row of :func:`case_row`;
* ``carried_forward`` — received by 31 December and not concluded by then.

Every case received by 31 December and not concluded before 1 January is therefore in
exactly one of new_received / carried_in and exactly one of the results / carried_forward,
which is the printed 勾稽关系 (一 + 二 = 三 + 四) by construction. Last year's
carried_forward is this year's carried_in for the same cases (T3-6).

Table 四 counts 行政复议 and 行政诉讼 in the year they were filed, with their result as
known on 31 December of that year: decided later means 尚未审结.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.annualreport.formats import (
    FORMATS,
    OTHER_SUBROWS,
    TABLE3_APPLICANT_COLUMNS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2019,
    V2021,
    format_for_year,
    table3_result_rows,
)
from gongkai.annualreport.model import Finding, Report

from .outcomes import OUTCOMES

__all__ = [
    "APPEAL_KINDS",
    "APPEAL_RESULTS",
    "AppealRecord",
    "CaseRecord",
    "as_report",
    "case_row",
    "expected_format",
    "table3",
    "table4",
    "table_findings",
]

Table = dict[str, dict[str, int]]

APPEAL_KINDS = tuple(TABLE4_BLOCKS)  # review, litigation_direct, litigation_after_review
APPEAL_RESULTS = ("upheld", "corrected", "other_result", "pending")


@dataclass(frozen=True)
class CaseRecord:
    """One application as table 三 sees it.

    ``item_outcomes`` holds one Outcome key per item the application asked for, in the
    order the applicant wrote them (the first is the main request); it may be empty only
    while the case is open.
    """

    case_id: str
    applicant_column: str
    received_on: dt.date
    concluded_on: dt.date | None
    item_outcomes: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.applicant_column not in TABLE3_APPLICANT_COLUMNS:
            raise ValueError(
                f"{self.case_id}: applicant_column {self.applicant_column!r} is not one of "
                f"{', '.join(TABLE3_APPLICANT_COLUMNS)}"
            )
        unknown = [k for k in self.item_outcomes if k not in OUTCOMES]
        if unknown:
            raise ValueError(f"{self.case_id}: unknown outcome(s) {', '.join(unknown)}")
        if self.concluded_on is not None:
            if self.concluded_on < self.received_on:
                raise ValueError(f"{self.case_id}: concluded before it was received")
            if not self.item_outcomes:
                raise ValueError(f"{self.case_id}: a concluded case needs its outcomes")


@dataclass(frozen=True)
class AppealRecord:
    """One 行政复议 or 行政诉讼 arising from an application.

    ``result`` is "pending" exactly when ``decided_on`` is None.
    """

    case_id: str
    kind: str
    filed_on: dt.date
    result: str
    decided_on: dt.date | None

    def __post_init__(self) -> None:
        if self.kind not in APPEAL_KINDS:
            raise ValueError(f"{self.case_id}: kind {self.kind!r} is not one of {APPEAL_KINDS}")
        if self.result not in APPEAL_RESULTS:
            raise ValueError(
                f"{self.case_id}: result {self.result!r} is not one of {APPEAL_RESULTS}"
            )
        if (self.result == "pending") != (self.decided_on is None):
            raise ValueError(f"{self.case_id}: a decided appeal needs its date and its result")
        if self.decided_on is not None and self.decided_on < self.filed_on:
            raise ValueError(f"{self.case_id}: decided before it was filed")


def case_row(item_outcomes: Iterable[str]) -> str:
    """The one table 三 row of an application whose items were decided ``item_outcomes``.

    The form counts applications, not items. Its own words settle two cases:

    * every item provided (予以公开, or already public and the applicant told where) →
      ``granted``;
    * some items provided and others not, or an item itself partly provided →
      ``partially_granted`` only: the row label of 国办公开办函〔2021〕30号 reads
      "区分处理的，只计这一情形，不计其他情形".

    When nothing is provided and the items were refused on different grounds, we found no
    official instruction: the 30号 format (and 〔2019〕60号 before it) prints no 填报说明 for
    table 三 beyond that row label and the 勾稽关系 note, and neither says which ground
    counts. **Our rule**: the row of the first item, the main request, as the applicant
    wrote it. It keeps one application in one row (the sums hold) and it is what the
    letter answers first; offices that decide otherwise should order the items so.

    Every item counts as "not provided" unless its outcome provides information, so an
    item the applicant withdrew (other_misc) next to a granted one makes the application
    partially_granted. A whole application that ends by withdrawal, lapse of 补正 or an
    unpaid fee has that single outcome as its only item.
    """
    keys = tuple(item_outcomes)
    if not keys:
        raise ValueError("an application has at least one item")
    decided = [OUTCOMES[k] for k in keys]
    if any(o.table3_row == "partially_granted" for o in decided):
        return "partially_granted"
    provided = [o.provides_information for o in decided]
    if all(provided):
        return "granted"
    if any(provided):
        return "partially_granted"
    return decided[0].table3_row


def _empty(rows: Iterable[str], columns: Iterable[str]) -> Table:
    cols = tuple(columns)
    return {row: dict.fromkeys(cols, 0) for row in rows}


def table3(cases: Iterable[CaseRecord], year: int, fmt: str = V2021) -> Table:
    """Table 三 for ``year`` in format ``fmt`` (v2021, or v2019 with one （六）其他处理 row).

    Every row of the format and every column (the six applicant columns and 总计) is
    present and a whole number; total_processed is the sum of the result rows.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    form = FORMATS[fmt]
    table = _empty(form.table3_rows, TABLE3_COLUMNS)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for case in cases:
        col = case.applicant_column
        done = case.concluded_on
        if case.received_on > last or (done is not None and done < first):
            continue  # not this year's business at all
        table["new_received" if case.received_on >= first else "carried_in"][col] += 1
        if done is not None and done <= last:
            row = case_row(case.item_outcomes)
            if fmt == V2019 and row in OTHER_SUBROWS:
                row = "other"
            table[row][col] += 1
        else:
            table["carried_forward"][col] += 1
    results = [r for r in table3_result_rows(form) if r != "total_processed"]
    for col in TABLE3_APPLICANT_COLUMNS:
        table["total_processed"][col] = sum(table[r][col] for r in results)
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in TABLE3_APPLICANT_COLUMNS)
    return table


def table4(appeals: Iterable[AppealRecord], year: int) -> Table:
    """Table 四 for ``year``: the appeals filed in the year, by block and result."""
    table = _empty(TABLE4_BLOCKS, TABLE4_COLUMNS)
    last = dt.date(year, 12, 31)
    for appeal in appeals:
        if appeal.filed_on.year != year:
            continue
        known = appeal.decided_on is not None and appeal.decided_on <= last
        table[appeal.kind][appeal.result if known else "pending"] += 1
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in APPEAL_RESULTS)
    return table


def as_report(table3: Table, table4: Table, year: int, agency: str) -> Report:
    """A :class:`~gongkai.annualreport.model.Report` holding the two computed tables.

    Only tables 三 and 四 are filled: sections, table 二 and the text are the clerk's to
    write, so the structure and text rules will rightly say they are missing. Use
    :func:`table_findings` for what the T3/T4 rules say about the tables. The format is
    the one the table shows (a single ``other`` row means v2019).
    """
    fmt = V2019 if "other" in table3 else V2021
    return Report(
        source=f"gongkai:{agency}:{year}",
        format=fmt,
        year=year,
        agency=agency,
        table3={row: dict(cells) for row, cells in table3.items()},
        table4={block: dict(cells) for block, cells in table4.items()},
        formats_seen={"table3": fmt, "table4": fmt},
        table3_single_other=False,
    )


def table_findings(report: Report, previous: Report | None = None) -> list[Finding]:
    """The T3-* and T4-* findings of the annual-report checker on ``report``."""
    # Imported here: the checker is large and only this helper needs it.
    from gongkai.annualreport.checks import run_checks

    return [f for f in run_checks(report, previous) if f.rule.startswith(("T3-", "T4-"))]


def expected_format(year: int) -> str:
    """The table format a report for ``year`` must use (v2019 for 2019 and 2020)."""
    return format_for_year(year) or V2021
