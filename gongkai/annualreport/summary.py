"""A county's (or any supervisor's) summary: tables 二, 三 and 四 summed over the reports of
its agencies, and the table checks of the engine re-run on the sums.

Plain Python: it takes ``Report`` objects, wherever they came from (a report made on the
platform, an uploaded file read by the engine), and returns a ``Report`` of sums.

Blanks — the decision, and why:

* A cell blank in **every** agency's report stays blank in the summary: nobody reported
  it, and a 0 would claim that somebody did. The engine's blank-cell rules (T2-1, T3-4,
  T4-2) then say so on the summary, as they would on any report.
* A cell blank in **some** reports is summed over the figures that were given — a blank
  adds nothing — and every agency that left it blank is named, cell by cell
  (``Summary.blanks``). The sum is then a lower bound, and the page says whose figures are
  missing, so nobody mistakes it for a complete count. Treating the whole cell as blank
  instead would let one careless township erase the county's figure; guessing a value
  would invent one.
* An agency with no report of record at all is named in ``Summary.missing`` and adds
  nothing to any cell.
* A report in the other national format (a 2020 report uploaded for 2021) is summed cell
  by cell where the two formats share a cell (table 三 and 四 are the same; table 二's
  rows 规章/规范性文件 differ in columns); its cells the summary's format does not have
  are left out, and the agency is named in ``Summary.other_format``.

Figures that are not numbers ("/", "—", text) count as blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .checks import DEFAULT_SETTINGS, CheckContext, CheckSettings, num, tidy
from .checks import table2 as table2_rules
from .checks import table3 as table3_rules
from .checks import table4 as table4_rules
from .formats import (
    FORMATS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
    V2021,
    Format,
    format_for_year,
)
from .model import Finding, Number, Report, Table, sorted_findings

TABLE_RULES = (*table2_rules.RULES, *table3_rules.RULES, *table4_rules.RULES)


@dataclass(frozen=True)
class Part:
    """One agency of the summary: its name and its report of record (None: none)."""

    name: str
    report: Report | None


@dataclass
class Summary:
    report: Report  # the sums, with the findings of the table checks on them
    included: list[str] = field(default_factory=list)  # agencies whose figures are in it
    missing: list[str] = field(default_factory=list)  # agencies without a report of record
    # agency -> the cells it left blank where at least one other agency gave a figure
    blanks: dict[str, list[str]] = field(default_factory=dict)
    all_blank: list[str] = field(default_factory=list)  # cells blank in every report
    other_format: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    def blank_agencies(self, location: str) -> list[str]:
        """The agencies that left this cell blank while others filled it."""
        return [name for name, cells in self.blanks.items() if location in cells]


def cell_locations(fmt: Format) -> list[str]:
    """Every data cell of the three tables in ``fmt``, in the order of the paper form."""
    cells = [f"table2.{row}.{col}" for row, cols in fmt.table2_rows.items() for col in cols]
    cells += [f"table3.{row}.{col}" for row in fmt.table3_rows for col in TABLE3_COLUMNS]
    cells += [f"table4.{block}.{col}" for block in TABLE4_BLOCKS for col in TABLE4_COLUMNS]
    return cells


def _format_of(report: Report) -> str | None:
    return report.format or format_for_year(report.year)


def sum_reports(
    parts: Sequence[Part],
    *,
    year: int,
    name: str,
    previous: Report | None = None,
    settings: CheckSettings | None = None,
) -> Summary:
    """Sum the tables of ``parts`` into one report named ``name`` for ``year`` and run the
    engine's table checks on it (``previous``: last year's summary, for the cross-year
    rules T2-4 and T3-6)."""
    fmt_name = format_for_year(year) or V2021
    fmt = FORMATS[fmt_name]
    locations = cell_locations(fmt)
    reports = [(p.name, p.report) for p in parts if p.report is not None]
    summary = Summary(
        report=Report(source=name, format=fmt_name, year=year, agency=name, title=name),
        included=[n for n, _r in reports],
        missing=[p.name for p in parts if p.report is None],
        other_format=[n for n, r in reports if _format_of(r) not in (None, fmt_name)],
    )
    # The cells each report's own format has: a cell its format lacks is neither a figure
    # nor a blank of that agency.
    own_cells = {
        id(r): set(cell_locations(FORMATS.get(_format_of(r) or fmt_name, fmt))) for _n, r in reports
    }
    tables: dict[str, Table] = {"table2": {}, "table3": {}, "table4": {}}
    for location in locations:
        table, row, col = location.split(".")
        values: list[Number] = []
        blank: list[str] = []
        for agency, report in reports:
            if location not in own_cells[id(report)]:
                continue
            value = num(report.value(location))
            if value is None:
                blank.append(agency)
            else:
                values.append(value)
        total: Number | None = tidy(sum(values)) if values else None
        tables[table].setdefault(row, {})[col] = total
        if total is None:
            summary.all_blank.append(location)
            # The blank-cell rules word a cell without raw text as "not read"; these were read
            # and found blank everywhere.
            summary.report.cell_text[location] = ""
        else:
            for agency in blank:
                summary.blanks.setdefault(agency, []).append(location)
    report = summary.report
    if reports:
        report.table2, report.table3, report.table4 = (
            tables["table2"],
            tables["table3"],
            tables["table4"],
        )
    report.formats_seen = {t: fmt_name for t in ("table2", "table3", "table4")}
    report.publication_date = None
    report.findings = check_tables(report, previous, settings)
    return summary


def check_tables(
    report: Report, previous: Report | None = None, settings: CheckSettings | None = None
) -> list[Finding]:
    """The engine's rules for tables 二, 三 and 四 (T2, T3, T4) on a report that was not read
    from a document — a summary, or tables built from data. The structure, format and text
    rules (S, F, X) need a document and say nothing useful about sums."""
    ctx = CheckContext(report, previous, settings or DEFAULT_SETTINGS)
    findings: list[Finding] = []
    for rule in TABLE_RULES:
        findings.extend(rule(ctx))
    return sorted_findings(findings)


def cell_sum(reports: Iterable[Report], location: str) -> Number | None:
    """One cell summed over reports, with the module's blank rule (None if blank in all)."""
    values = [v for v in (num(r.value(location)) for r in reports) if v is not None]
    return tidy(sum(values)) if values else None
