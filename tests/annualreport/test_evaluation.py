"""Evaluation on real published reports: ../shared/seeds and ../shared/realdata.

These reports are reference material beside the repository, never copied into it. When
the folder is absent (a fresh clone elsewhere) the tests skip and say why.
"""

import json
import re
from pathlib import Path

import pytest

from gongkai.annualreport.model import Severity
from gongkai.annualreport.pipeline import check_path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared（真实年报参考资料）不在仓库旁边：评测测试跳过"
)


def _cases() -> list[tuple[Path, Path]]:
    if not SHARED.is_dir():
        return []
    seeds = [
        (p, SHARED / "seeds" / "expected" / f"{p.stem}.json")
        for p in sorted((SHARED / "seeds").glob("*.txt"))
    ]
    real = [(p, p.with_suffix(".json")) for p in sorted((SHARED / "realdata").glob("*.pdf"))]
    return [(src, exp) for src, exp in seeds + real if exp.exists()]


CASES = _cases()
IDS = [src.name for src, _ in CASES]
_checked: dict[Path, object] = {}


def checked(path: Path):
    if path not in _checked:
        _checked[path] = check_path(path)
    return _checked[path]


@pytest.mark.parametrize(("source", "expected_path"), CASES, ids=IDS)
def test_every_expected_cell_is_read_exactly(source, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = checked(source)
    wrong = []
    for table in ("table2", "table3", "table4"):
        want, got = expected.get(table), getattr(report, table)
        if want is None:
            assert got is None, f"{table} should be absent"
            continue
        assert got is not None, f"{table} was not found"
        for row, cols in want.items():
            for col, value in cols.items():
                if got.get(row, {}).get(col, "absent") != value:
                    wrong.append(
                        (f"{table}.{row}.{col}", got.get(row, {}).get(col, "absent"), value)
                    )
    assert wrong == []


@pytest.mark.parametrize(("source", "expected_path"), CASES, ids=IDS)
def test_format_year_agency_and_sections_are_recognised(source, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    report = checked(source)
    assert (report.format, report.year, report.agency) == (
        expected["format"],
        expected["year"],
        expected["agency"],
    )
    if "sections" in expected:
        assert report.sections == expected["sections"]


@pytest.mark.parametrize(("source", "expected_path"), CASES, ids=IDS)
def test_figures_stated_in_the_narrative_are_read(source, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8")).get("narrative", {})
    report = checked(source)
    assert {k: report.narrative.get(k) for k in expected} == expected


_RULE = re.compile(r"\b([A-Z][0-9]?-[0-9])\b")


@pytest.mark.parametrize(("source", "expected_path"), CASES, ids=IDS)
def test_every_must_find_rule_is_reported(source, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    found = {f.rule for f in checked(source).findings}
    wanted = {m["rule"] for m in expected.get("must_find", [])}
    assert wanted <= found, f"missing {wanted - found}"


@pytest.mark.parametrize(("source", "expected_path"), CASES, ids=IDS)
def test_nothing_in_must_not_find_is_reported(source, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    findings = checked(source).findings
    for item in expected.get("must_not_find", []):
        if "error-severity" in item:
            assert [f for f in findings if f.severity is Severity.ERROR] == [], item
        for rule in _RULE.findall(item):
            assert rule not in {f.rule for f in findings}, item
