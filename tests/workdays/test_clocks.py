import datetime as dt

import pytest

from gongkai.workdays import (
    ClockError,
    ClockSettings,
    Event,
    EventKind,
    PausedSpan,
    add_working_days,
    consultation_dues,
    deadlines,
)
from tests.workdays.official import seeded

D = dt.date
K = EventKind


def received(day: dt.date) -> Event:
    return Event(K.RECEIVED, day)


# --- add_working_days on the real 2026 calendar -------------------------------------------


def test_a_receipt_before_mid_autumn_counts_the_sunday_make_up_day_as_day_one():
    # Received Fri 9/18. 9/20 (Sun) is a make-up working day after the start, so it is
    # day 1: 9/20(1) 9/21-24(2-5) [9/25-27 off] 9/28-30(6-8) [10/1-7 off] 10/8(9) 10/9(10)
    # 10/10 Sat make-up(11) 10/12-16(12-16) 10/19-22(17-20).
    due = add_working_days(seeded(), D(2026, 9, 18), 20)
    assert due.date == D(2026, 10, 22)
    assert due.explanation.day_one == D(2026, 9, 20)
    assert not due.provisional and due.reason is None


def test_the_explanation_lists_the_holidays_skipped_and_make_up_days_counted():
    due = add_working_days(seeded(), D(2026, 9, 18), 20)
    # Weekday holidays only: 10/3 and 10/4 were a weekend anyway.
    assert due.explanation.holidays_skipped == (
        D(2026, 9, 25),
        D(2026, 10, 1),
        D(2026, 10, 2),
        D(2026, 10, 5),
        D(2026, 10, 6),
        D(2026, 10, 7),
    )
    assert due.explanation.makeup_days_counted == (D(2026, 9, 20), D(2026, 10, 10))
    text = due.explain_zh()
    assert "2026年9月18日起算" in text
    assert "2026年10月1日" in text and "2026年10月10日" in text
    assert "截止日期为2026年10月22日" in text


def test_a_receipt_on_a_holiday_starts_counting_on_the_first_working_day_after_it():
    # Received 10/2 (holiday): 10/8(1) 10/9(2) 10/10 Sat make-up(3) 10/12-16(4-8)
    # 10/19-23(9-13) 10/26-30(14-18) 11/2(19) 11/3(20).
    due = add_working_days(seeded(), D(2026, 10, 2), 20)
    assert due.explanation.day_one == D(2026, 10, 8)
    assert due.date == D(2026, 11, 3)


def test_when_the_setting_says_so_a_working_receipt_day_is_day_one():
    # Received Fri 9/18 counts as day 1, so everything is one day earlier than 10/22.
    due = add_working_days(seeded(), D(2026, 9, 18), 20, day_one_is_next_working_day=False)
    assert due.explanation.day_one == D(2026, 9, 18)
    assert due.date == D(2026, 10, 21)


def test_the_setting_changes_nothing_for_a_receipt_on_a_holiday():
    due = add_working_days(seeded(), D(2026, 10, 2), 20, day_one_is_next_working_day=False)
    assert due.date == D(2026, 11, 3)


def test_a_case_across_new_year_skips_new_year_and_counts_the_sunday_make_up_day():
    # Received Fri 2025-12-19: 12/22-26(1-5) 12/29-31(6-8) [1/1-1/3 off] 1/4 Sun(9)
    # 1/5-9(10-14) 1/12-16(15-19) 1/19(20).
    due = add_working_days(seeded(), D(2025, 12, 19), 20)
    assert due.date == D(2026, 1, 19)
    assert not due.provisional


def test_a_december_receipt_reaching_into_2027_is_provisional_with_the_reason():
    # Received Fri 12/4: 12/7-11(1-5) 12/14-18(6-10) 12/21-25(11-15) 12/28-31(16-19)
    # 2027-01-01 Fri (20) — counted Monday–Friday because 2027 is unknown.
    due = add_working_days(seeded(), D(2026, 12, 4), 20)
    assert due.date == D(2027, 1, 1)
    assert due.provisional
    assert due.reason == "2027 年的放假安排尚未录入，暂按周一至周五计算"
    assert "暂定" in due.explain_zh()


def test_confirming_2027_removes_the_provisional_mark_and_changes_nothing_else():
    before = add_working_days(seeded(), D(2026, 12, 4), 20)
    after = add_working_days(seeded().with_year(2027, [], []), D(2026, 12, 4), 20)
    assert not after.provisional and after.reason is None
    assert after.date == before.date
    assert after.explanation == before.explanation


def test_confirming_2027_with_new_year_off_moves_the_date_to_the_next_working_day():
    calendar = seeded().with_year(2027, [D(2027, 1, 1)], [])
    due = add_working_days(calendar, D(2026, 12, 4), 20)
    assert due.date == D(2027, 1, 4)  # Fri 1/1 off, then the weekend
    assert due.explanation.holidays_skipped == (D(2027, 1, 1),)
    assert not due.provisional


# --- the statutory clocks from events ----------------------------------------------------


def test_an_application_gets_its_answer_and_correction_notice_dates_on_receipt():
    result = deadlines(seeded(), [received(D(2026, 9, 18))])
    assert result["answer"].date == D(2026, 10, 22)
    # 9/20(1) 9/21-24(2-5) 9/28(6) 9/29(7)
    assert result["correction_notice"].date == D(2026, 9, 29)
    assert set(result) == {"answer", "correction_notice"}


def test_a_consultation_pause_moves_the_answer_by_the_working_days_it_used():
    events = [
        received(D(2026, 9, 18)),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 22)),
        Event(K.CONSULTATION_ENDED, D(2026, 9, 29)),
    ]
    answer = deadlines(seeded(), events)["answer"]
    # Paused working days after 9/22 up to 9/29: 9/23, 9/24, 9/28, 9/29 = 4.
    # 10/22 + 4 working days: 10/23(1) 10/26(2) 10/27(3) 10/28(4).
    assert answer.date == D(2026, 10, 28)
    assert answer.date == add_working_days(seeded(), D(2026, 9, 18), 20 + 4).date
    assert answer.explanation.paused_spans == (
        PausedSpan("征求第三方意见", D(2026, 9, 22), D(2026, 9, 29), 4),
    )
    assert "不计入" in answer.explain_zh()


def test_the_third_party_has_fifteen_working_days_from_the_consultation():
    events = [received(D(2026, 9, 18)), Event(K.CONSULTATION_STARTED, D(2026, 9, 22))]
    result = deadlines(seeded(), events)
    # 9/23(1) 9/24(2) 9/28-30(3-5) 10/8(6) 10/9(7) 10/10(8) 10/12-16(9-13) 10/19(14) 10/20(15)
    assert result["third_party_reply"].date == D(2026, 10, 20)


def test_overlapping_consultations_pause_the_clock_once_from_the_first_to_the_last_reply():
    events = [
        received(D(2026, 9, 18)),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 22), party="青石建材公司"),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 23), party="县自然资源局"),
        Event(K.CONSULTATION_ENDED, D(2026, 9, 24), party="青石建材公司"),
        Event(K.CONSULTATION_ENDED, D(2026, 9, 29), party="县自然资源局"),
    ]
    answer = deadlines(seeded(), events)["answer"]
    # One pause 9/22–9/29 (4 working days), not two overlapping ones counted twice.
    assert answer.explanation.paused_spans == (
        PausedSpan("征求第三方意见", D(2026, 9, 22), D(2026, 9, 29), 4),
    )
    assert answer.date == D(2026, 10, 28)


def test_the_clock_stays_paused_while_any_party_has_not_replied():
    events = [
        received(D(2026, 9, 18)),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 22), party="甲公司"),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 23), party="乙公司"),
        Event(K.CONSULTATION_ENDED, D(2026, 9, 24), party="甲公司"),
    ]
    assert deadlines(seeded(), events)["answer"].paused_since == D(2026, 9, 22)
    dues = consultation_dues(seeded(), events)
    # 乙公司 was asked on 9/23: 9/24(1) 9/28-30(2-4) 10/8-9(5-6) 10/10(7) 10/12-16(8-12)
    # 10/19-21(13-15).
    assert set(dues) == {"乙公司"}
    assert dues["乙公司"].date == D(2026, 10, 21)


def test_the_same_party_cannot_be_consulted_twice_at_once():
    events = [
        received(D(2026, 9, 18)),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 22), party="甲公司"),
        Event(K.CONSULTATION_STARTED, D(2026, 9, 23), party="甲公司"),
    ]
    with pytest.raises(ClockError, match="甲公司"):
        deadlines(seeded(), events)


def test_an_open_consultation_says_the_answer_date_will_still_move():
    events = [received(D(2026, 9, 18)), Event(K.CONSULTATION_STARTED, D(2026, 9, 22))]
    answer = deadlines(seeded(), events)["answer"]
    assert answer.paused_since == D(2026, 9, 22)
    assert "顺延" in answer.explain_zh()


def test_a_correction_restarts_the_answer_clock_from_the_corrected_application():
    events = [
        received(D(2026, 3, 2)),
        Event(K.CORRECTION_REQUESTED, D(2026, 3, 5)),
        Event(K.CORRECTION_RECEIVED, D(2026, 3, 10)),
    ]
    result = deadlines(seeded(), events)
    # From Tue 3/10: 3/11-13(1-3) 3/16-20(4-8) 3/23-27(9-13) 3/30-4/3(14-18)
    # [4/4-4/6 清明, 4/6 a Monday] 4/7(19) 4/8(20).
    assert result["answer"].date == D(2026, 4, 8)
    assert result["answer"].explanation.start == D(2026, 3, 10)
    assert result["answer"].explanation.holidays_skipped == (D(2026, 4, 6),)
    # The 补正 notice itself was due 7 working days after the first receipt: 3/3-6, 3/9-11.
    assert result["correction_notice"].date == D(2026, 3, 11)


def test_while_a_correction_is_awaited_there_is_no_answer_date():
    events = [received(D(2026, 3, 2)), Event(K.CORRECTION_REQUESTED, D(2026, 3, 5))]
    assert "answer" not in deadlines(seeded(), events)


def test_an_extension_adds_its_working_days_to_the_answer():
    events = [received(D(2026, 9, 18)), Event(K.EXTENDED, D(2026, 10, 20), n=20)]
    answer = deadlines(seeded(), events)["answer"]
    # 10/22 is day 20; then 10/23(21) 10/26-30(22-26) 11/2-6(27-31) 11/9-13(32-36)
    # 11/16-19(37-40).
    assert answer.date == D(2026, 11, 19)
    assert answer.explanation.extension_days == 20


def test_a_second_extension_is_refused():
    events = [
        received(D(2026, 9, 18)),
        Event(K.EXTENDED, D(2026, 10, 20), n=10),
        Event(K.EXTENDED, D(2026, 10, 21), n=10),
    ]
    with pytest.raises(ClockError, match="只能延长一次"):
        deadlines(seeded(), events)


def test_an_extension_longer_than_twenty_working_days_is_refused():
    events = [received(D(2026, 9, 18)), Event(K.EXTENDED, D(2026, 10, 20), n=21)]
    with pytest.raises(ClockError, match="20 个工作日"):
        deadlines(seeded(), events)


def test_the_fee_is_due_twenty_working_days_after_the_notice_is_received():
    events = [received(D(2026, 9, 18)), Event(K.FEE_NOTICE_RECEIVED, D(2026, 10, 9))]
    result = deadlines(seeded(), events)
    # 10/10 Sat make-up(1) 10/12-16(2-6) 10/19-23(7-11) 10/26-30(12-16) 11/2-5(17-20)
    assert result["fee_payment"].date == D(2026, 11, 5)
    # By default a pending fee does not pause the answer clock.
    assert result["answer"].date == D(2026, 10, 22)


def test_a_pending_fee_pauses_the_answer_when_the_setting_says_so():
    events = [
        received(D(2026, 9, 18)),
        Event(K.FEE_NOTICE_RECEIVED, D(2026, 10, 9)),
        Event(K.FEE_PAID, D(2026, 10, 13)),
    ]
    settings = ClockSettings(fee_pauses_answer_clock=True)
    answer = deadlines(seeded(), events, settings)["answer"]
    # Paused: 10/10, 10/12, 10/13 = 3 working days; 10/22 + 3: 10/23, 10/26, 10/27.
    assert answer.date == D(2026, 10, 27)


def test_a_custom_due_date_for_an_excessive_request_is_reported_as_given():
    events = [
        received(D(2026, 9, 18)),
        Event(K.CUSTOM_DUE, D(2026, 9, 21), due_date=D(2026, 12, 31)),
    ]
    custom = deadlines(seeded(), events)["custom"]
    assert custom.date == D(2026, 12, 31)
    assert not custom.provisional


def test_events_out_of_order_are_refused():
    events = [received(D(2026, 9, 18)), Event(K.CONSULTATION_STARTED, D(2026, 9, 1))]
    with pytest.raises(ClockError, match="时间先后"):
        deadlines(seeded(), events)


def test_a_log_without_a_receipt_has_no_deadlines():
    with pytest.raises(ClockError, match="收到申请"):
        deadlines(seeded(), [])


def test_a_second_correction_request_is_refused_because_it_must_be_told_once():
    events = [
        received(D(2026, 3, 2)),
        Event(K.CORRECTION_REQUESTED, D(2026, 3, 5)),
        Event(K.CORRECTION_RECEIVED, D(2026, 3, 10)),
        Event(K.CORRECTION_REQUESTED, D(2026, 3, 12)),
    ]
    with pytest.raises(ClockError, match="一次性告知"):
        deadlines(seeded(), events)
