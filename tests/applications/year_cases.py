"""Six applications to 青石镇 (world.town_a) across 2025 and 2026, each handled on its own
dates, with two appeals — small enough to count by hand. Tables 三/四 are checked against
that count in tests/applications/test_year_tables.py, and the annual report made from the
same year in tests/yearreports.

  甲 natural person, received 2025-12-10, granted 2026-01-08 (上年结转)
  乙 commercial, received 2026-03-02: granted + denied_third_party (部分公开)
  丙 natural person, received 2026-04-01: unable_not_held + notproc_duplicate (无法提供)
  丁 natural person, received 2026-05-11, withdrawn 2026-05-20 (其他处理)
  戊 research, received 2026-06-01, 补正 lapsed 2026-07-20 (其他处理)
  己 legal service, received 2026-12-21, still open at year end (结转下年度)
  a 行政复议 of 乙 filed 2026-07-01, corrected 2026-09-01; a 行政诉讼 of 丙 filed 2026-10-10
"""

import datetime as dt
from collections.abc import Callable

from gongkai.applications import services
from gongkai.disclosure.lifecycle import Step
from gongkai.disclosure.receipt import Channel

D = dt.date


def six_cases(world, on: Callable[[dt.date], None]) -> None:
    """Record the cases above; ``on(day)`` moves the clock to ``day``."""

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
