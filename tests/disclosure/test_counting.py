"""Tables 三 and 四 counted from cases, by hand and by property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annualreport.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE3_APPLICANT_COLUMNS,
    TABLE3_COLUMNS,
    TABLE4_BLOCKS,
    TABLE4_COLUMNS,
)
from gongkai.annualreport.model import Severity
from gongkai.disclosure.counting import (
    APPEAL_KINDS,
    AppealRecord,
    CaseRecord,
    as_report,
    case_row,
    expected_format,
    table3,
    table4,
    table_findings,
)
from gongkai.disclosure.outcomes import OUTCOMES

D = dt.date

# ---------------------------------------------------------------------------------------
# case_row: one application, several items


def test_all_items_provided_is_granted():
    assert case_row(["granted"]) == "granted"
    assert case_row(["granted_already_public", "granted"]) == "granted"


def test_separable_handling_counts_only_as_partially_granted():
    assert case_row(["granted", "denied_third_party"]) == "partially_granted"
    assert case_row(["unable_not_held", "granted_already_public"]) == "partially_granted"
    assert case_row(["partially_granted"]) == "partially_granted"
    assert case_row(["denied_state_secret", "partially_granted"]) == "partially_granted"


def test_nothing_provided_counts_the_first_item():
    assert case_row(["unable_not_held", "denied_process_info"]) == "unable_not_held"
    assert case_row(["denied_process_info", "unable_not_held"]) == "denied_process_info"
    assert case_row(["unable_other_agency"]) == "unable_not_held"


def test_case_row_needs_an_item():
    with pytest.raises(ValueError):
        case_row([])


# ---------------------------------------------------------------------------------------
# Records refuse what cannot be counted


def test_case_record_validation():
    with pytest.raises(ValueError, match="applicant_column"):
        CaseRecord("x", "total", D(2024, 1, 2), None, ())
    with pytest.raises(ValueError, match="unknown outcome"):
        CaseRecord("x", "natural_person", D(2024, 1, 2), D(2024, 1, 3), ("maybe",))
    with pytest.raises(ValueError, match="before it was received"):
        CaseRecord("x", "natural_person", D(2024, 1, 2), D(2024, 1, 1), ("granted",))
    with pytest.raises(ValueError, match="needs its outcomes"):
        CaseRecord("x", "natural_person", D(2024, 1, 2), D(2024, 1, 3), ())


def test_appeal_record_validation():
    with pytest.raises(ValueError, match="kind"):
        AppealRecord("x", "appeal", D(2024, 1, 2), "pending", None)
    with pytest.raises(ValueError, match="result"):
        AppealRecord("x", "review", D(2024, 1, 2), "won", D(2024, 2, 2))
    with pytest.raises(ValueError, match="decided appeal"):
        AppealRecord("x", "review", D(2024, 1, 2), "upheld", None)
    with pytest.raises(ValueError, match="decided appeal"):
        AppealRecord("x", "review", D(2024, 1, 2), "pending", D(2024, 2, 2))
    with pytest.raises(ValueError, match="before it was filed"):
        AppealRecord("x", "review", D(2024, 1, 2), "upheld", D(2023, 2, 2))


# ---------------------------------------------------------------------------------------
# A year counted by hand


def _case(cid, col, received, concluded, *items):
    return CaseRecord(cid, col, received, concluded, tuple(items))


HAND_CASES = [
    _case("A", "natural_person", D(2024, 3, 1), D(2024, 3, 20), "granted"),
    _case("B", "natural_person", D(2024, 4, 1), D(2024, 4, 25), "granted", "denied_third_party"),
    _case(
        "C", "commercial", D(2024, 5, 6), D(2024, 5, 30), "unable_not_held", "denied_process_info"
    ),
    _case("D", "natural_person", D(2023, 12, 20), D(2024, 1, 15), "granted_already_public"),
    _case("E", "legal_service", D(2023, 11, 1), D(2023, 12, 1), "granted"),
    _case("F", "research", D(2024, 12, 20), None),
    _case("G", "natural_person", D(2024, 12, 25), D(2025, 1, 10), "denied_state_secret"),
    _case("H", "other_org", D(2024, 6, 1), D(2024, 6, 28), "notproc_petition"),
    _case(
        "I", "public_interest", D(2024, 7, 1), D(2024, 7, 20), "granted_already_public", "granted"
    ),
    _case("J", "natural_person", D(2024, 8, 1), D(2024, 8, 30), "other_no_correction"),
    _case(
        "K",
        "commercial",
        D(2024, 9, 2),
        D(2024, 9, 30),
        "partially_granted",
        "unable_needs_creation",
    ),
    _case("L", "natural_person", D(2023, 12, 28), None),
    _case("M", "legal_service", D(2025, 1, 2), None),
    _case("N", "natural_person", D(2024, 10, 8), D(2024, 10, 20), "other_misc"),
    _case("O", "natural_person", D(2024, 1, 1), D(2024, 12, 31), "unable_other_agency"),
]

# Counted by hand for 2024 (np = natural_person; every other cell is 0):
#   new_received:   np A B G J N O = 6, commercial C K = 2, research F = 1,
#                   public_interest I = 1, other_org H = 1            total 11
#                   (E received 2023, M received 2025: not new in 2024)
#   carried_in:     np D L = 2 (E concluded in 2023: gone)            total 2
#   granted:        np A D = 2, public_interest I = 1                 total 3
#   partially:      np B = 1 (one item given, one refused),
#                   commercial K = 1 (an item partly given)           total 2
#   unable_not_held: commercial C = 1 (first item decides, nothing given),
#                   np O = 1 (not this office's information; concluded 31 Dec) total 2
#   notproc_petition: other_org H = 1                                 total 1
#   other_no_correction: np J = 1; other_misc: np N = 1 (withdrawn)
#   total_processed: np A B D J N O = 6, commercial 2, public_interest 1,
#                   other_org 1                                       total 10
#   carried_forward: np G (concluded 2025) L (still open) = 2, research F = 1  total 3
#   check: 11 + 2 = 10 + 3; np: 6 + 2 = 6 + 2
HAND_2024 = {
    "new_received": {
        "natural_person": 6,
        "commercial": 2,
        "research": 1,
        "public_interest": 1,
        "other_org": 1,
        "total": 11,
    },
    "carried_in": {"natural_person": 2, "total": 2},
    "granted": {"natural_person": 2, "public_interest": 1, "total": 3},
    "partially_granted": {"natural_person": 1, "commercial": 1, "total": 2},
    "unable_not_held": {"natural_person": 1, "commercial": 1, "total": 2},
    "notproc_petition": {"other_org": 1, "total": 1},
    "other_no_correction": {"natural_person": 1, "total": 1},
    "other_misc": {"natural_person": 1, "total": 1},
    "total_processed": {
        "natural_person": 6,
        "commercial": 2,
        "public_interest": 1,
        "other_org": 1,
        "total": 10,
    },
    "carried_forward": {"natural_person": 2, "research": 1, "total": 3},
}


def _full(expected: dict[str, dict[str, int]], rows) -> dict[str, dict[str, int]]:
    return {row: {col: expected.get(row, {}).get(col, 0) for col in TABLE3_COLUMNS} for row in rows}


def test_hand_counted_year():
    assert table3(HAND_CASES, 2024) == _full(HAND_2024, FORMAT_2021.table3_rows)


def test_hand_counted_year_in_the_2019_format():
    expected = {r: c for r, c in HAND_2024.items() if not r.startswith("other_")}
    expected["other"] = {"natural_person": 2, "total": 2}
    assert table3(HAND_CASES, 2024, "v2019") == _full(expected, FORMAT_2019.table3_rows)


def test_hand_counted_year_passes_the_checks():
    report = as_report(table3(HAND_CASES, 2024), table4([], 2024), 2024, "盐池县高沙窝镇")
    assert report.format == "v2021"
    assert table_findings(report) == []


def test_next_year_carries_in_what_was_carried_forward():
    t2025 = table3(HAND_CASES, 2025)
    assert t2025["carried_in"] == table3(HAND_CASES, 2024)["carried_forward"]
    assert t2025["denied_state_secret"]["natural_person"] == 1  # G, concluded 2025-01-10
    assert t2025["new_received"]["legal_service"] == 1  # M


def test_empty_year_is_all_zeros():
    t = table3([], 2024)
    assert all(v == 0 for cells in t.values() for v in cells.values())
    assert set(t) == set(FORMAT_2021.table3_rows)


def test_unknown_format():
    with pytest.raises(ValueError):
        table3([], 2024, "v2030")


def test_expected_format():
    assert expected_format(2020) == "v2019"
    assert expected_format(2021) == "v2021"


# ---------------------------------------------------------------------------------------
# Table 四


def test_table4_by_hand():
    appeals = [
        AppealRecord("a", "review", D(2024, 2, 1), "upheld", D(2024, 3, 1)),
        # decided after 31 December: still pending in the 2024 report
        AppealRecord("b", "review", D(2024, 11, 1), "corrected", D(2025, 1, 5)),
        AppealRecord("c", "litigation_direct", D(2024, 5, 1), "pending", None),
        # filed in 2023: that year's table
        AppealRecord("d", "litigation_after_review", D(2023, 12, 1), "corrected", D(2024, 2, 1)),
        AppealRecord("e", "litigation_after_review", D(2024, 6, 1), "other_result", D(2024, 9, 1)),
        AppealRecord("f", "review", D(2024, 12, 31), "corrected", D(2024, 12, 31)),
    ]
    t = table4(appeals, 2024)
    assert t == {
        "review": {"upheld": 1, "corrected": 1, "other_result": 0, "pending": 1, "total": 3},
        "litigation_direct": {
            "upheld": 0,
            "corrected": 0,
            "other_result": 0,
            "pending": 1,
            "total": 1,
        },
        "litigation_after_review": {
            "upheld": 0,
            "corrected": 0,
            "other_result": 1,
            "pending": 0,
            "total": 1,
        },
    }
    # In 2023's report, d was not yet decided on 31 December 2023.
    assert table4(appeals, 2023)["litigation_after_review"] == {
        "upheld": 0,
        "corrected": 0,
        "other_result": 0,
        "pending": 1,
        "total": 1,
    }


# ---------------------------------------------------------------------------------------
# Properties

_OUTCOME_KEYS = sorted(OUTCOMES)
_DAY0 = D(2021, 1, 1)


@st.composite
def cases(draw) -> CaseRecord:
    received = _DAY0 + dt.timedelta(days=draw(st.integers(0, 6 * 365)))
    concluded = draw(st.none() | st.integers(0, 500).map(lambda n: received + dt.timedelta(days=n)))
    items = draw(st.lists(st.sampled_from(_OUTCOME_KEYS), min_size=1, max_size=4))
    if concluded is None and draw(st.booleans()):
        items = []  # an open case may not know its outcomes yet
    return CaseRecord(
        draw(st.uuids()).hex,
        draw(st.sampled_from(TABLE3_APPLICANT_COLUMNS)),
        received,
        concluded,
        tuple(items),
    )


@st.composite
def appeals(draw) -> AppealRecord:
    filed = _DAY0 + dt.timedelta(days=draw(st.integers(0, 6 * 365)))
    result = draw(st.sampled_from(("upheld", "corrected", "other_result", "pending")))
    decided = None if result == "pending" else filed + dt.timedelta(days=draw(st.integers(0, 400)))
    return AppealRecord("x", draw(st.sampled_from(APPEAL_KINDS)), filed, result, decided)


_years = st.integers(2022, 2026)
_formats = st.sampled_from(("v2021", "v2019"))


@given(st.lists(cases(), max_size=40), _years, _formats)
def test_balance_holds_by_construction(records, year, fmt):
    t = table3(records, year, fmt)
    for col in TABLE3_COLUMNS:
        assert (
            t["new_received"][col] + t["carried_in"][col]
            == t["total_processed"][col] + t["carried_forward"][col]
        )
    first, last = D(year, 1, 1), D(year, 12, 31)
    assert t["new_received"]["total"] == sum(first <= c.received_on <= last for c in records)
    assert t["carried_forward"]["total"] == sum(
        c.received_on <= last and (c.concluded_on is None or c.concluded_on > last) for c in records
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(cases(), max_size=40), st.lists(appeals(), max_size=15), _years, _formats)
def test_computed_tables_raise_no_table_errors(records, appeal_records, year, fmt):
    report = as_report(table3(records, year, fmt), table4(appeal_records, year), year, "某县某镇")
    previous = as_report(
        table3(records, year - 1, fmt), table4(appeal_records, year - 1), year - 1, "某县某镇"
    )
    findings = table_findings(report, previous)
    # No error, and no T3-6 warning either: this year's carried_in is last year's
    # carried_forward when both years are counted from the same cases.
    assert findings == [], [f.message for f in findings]
    assert not any(f.severity is Severity.ERROR for f in findings)


@given(st.lists(appeals(), max_size=30), _years)
def test_table4_totals_and_year(appeal_records, year):
    t = table4(appeal_records, year)
    assert set(t) == set(TABLE4_BLOCKS)
    for cells in t.values():
        assert set(cells) == set(TABLE4_COLUMNS)
        assert (
            cells["total"]
            == cells["upheld"] + cells["corrected"] + cells["other_result"] + cells["pending"]
        )
    assert sum(c["total"] for c in t.values()) == sum(
        a.filed_on.year == year for a in appeal_records
    )


def test_the_checks_do_see_a_wrong_table():
    # Guards the property above against passing vacuously.
    t3 = table3(HAND_CASES, 2024)
    t3["granted"]["natural_person"] += 1
    t4 = table4([], 2024)
    t4["review"]["total"] = 1
    rules = {f.rule for f in table_findings(as_report(t3, t4, 2024, "盐池县高沙窝镇"))}
    assert {"T3-2", "T3-3", "T4-1"} <= rules
