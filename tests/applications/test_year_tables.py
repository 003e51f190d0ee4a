"""Tables 三 and 四 counted from the cases themselves, against a hand count."""

import datetime as dt

import pytest

from gongkai.applications import selectors, services
from gongkai.disclosure.lifecycle import Step
from gongkai.disclosure.receipt import Channel

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def office(world, time_machine):
    """Six applications to 青石镇 across 2025 and 2026, each handled on its own dates."""

    def on(day):
        time_machine.move_to(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC))

    def register(day, kind, items):
        on(day)
        app, _ = services.application_register(
            actor=world.drafter,
            agency=world.town_a,
            intake=services.Intake(
                applicant_type=kind, applicant_name="申请人", description=items[0], items=items
            ),
            channel=Channel.IN_PERSON,
            received_on=day,
        )
        return app

    def decide(app, day, *outcomes):
        on(day)
        items = list(app.items.order_by("position"))
        services.decide(
            actor=world.drafter,
            application=app,
            date=day,
            outcomes={item.pk: o for item, o in zip(items, outcomes, strict=True)},
        )

    a = register(D(2025, 12, 10), "natural_person", ("甲",))
    decide(a, D(2026, 1, 8), "granted")
    b = register(D(2026, 3, 2), "commercial", ("乙一", "乙二"))
    decide(b, D(2026, 3, 20), "granted", "denied_third_party")
    f = register(D(2026, 4, 1), "natural_person", ("丙一", "丙二"))
    decide(f, D(2026, 4, 10), "unable_not_held", "notproc_duplicate")
    c = register(D(2026, 5, 11), "natural_person", ("丁",))
    on(D(2026, 5, 20))
    services.step_record(
        actor=world.drafter, application=c, step=Step.WITHDRAWN, date=D(2026, 5, 20)
    )
    e = register(D(2026, 6, 1), "research", ("戊",))
    services.step_record(
        actor=world.drafter, application=e, step=Step.CORRECTION_REQUESTED, date=D(2026, 6, 1)
    )
    on(D(2026, 7, 20))
    services.step_record(
        actor=world.drafter, application=e, step=Step.CORRECTION_LAPSED, date=D(2026, 7, 20)
    )
    register(D(2026, 12, 21), "legal_service", ("己",))  # still open at year end
    review = services.appeal_record(
        actor=world.drafter, application=b, kind="review", filed_on=D(2026, 7, 1)
    )
    services.appeal_conclude(
        actor=world.drafter, appeal=review, result="corrected", decided_on=D(2026, 9, 1)
    )
    services.appeal_record(
        actor=world.drafter, application=f, kind="litigation_direct", filed_on=D(2026, 10, 10)
    )
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
