"""Services of the applications app: every change goes through the lifecycle, the clocks,
the permissions and the audit log, or does not happen."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.applications import selectors, services
from gongkai.applications.models import Application, ApplicationItem, CaseStep
from gongkai.audit.models import AuditEntry
from gongkai.disclosure.lifecycle import Status, Step
from gongkai.disclosure.receipt import Channel

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def on(time_machine):
    """Travel to a day of 2026 (dates of the real 2026 calendar, DOMAIN.md)."""

    def travel(day: dt.date) -> None:
        time_machine.move_to(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC))

    return travel


def intake(**changes) -> services.Intake:
    fields = dict(
        applicant_type="natural_person",
        applicant_name="李秀英",
        description="2026年青石镇农村危房改造补助名单",
        phone="13800000000",
        items=("2026年青石镇农村危房改造补助名单", "补助资金拨付文件"),
    )
    fields.update(changes)
    return services.Intake(**fields)


RECEIVED = D(2026, 9, 18)


def register(world, received=RECEIVED, **changes) -> Application:
    app, _secret = services.application_register(
        actor=world.drafter,
        agency=world.town_a,
        intake=intake(**changes),
        channel=Channel.IN_PERSON,
        received_on=received,
    )
    return app


def test_a_letter_registered_by_a_clerk_is_received_on_the_day_given_and_due_20_working_days_later(
    world, on
):
    on(D(2026, 9, 21))
    app = register(world)
    assert app.status == Status.OPEN and app.received_on == D(2026, 9, 18)
    assert app.number == "2026-0001"
    assert [i.description for i in app.items.all()] == [
        "2026年青石镇农村危房改造补助名单",
        "补助资金拨付文件",
    ]
    due = selectors.case_deadlines(app).answer
    # DOMAIN.md: 9/20 (Sunday) is a make-up working day and day 1; 中秋 and 国庆 skipped.
    assert due.date == D(2026, 10, 22) and not due.provisional
    assert "2026年9月20日" in due.explain_zh()
    assert AuditEntry.objects.filter(kind="applications.registered", object_id=str(app.pk)).exists()
    assert AuditEntry.objects.filter(kind="applications.received", object_id=str(app.pk)).exists()


def test_numbers_run_on_per_agency_and_year(world, on):
    on(D(2026, 9, 21))
    assert [register(world).number for _ in range(3)] == ["2026-0001", "2026-0002", "2026-0003"]


def test_the_receipt_date_must_follow_the_channels_rule(world, on):
    on(D(2026, 9, 21))
    with pytest.raises(InvalidChange, match="签收"):
        services.application_register(
            actor=world.drafter,
            agency=world.town_a,
            intake=intake(),
            channel=Channel.POST_SIGNED,
            received_on=None,
        )
    with pytest.raises(InvalidChange, match="晚于今天"):
        register(world, received=D(2026, 9, 22))
    assert not Application.objects.exists()  # nothing half-saved


def test_a_clerk_of_another_township_can_neither_register_nor_act_on_the_case(world, on):
    on(D(2026, 9, 21))
    other = make_person("shiqiao", roles=[(world.town_b, Role.DRAFTER)])
    with pytest.raises(NotAllowed):
        services.application_register(
            actor=other,
            agency=world.town_a,
            intake=intake(),
            channel=Channel.IN_PERSON,
            received_on=D(2026, 9, 18),
        )
    app = register(world)
    for actor in (other, world.supervisor, world.sysadmin):
        with pytest.raises(NotAllowed):
            services.note_add(actor=actor, application=app, text="看一下")
    assert not CaseStep.objects.filter(step=Step.NOTE).exists()


def test_an_online_application_starts_its_clock_when_the_receipt_is_confirmed(world, on):
    on(D(2026, 9, 18))
    app, secret = services.application_submit_online(agency=world.town_a, intake=intake())
    assert app.status == Status.SUBMITTED and app.received_on is None
    assert selectors.case_deadlines(app).answer is None
    assert services.tracking_lookup(app.tracking_code, secret) == app
    assert (
        services.tracking_lookup(app.tracking_code, "000000" if secret != "000000" else "1") is None
    )
    on(D(2026, 9, 21))
    services.application_receive(actor=world.drafter, application=app, received_on=D(2026, 9, 21))
    app.refresh_from_db()
    assert app.status == Status.OPEN and app.received_on == D(2026, 9, 21)
    # 9/22-24(1-3) [9/25-27 off] 9/28-30(4-6) [10/1-7 off] 10/8-9(7-8) 10/10 Sat make-up(9)
    # 10/12-16(10-14) 10/19-23(15-19) 10/26(20)
    assert selectors.case_deadlines(app).answer.date == D(2026, 10, 26)


def test_a_correction_restarts_the_clock_from_the_corrected_application(world, on):
    on(D(2026, 10, 20))
    app = register(world)
    services.step_record(
        actor=world.drafter, application=app, step=Step.CORRECTION_REQUESTED, date=D(2026, 9, 22)
    )
    app.refresh_from_db()
    assert app.status == Status.AWAITING_CORRECTION
    assert selectors.case_deadlines(app).answer is None
    services.step_record(
        actor=world.drafter, application=app, step=Step.CORRECTION_RECEIVED, date=D(2026, 10, 9)
    )
    due = selectors.case_deadlines(app).answer
    # From 10/9: 10/10 Sat make-up(1) 10/12-16(2-6) 10/19-23(7-11) 10/26-30(12-16) 11/2-5(17-20)
    assert due.date == D(2026, 11, 5)
    assert "第三十条" in due.explanation.rule


def test_an_extension_needs_the_head_of_the_office_and_a_reason(world, on):
    on(D(2026, 10, 20))
    app = register(world)
    with pytest.raises(NotAllowed, match="负责人"):
        services.extension_approve(
            actor=world.drafter, application=app, date=D(2026, 10, 19), days=10, reason="材料多"
        )
    head = make_person("head", roles=[(world.town_a, Role.DISCLOSURE_HEAD)])
    with pytest.raises(InvalidChange, match="理由"):
        services.extension_approve(
            actor=head, application=app, date=D(2026, 10, 19), days=10, reason=" "
        )
    with pytest.raises(InvalidChange, match="20"):
        services.extension_approve(
            actor=head, application=app, date=D(2026, 10, 19), days=21, reason="多"
        )
    services.extension_approve(
        actor=head, application=app, date=D(2026, 10, 19), days=10, reason="需调取档案"
    )
    due = selectors.case_deadlines(app).answer
    # 10/22 + 10 working days: 10/23(1) 10/26-30(2-6) 11/2-5(7-10)
    assert due.date == D(2026, 11, 5) and due.explanation.extension_days == 10
    step = CaseStep.objects.get(application=app, step=Step.EXTENDED)
    assert step.data["approver"] == "head" and step.note == "需调取档案"


def test_steps_must_be_entered_in_date_order_and_nothing_changes_when_refused(world, on):
    on(D(2026, 10, 20))
    app = register(world)
    services.step_record(
        actor=world.drafter,
        application=app,
        step=Step.THIRD_PARTY_CONSULTED,
        date=D(2026, 9, 28),
        party="青石建材公司",
    )
    with pytest.raises(InvalidChange, match="时间先后"):
        services.step_record(
            actor=world.drafter,
            application=app,
            step=Step.THIRD_PARTY_REPLIED,
            date=D(2026, 9, 25),
            party="青石建材公司",
        )
    app.refresh_from_db()
    assert app.status == Status.CONSULTING
    assert CaseStep.objects.filter(application=app).count() == 3


def test_a_decision_records_every_items_outcome_and_concludes_the_case(world, on):
    on(D(2026, 10, 20))
    app = register(world)
    first, second = app.items.order_by("position")
    with pytest.raises(InvalidChange, match="第 2 项"):
        services.decide(
            actor=world.drafter,
            application=app,
            date=D(2026, 10, 16),
            outcomes={first.pk: "granted"},
        )
    services.decide(
        actor=world.drafter,
        application=app,
        date=D(2026, 10, 16),
        outcomes={first.pk: "granted", second.pk: "unable_not_held"},
        answers={first.pk: "见附件名单"},
    )
    app.refresh_from_db()
    assert app.status == Status.DECIDED and app.concluded_on == D(2026, 10, 16)
    assert list(
        ApplicationItem.objects.filter(application=app).values_list("outcome", flat=True)
    ) == [
        "granted",
        "unable_not_held",
    ]
    services.step_record(
        actor=world.drafter, application=app, step=Step.DELIVERED, date=D(2026, 10, 19)
    )
    app.refresh_from_db()
    assert app.status == Status.CLOSED
    with pytest.raises(InvalidChange, match="已办结"):
        services.step_record(
            actor=world.drafter, application=app, step=Step.WITHDRAWN, date=D(2026, 10, 20)
        )


def test_withdrawal_ends_every_item_as_other_handling(world, on):
    on(D(2026, 10, 20))
    app = register(world)
    services.step_record(
        actor=world.drafter, application=app, step=Step.WITHDRAWN, date=D(2026, 9, 30)
    )
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.concluded_on == D(2026, 9, 30)
    assert set(app.items.values_list("outcome", flat=True)) == {"other_misc"}


def test_a_system_role_never_handles_cases_even_with_a_membership(world, on):
    from gongkai.agencies.models import Membership

    on(D(2026, 9, 21))
    app = register(world)
    Membership.objects.create(person=world.sysadmin, agency=world.town_a, role=Role.DRAFTER)
    with pytest.raises(NotAllowed):
        services.note_add(actor=world.sysadmin, application=app, text="看一下")
    assert not selectors.handled_cases(world.sysadmin).exists()
