"""Due dates on the 2026 calendar, the inherited policy, overdue and the 3-month red line."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.interaction import selectors
from gongkai.interaction.models import Channel, MessagePolicy, Status

from .conftest import make_message

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_message_received_before_national_day_is_due_after_it(world):
    m = make_message(world.town_a, D(2026, 9, 25))
    due = selectors.due_date(m)
    # 9/28, 9/29, 9/30, (10/1–10/7 holiday), 10/8, 10/9
    assert due.date == D(2026, 10, 9)
    assert not due.provisional
    assert "5 个工作日" in due.explain_zh()
    assert "2026年10月9日" in due.explain_zh()


def test_an_error_report_counts_the_saturday_make_up_day(world):
    m = make_message(world.town_a, D(2026, 9, 30), channel=Channel.ERROR_REPORT)
    due = selectors.due_date(m)
    # 10/8, 10/9, 10/10 (a Saturday worked in exchange for the holiday)
    assert due.date == D(2026, 10, 10)
    assert "19号" in due.explain_zh()
    assert "调休" in due.explain_zh()


def test_the_policy_is_inherited_from_the_nearest_agency_above(world):
    MessagePolicy.objects.create(agency=None, answer_days=7)
    assert selectors.policy_for(world.town_a).answer_days == 7
    MessagePolicy.objects.create(agency=world.county, answer_days=4, error_report_days=2)
    assert selectors.policy_for(world.village_a) == selectors.Policy(4, 2)
    MessagePolicy.objects.create(agency=world.town_a, answer_days=10)
    assert selectors.policy_for(world.village_a).answer_days == 10
    assert selectors.policy_for(world.town_b).answer_days == 4


def test_the_default_comes_from_the_settings(world, settings):
    settings.GONGKAI_MESSAGE_ANSWER_DAYS = 8
    assert selectors.policy_for(world.town_a) == selectors.Policy(8, 3)


def test_unanswered_marks_overdue_and_the_three_month_red_line(world):
    late = make_message(world.town_a, D(2026, 6, 1))
    fresh = make_message(world.town_a, D(2026, 9, 25))
    make_message(world.town_a, D(2026, 9, 1), status=Status.REPLIED, replied_at=D(2026, 9, 2))
    make_message(world.town_b, D(2026, 6, 1))

    rows = selectors.unanswered([world.town_a.pk], D(2026, 10, 9))
    assert [r.message for r in rows] == [late, fresh]
    by = {r.message: r for r in rows}
    assert by[late].overdue and by[late].over_three_months
    assert not by[fresh].overdue and by[fresh].working_days_left == 0
    assert by[fresh].due.date == D(2026, 10, 9)
    # The day after the due date it is overdue.
    row = selectors.unanswered([world.town_a], D(2026, 10, 10))[1]
    assert row.overdue and row.working_days_left == -1  # 10/10 is a make-up working day


def test_three_months_is_counted_in_calendar_months(world):
    m = make_message(world.town_a, D(2026, 5, 31))
    assert not selectors.over_three_months(m, D(2026, 8, 31))
    assert selectors.over_three_months(m, D(2026, 9, 1))
    m2 = make_message(world.town_a, D(2025, 11, 30))
    assert selectors.add_months(m2.received_at, 3) == D(2026, 2, 28)


def test_messages_received_after_the_day_asked_are_not_counted(world):
    make_message(world.town_a, D(2026, 10, 20))
    assert selectors.unanswered([world.town_a], D(2026, 10, 9)) == []
