"""The clerk's dashboard card of the year's report, from 1 December on."""

import datetime as dt

import pytest

from gongkai.accounts.testing import sign_in
from gongkai.yearreports import services
from gongkai.yearreports.cards import year_report_cards

pytestmark = pytest.mark.django_db


def cards(person, day):
    return [c for c in year_report_cards(person, day) if c.key.startswith("yearreport_")]


def test_no_card_before_december(world, people):
    assert cards(people.drafter, dt.date(2026, 11, 30)) == []


def test_from_december_the_days_left_and_that_nothing_is_started(world, people):
    (card,) = cards(people.drafter, dt.date(2026, 12, 1))
    assert card.count == 61  # 1 December 2026 -> 31 January 2027
    assert "尚未开始" in card.note and "2027年1月31日" in card.note
    assert not card.needs_action


def test_a_local_deadline_and_the_stage(world, people, on):
    on(dt.date(2026, 12, 10))
    services.deadline_save(actor=world.supervisor, agency=world.county, month=1, day=15)
    services.report_start(actor=people.drafter, agency=world.town_a, year=2026)
    (card,) = cards(people.drafter, dt.date(2026, 12, 10))
    assert card.count == 36 and "起草中" in card.note


def test_overdue_is_an_action_until_published(ready, people):
    (card,) = cards(people.drafter, dt.date(2027, 2, 3))
    assert card.needs_action and card.count == 3 and "已逾期" in card.title
    services.report_submit(actor=people.drafter, report=ready)
    services.report_approve(actor=people.head, report=ready)
    assert cards(people.drafter, dt.date(2027, 2, 3)) == []


def test_the_card_is_on_the_dashboard(client, world, people, on):
    on(dt.date(2026, 12, 2))
    sign_in(client, people.drafter)
    page = client.get("/").content.decode()
    assert "2026 年度报告：距发布期限（天）" in page


def test_no_card_for_the_system_roles_or_another_township(world, people):
    assert cards(world.sysadmin, dt.date(2026, 12, 5)) == []
    (card,) = cards(people.other, dt.date(2026, 12, 5))
    assert "石桥镇" in card.title


def test_a_report_never_started_here_stops_asking_after_90_days(world, people):
    assert cards(people.drafter, dt.date(2027, 5, 1)) != []  # 90 days after 31 January
    assert cards(people.drafter, dt.date(2027, 5, 2)) == []
