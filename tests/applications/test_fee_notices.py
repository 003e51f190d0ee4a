"""收费通知 from a case: the method, the band, the 20 working days to pay, the lapse."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange
from gongkai.applications import selectors, services
from gongkai.applications.models import CaseStep, HandlingPolicy
from gongkai.disclosure.lifecycle import Status, Step
from gongkai.disclosure.receipt import Channel

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def applicant(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 30, 10, tzinfo=dt.UTC))

    def apply(n=1, kind="natural_person"):
        received = D(2026, 9, 1)
        apps = []
        for _ in range(n):
            app, _secret = services.application_register(
                actor=world.drafter,
                agency=world.town_a,
                intake=services.Intake(
                    applicant_type=kind,
                    applicant_name="王建国",
                    id_number="110101199003071234",
                    description="某项信息",
                ),
                channel=Channel.IN_PERSON,
                received_on=received,
            )
            apps.append(app)
        return apps

    return apply


def test_the_first_ten_applications_of_a_month_are_free_and_the_eleventh_costs_100(
    world, applicant
):
    apps = applicant(11)
    with pytest.raises(InvalidChange, match="不收取"):
        services.fee_notice(
            actor=world.drafter, application=apps[9], date=D(2026, 9, 10), method="per_application"
        )
    step = services.fee_notice(
        actor=world.drafter, application=apps[10], date=D(2026, 9, 10), method="per_application"
    )
    assert step.data["amount"] == 100 and step.data["nth_in_month"] == 11
    assert "100" in step.data["explanation"]


def test_a_fee_notice_by_pages_gives_twenty_working_days_to_pay(world, applicant):
    (app,) = applicant()
    services.fee_notice(
        actor=world.drafter, application=app, date=D(2026, 9, 10), method="per_page", pages=31
    )
    app.refresh_from_db()
    assert app.status == Status.AWAITING_FEE
    assert CaseStep.objects.get(application=app, step=Step.FEE_NOTICE).data["amount"] == 10
    due = selectors.case_deadlines(app).dues["fee_payment"]
    # From 9/10: 9/11(1) 9/14-18(2-6) 9/20 Sun make-up(7) 9/21-24(8-11) 9/28-30(12-14)
    # 10/8-9(15-16) 10/10 Sat make-up(17) 10/12-14(18-20)
    assert due.date == D(2026, 10, 14)


def test_an_unpaid_fee_ends_the_case_as_other_handling(world, applicant):
    (app,) = applicant()
    services.fee_notice(
        actor=world.drafter, application=app, date=D(2026, 9, 10), method="per_page", pages=150
    )
    services.step_record(
        actor=world.drafter, application=app, step=Step.FEE_LAPSED, date=D(2026, 9, 29)
    )
    app.refresh_from_db()
    assert app.status == Status.DECIDED
    assert set(app.items.values_list("outcome", flat=True)) == {"other_fee_unpaid"}


def test_an_exempt_applicant_type_is_never_charged(world, applicant):
    HandlingPolicy.objects.create(agency=world.town_a, fee_exempt_types=["public_interest"])
    (app,) = applicant(kind="public_interest")
    with pytest.raises(InvalidChange, match="不收取"):
        services.fee_notice(
            actor=world.drafter, application=app, date=D(2026, 9, 10), method="per_page", pages=500
        )


def test_the_answer_clock_pauses_for_the_fee_only_when_the_office_says_so(world, applicant):
    (app,) = applicant()
    services.fee_notice(
        actor=world.drafter, application=app, date=D(2026, 9, 10), method="per_page", pages=31
    )
    services.step_record(
        actor=world.drafter, application=app, step=Step.FEE_PAID, date=D(2026, 9, 17)
    )
    unpaused = selectors.case_deadlines(app).answer.date
    HandlingPolicy.objects.create(agency=world.town_a, fee_pauses_answer_clock=True)
    paused = selectors.case_deadlines(app).answer.date
    # 9/11, 9/14–9/17: five working days of waiting do not count.
    assert unpaused == D(2026, 9, 29)
    assert paused == D(2026, 10, 12)
