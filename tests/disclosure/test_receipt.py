"""The receipt date of 第三十一条, channel by channel."""

import datetime as dt

import pytest

from gongkai.disclosure.receipt import RULES, Channel, ReceiptError, receipt_date

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize("channel", list(Channel))
def test_every_channel_has_its_rule_and_asks_for_its_own_date(channel):
    rule = RULES[channel]
    assert "第三十一条" in rule.basis_zh
    with pytest.raises(ReceiptError, match=rule.date_question_zh):
        receipt_date(channel, None, TODAY)


def test_ordinary_mail_counts_from_the_day_the_office_confirms_with_the_applicant():
    assert "确认" in RULES[Channel.POST_ORDINARY].date_question_zh
    assert "签收" in RULES[Channel.POST_SIGNED].date_question_zh


def test_a_receipt_date_after_today_is_refused():
    with pytest.raises(ReceiptError, match="晚于今天"):
        receipt_date(Channel.IN_PERSON, dt.date(2026, 11, 21), TODAY)


def test_a_receipt_date_more_than_a_year_back_is_taken_for_a_typing_slip():
    with pytest.raises(ReceiptError, match="年份"):
        receipt_date(Channel.IN_PERSON, dt.date(2025, 11, 1), TODAY)
    assert receipt_date(Channel.IN_PERSON, dt.date(2026, 1, 5), TODAY) == dt.date(2026, 1, 5)
