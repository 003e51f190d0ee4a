"""The outcome registry against the 2019 条例 and the annual-report format."""

from __future__ import annotations

import pytest

from gongkai.annualreport.formats import FORMAT_2021, table3_result_rows
from gongkai.disclosure.outcomes import (
    OUTCOMES,
    REGULATION,
    Outcome,
    outcome,
    outcomes_for_row,
    remedy_text,
)

# Typed in from the text of the 2019 条例 (国务院令第711号), not read from the package:
# outcome key -> (table 三 row, article cited).
EXPECTED = {
    "granted": ("granted", "第三十六条第（二）项"),
    "granted_already_public": ("granted", "第三十六条第（一）项"),
    "partially_granted": ("partially_granted", "第三十七条"),
    "denied_state_secret": ("denied_state_secret", "第十四条"),
    "denied_prohibited": ("denied_prohibited", "第十四条"),
    "denied_security_stability": ("denied_security_stability", "第十四条"),
    "denied_third_party": ("denied_third_party", "第十五条"),
    "denied_internal_affairs": ("denied_internal_affairs", "第十六条第一款"),
    "denied_process_info": ("denied_process_info", "第十六条第二款"),
    "denied_enforcement_file": ("denied_enforcement_file", "第十六条第二款"),
    "denied_admin_query": ("denied_admin_query", "第三十六条第（七）项"),
    "unable_not_held": ("unable_not_held", "第三十六条第（四）项"),
    "unable_other_agency": ("unable_not_held", "第三十六条第（五）项"),
    "unable_needs_creation": ("unable_needs_creation", "第三十八条"),
    "unable_still_unclear": ("unable_still_unclear", "第三十条"),
    "notproc_petition": ("notproc_petition", "第三十九条第一款"),
    "notproc_duplicate": ("notproc_duplicate", "第三十六条第（六）项"),
    "notproc_publication": ("notproc_publication", "第三十九条第二款"),
    "notproc_excessive": ("notproc_excessive", "第三十五条"),
    "notproc_confirmation": ("notproc_confirmation", "第二条"),
    "other_no_correction": ("other_no_correction", "第三十条"),
    "other_fee_unpaid": ("other_fee_unpaid", "第四十二条"),
    "other_misc": ("other_misc", ""),
}


def test_registry_is_exactly_the_expected_outcomes():
    assert set(OUTCOMES) == set(EXPECTED)
    for key, o in OUTCOMES.items():
        assert o.key == key


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_row_and_article(key):
    row, article = EXPECTED[key]
    o = OUTCOMES[key]
    assert o.table3_row == row
    if article:
        assert o.article.startswith(f"{REGULATION}{article}")
    else:
        assert o.article == ""


def test_fee_unpaid_also_cites_the_fee_measures():
    assert "国办函〔2020〕109号" in OUTCOMES["other_fee_unpaid"].article


def test_every_result_row_of_the_form_has_an_outcome():
    rows = set(table3_result_rows(FORMAT_2021)) - {"total_processed"}
    assert rows == {o.table3_row for o in OUTCOMES.values()}


def test_only_granting_outcomes_provide_information():
    providing = {k for k, o in OUTCOMES.items() if o.provides_information}
    assert providing == {"granted", "granted_already_public", "partially_granted"}


def test_review_first_marks_every_refusal_to_disclose():
    # 行政复议法 (2023) 第二十三条: 不予公开 must go to review before court.
    marked = {k for k, o in OUTCOMES.items() if o.review_first}
    expected = {k for k in OUTCOMES if k.startswith("denied_")} | {"partially_granted"}
    assert marked == expected


def test_labels_are_distinct_and_grounds_are_sentences():
    labels = [o.label_zh for o in OUTCOMES.values()]
    assert len(labels) == len(set(labels))
    for o in OUTCOMES.values():
        assert o.ground_zh.endswith("。"), o.key
        assert "  " not in o.ground_zh


def test_outcomes_for_row():
    assert [o.key for o in outcomes_for_row("granted")] == ["granted", "granted_already_public"]
    assert {o.key for o in outcomes_for_row("unable_not_held")} == {
        "unable_not_held",
        "unable_other_agency",
    }
    # v2019's single （六）其他处理 row gathers the three v2021 sub-rows.
    assert [o.key for o in outcomes_for_row("other")] == [
        "other_no_correction",
        "other_fee_unpaid",
        "other_misc",
    ]
    assert outcomes_for_row("total_processed") == ()


def test_outcome_lookup():
    assert outcome("granted") is OUTCOMES["granted"]
    with pytest.raises(KeyError, match="nonsense"):
        outcome("nonsense")


def test_an_outcome_outside_the_form_is_refused():
    with pytest.raises(ValueError, match="not a table 三 row"):
        Outcome("x", "x", "denied_whatever", "", "x。", False)


def test_remedy_text():
    text = remedy_text("盐池县人民政府", "盐池县人民法院")
    assert "六十日内向盐池县人民政府申请行政复议" in text
    assert "六个月内向盐池县人民法院提起行政诉讼" in text
    assert "收到本告知书之日起" in text


def test_remedy_text_review_first():
    text = OUTCOMES["denied_state_secret"].remedy_text("盐池县人民政府", "盐池县人民法院")
    assert "六十日内向盐池县人民政府申请行政复议" in text
    assert "应当先申请行政复议" in text
    assert "十五日内向盐池县人民法院提起行政诉讼" in text
    assert "六个月" not in text
    # A decision that discloses nothing but is no refusal keeps both routes open.
    assert "六个月" in OUTCOMES["unable_not_held"].remedy_text("甲", "乙")


def test_remedy_text_needs_both_names():
    with pytest.raises(ValueError):
        remedy_text(" ", "盐池县人民法院")


def test_legal_basis_wording():
    assert OUTCOMES["denied_third_party"].legal_basis_zh == f"根据{REGULATION}第十五条的规定"
    assert OUTCOMES["other_misc"].legal_basis_zh == ""
