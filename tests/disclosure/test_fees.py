"""信息处理费 at every band boundary of 国办函〔2020〕109号, and by property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.disclosure.fees import (
    DEFAULT_FEE_POLICY,
    FeeMethod,
    FeePolicy,
    fee_for,
    month_total_fee,
    per_application_fee,
    per_page_fee,
)


@pytest.mark.parametrize(
    ("nth", "amount"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (60, 400),
        (61, 500),
    ],
)
def test_per_application_boundaries(nth, amount):
    fee = per_application_fee(nth)
    assert fee.amount == amount
    assert fee.method is FeeMethod.PER_APPLICATION


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 pages × 10
        (101, 720),  # 700 + 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 40
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_per_page_boundaries(pages, amount):
    assert per_page_fee(pages).amount == amount


@pytest.mark.parametrize(
    ("count", "amount"),
    [(10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000), (51, 7400)],
)
def test_month_total_boundaries(count, amount):
    assert month_total_fee(count).amount == amount


def test_explanation_lists_every_band_used():
    text = per_page_fee(250).explain_zh()
    for words in (
        "第1—30页（免费）：30页",
        "第31—100页（每页10元）：70页，70×10元＝700元",
        "第101—200页（每页20元）：100页，100×20元＝2000元",
        "第201页及以上（每页40元）：50页，50×40元＝2000元",
        "合计应收4700元",
    ):
        assert words in text
    assert "第101" not in per_page_fee(60).explain_zh()
    assert per_page_fee(12).explain_zh().endswith("合计不收费。")


def test_per_application_explanation_names_the_rank():
    text = per_application_fee(43).explain_zh()
    assert "第43件申请" in text
    assert "第41—50件（每件300元）" in text
    assert "合计应收300元" in text


def test_one_method_per_application():
    with pytest.raises(ValueError):
        fee_for(FeeMethod.PER_PAGE, pages=40, nth_in_month=12)
    with pytest.raises(ValueError):
        fee_for(FeeMethod.PER_APPLICATION, pages=40)
    with pytest.raises(ValueError):
        fee_for("per_page")
    assert fee_for("per_page", pages=40).amount == 100
    assert fee_for("per_application", nth_in_month=12).amount == 100


def test_bad_quantities():
    with pytest.raises(ValueError):
        per_application_fee(0)
    with pytest.raises(ValueError):
        per_page_fee(-1)


def test_default_policy_exempts_nobody_and_does_not_pause_the_clock():
    assert DEFAULT_FEE_POLICY.pause_clock_while_pending is False
    assert fee_for("per_page", pages=40, applicant_column="research").amount == 100


def test_exempt_applicant_type():
    policy = FeePolicy(exempt_columns=frozenset({"research"}))
    fee = policy.fee_for("per_page", pages=40, applicant_column="research")
    assert fee.amount == 0
    assert fee.due_before_exemption == 100
    assert "申请人为科研机构" in fee.explain_zh()
    assert policy.fee_for("per_page", pages=40, applicant_column="commercial").amount == 100


def test_named_exemptions():
    policy = FeePolicy(named_exemptions=("申请人为最低生活保障对象",))
    fee = policy.fee_for("per_application", nth_in_month=35, exempt="申请人为最低生活保障对象")
    assert (fee.amount, fee.due_before_exemption) == (0, 200)
    assert "实收0元" in fee.explain_zh()
    with pytest.raises(ValueError):
        policy.fee_for("per_application", nth_in_month=35, exempt="认识局长")


def test_unknown_exempt_column():
    with pytest.raises(ValueError):
        FeePolicy(exempt_columns=frozenset({"students"}))


@given(st.integers(0, 2000))
def test_page_fee_never_decreases(pages):
    assert per_page_fee(pages + 1).amount >= per_page_fee(pages).amount
    assert sum(line.quantity for line in per_page_fee(pages).lines) == pages


@given(st.integers(1, 500))
def test_application_fee_never_decreases(nth):
    assert per_application_fee(nth + 1).amount >= per_application_fee(nth).amount
    assert month_total_fee(nth + 1).amount >= month_total_fee(nth).amount


@given(st.integers(0, 200))
def test_month_total_is_the_sum_of_its_applications(count):
    assert month_total_fee(count).amount == sum(
        per_application_fee(n).amount for n in range(1, count + 1)
    )
