"""Demo applications for the fictional county: one of each situation a clerk meets.

Dates are counted back from today, so whenever the demo is started the queue shows a case
overdue, one due in a few days, one paused for a third party, one waiting for a 补正, one
decided and one submitted online and not yet confirmed. Everything is invented.
Created once: a second run finds them and adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.disclosure.lifecycle import Step
from gongkai.disclosure.receipt import Channel
from gongkai.workdays.clocks import working_days_before

from . import services
from .models import Application
from .selectors import today, work_calendar


def _intake(name: str, kind: str, *items: str) -> services.Intake:
    return services.Intake(
        applicant_type=kind,
        applicant_name=name,
        description=items[0],
        items=items,
        phone="13900000000",
        address="示例县青石镇（演示地址）",
    )


@transaction.atomic
def build_demo_applications(clerk: User, head: User, other_clerk: User | None = None) -> int:
    """Create the demo cases of 青石镇 (and one of 石桥镇 for the supervisor's view)."""
    town = Agency.objects.get(slug="qingshi")
    if Application.objects.filter(agency=town).exists():
        return 0
    cal, now = work_calendar(), today()

    def register(days_ago: int, intake: services.Intake, channel=Channel.IN_PERSON, agency=town):
        received = working_days_before(cal, now, days_ago)
        app, _ = services.application_register(
            actor=clerk if agency == town else other_clerk,
            agency=agency,
            intake=intake,
            channel=channel,
            received_on=received,
        )
        return app, received

    overdue, _ = register(23, _intake("张桂兰", "natural_person", "2025年青石镇低保资金发放明细"))
    services.note_add(actor=clerk, application=overdue, text="民政办说资金明细在县里，已电话联系。")

    soon, _ = register(
        18, _intake("示例县明达律师事务所", "legal_service", "青石村土地征收批复文件")
    )
    services.application_assign(actor=clerk, application=soon, handler=clerk)

    consulting, received = register(
        10, _intake("示例县宏达建材有限公司", "commercial", "青石镇砂石开采许可的审批材料")
    )
    services.step_record(
        actor=clerk,
        application=consulting,
        step=Step.THIRD_PARTY_CONSULTED,
        date=working_days_before(cal, now, 6),
        party="示例县青石砂石场",
    )

    correcting, received = register(4, _intake("李秀英", "natural_person", "关于修路的那个文件"))
    services.step_record(
        actor=clerk,
        application=correcting,
        step=Step.CORRECTION_REQUESTED,
        date=working_days_before(cal, now, 2),
        note="请写明道路名称、年份或文号。",
    )

    decided, received = register(
        30,
        _intake("王海", "natural_person", "南山村2025年村级财务收支明细", "南山村道路硬化工程合同"),
    )
    services.extension_approve(
        actor=head,
        application=decided,
        date=working_days_before(cal, now, 12),
        days=10,
        reason="需向南山村调取原始凭证",
    )
    first, second = decided.items.order_by("position")
    services.decide(
        actor=clerk,
        application=decided,
        date=working_days_before(cal, now, 3),
        outcomes={first.pk: "granted", second.pk: "unable_not_held"},
        answers={first.pk: "随本告知书提供收支明细复印件 12 页。"},
    )

    services.application_submit_online(
        agency=town,
        intake=_intake("陈晓", "natural_person", "青石镇2026年农村危房改造补助对象名单"),
    )
    if other_clerk is not None:
        register(
            25,
            _intake("刘强", "natural_person", "石桥镇集镇规划图"),
            agency=Agency.objects.get(slug="shiqiao"),
        )
    return Application.objects.filter(agency__slug__in=["qingshi", "shiqiao"]).count()
