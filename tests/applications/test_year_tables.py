"""Tables 三 and 四 counted from the cases themselves, against a hand count."""

import datetime as dt

import pytest

from gongkai.applications import selectors
from tests.applications.year_cases import six_cases

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def office(world, time_machine):
    """Six applications to 青石镇 across 2025 and 2026, each handled on its own dates."""

    def on(day):
        time_machine.move_to(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC))

    six_cases(world, on)
    return world.town_a


def nonzero(table):
    return {
        (row, col): n
        for row, cells in table.items()
        for col, n in cells.items()
        if n and col != "total"
    }


def test_table_three_of_2026_equals_the_hand_count(office):
    tables = selectors.annual_tables([office], 2026)
    assert nonzero(tables.table3) == {
        # 一、新收: 丙 丁 (自然人), 乙 (商业企业), 戊 (科研机构), 己 (法律服务机构)
        ("new_received", "natural_person"): 2,
        ("new_received", "commercial"): 1,
        ("new_received", "research"): 1,
        ("new_received", "legal_service"): 1,
        # 二、上年结转: 甲, received in December 2025
        ("carried_in", "natural_person"): 1,
        ("granted", "natural_person"): 1,  # 甲
        ("partially_granted", "commercial"): 1,  # 乙: one item given, one withheld
        ("unable_not_held", "natural_person"): 1,  # 丙: the first item's ground
        ("other_no_correction", "research"): 1,  # 戊
        ("other_misc", "natural_person"): 1,  # 丁 withdrew
        ("total_processed", "natural_person"): 3,
        ("total_processed", "commercial"): 1,
        ("total_processed", "research"): 1,
        ("carried_forward", "legal_service"): 1,  # 己
    }
    assert tables.table3["new_received"]["total"] == 5
    assert tables.table3["total_processed"]["total"] == 5
    assert tables.findings == []


def test_table_four_counts_appeals_filed_in_the_year_with_their_result_at_year_end(office):
    t4 = selectors.annual_tables([office], 2026).table4
    assert nonzero(t4) == {("review", "corrected"): 1, ("litigation_direct", "pending"): 1}
    assert t4["review"]["total"] == 1 and t4["litigation_after_review"]["total"] == 0


def test_a_case_open_on_31_december_is_carried_forward_then_carried_in(office):
    last_year = selectors.annual_tables([office], 2025).table3
    this_year = selectors.annual_tables([office], 2026).table3
    assert last_year["new_received"]["natural_person"] == 1
    assert last_year["carried_forward"]["natural_person"] == 1
    assert last_year["total_processed"]["total"] == 0
    assert this_year["carried_in"] == last_year["carried_forward"]
