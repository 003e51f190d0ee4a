"""Confirming next year's holidays moves open cases' deadlines at once, and says so."""

import datetime as dt

import pytest

from gongkai.applications import selectors, services
from gongkai.calendars import services as calendar_services
from gongkai.disclosure.receipt import Channel

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_deadline_reaching_into_2027_is_provisional_until_the_notice_is_confirmed(
    world, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 21, 10, tzinfo=dt.UTC))
    app, _ = services.application_register(
        actor=world.drafter,
        agency=world.town_a,
        intake=services.Intake(
            applicant_type="natural_person", applicant_name="赵敏", description="某项信息"
        ),
        channel=Channel.IN_PERSON,
        received_on=D(2026, 12, 21),
    )
    before = selectors.case_deadlines(app).answer
    # 12/22-25(1-4) 12/28-31(5-8) and, Monday to Friday in 2027 for want of a notice:
    # 1/1(9) 1/4-8(10-14) 1/11-15(15-19) 1/18(20).
    assert before.date == D(2027, 1, 18) and before.provisional
    assert "2027 年的放假安排尚未录入" in before.explain_zh()

    # A fictional notice for the test: 1/1 (Friday) off, Saturday 1/9 worked.
    write = calendar_services.year_save(
        actor=world.sysadmin,
        year=2027,
        holidays=[D(2027, 1, 1)],
        makeup_days=[D(2027, 1, 9)],
        notice_ref="测试用通知",
        confirm=True,
    )
    after = selectors.case_deadlines(app).answer
    # 1/1 is now off and Saturday 1/9 worked: the same twenty days end on 1/18 again, but
    # counted for real, and no longer provisional.
    assert after.date == D(2027, 1, 18) and not after.provisional
    assert any("不再是暂定" in note for note in write.notes)


def test_the_administrator_is_told_which_open_cases_moved(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 21, 10, tzinfo=dt.UTC))
    app, _ = services.application_register(
        actor=world.drafter,
        agency=world.town_a,
        intake=services.Intake(
            applicant_type="natural_person", applicant_name="赵敏", description="某项信息"
        ),
        channel=Channel.IN_PERSON,
        received_on=D(2026, 12, 21),
    )
    write = calendar_services.year_save(
        actor=world.sysadmin,
        year=2027,
        holidays=[D(2027, 1, 1), D(2027, 1, 4)],
        makeup_days=[],
        notice_ref="测试用通知",
        confirm=True,
    )
    assert selectors.case_deadlines(app).answer.date == D(2027, 1, 20)
    assert any(
        app.number in note and "答复期限 2027-01-18 → 2027-01-20" in note for note in write.notes
    )
