"""Demo data of 主动公开 for the fictional county: 青石镇's catalogue and guide, and items
at every point of the review chain — one published, one waiting at the second stage, one
draft holding an ID number that screening will stop, one draft past its deadline. Created
once: a second run finds the catalogue and adds nothing."""

from __future__ import annotations

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.catalog import services as catalog
from gongkai.catalog.data.guide import STARTER_GUIDE_HTML, STARTER_GUIDE_TITLE
from gongkai.catalog.models import CatalogEntry
from gongkai.workdays.clocks import working_days_before

from . import services
from .models import ItemKind
from .selectors import today, work_calendar
from .services import Content


def _entry(agency: Agency, words: str) -> CatalogEntry | None:
    return CatalogEntry.objects.filter(agency=agency, name__contains=words).first()


@transaction.atomic
def build_demo_publishing(people: dict[str, User]) -> int:
    town = Agency.objects.get(slug="qingshi")
    if CatalogEntry.objects.filter(agency=town).exists():
        return 0
    writer, reviewer, head = people["qs_drafter"], people["qs_reviewer"], people["qs_head"]
    secrecy, final = people["qs_secrecy"], people["qs_approver"]
    catalog.catalog_install_starter(actor=writer, agency=town, kind="township")
    village = Agency.objects.filter(slug="qingshi-qingshicun").first()
    if village is not None:
        catalog.catalog_install_starter(actor=people["ogo_admin"], agency=village, kind="village")
    catalog.guide_publish(
        actor=writer,
        agency=town,
        title=STARTER_GUIDE_TITLE.format(agency=town.name),
        body_html=STARTER_GUIDE_HTML.format(agency=town.name).strip(),
        note="演示数据：系统提供的指南初稿",
    )
    cal, now = work_calendar(), today()

    def item(title: str, days_ago: int, body: str, entry_words: str):
        return services.item_create(
            actor=writer,
            agency=town,
            kind=ItemKind.INFO,
            catalog_entry=_entry(town, entry_words),
            content=Content(
                title=title,
                generated_on=working_days_before(cal, now, days_ago),
                summary=title,
                body_html=body,
            ),
        )

    published = item(
        "青石镇2026年第三季度农村低保资金发放情况",
        8,
        "<p>本季度全镇共发放农村低保资金 12.6 万元，涉及 86 户 143 人。</p>",
        "社会救助",
    )
    revision = published.revisions.get()
    services.submit(actor=writer, revision=revision)
    for person in (reviewer, head, secrecy, final):
        services.approve(actor=person, revision=revision, comment="同意")
    services.publish_now(actor=head, revision=revision)

    waiting = item(
        "青石镇关于开展2026年冬季森林防火工作的通知",
        3,
        "<p>各村（社区）：为做好今冬明春森林防火工作，现将有关事项通知如下。</p>",
        "应急",
    )
    waiting_revision = waiting.revisions.get()
    services.submit(actor=writer, revision=waiting_revision)
    services.approve(actor=reviewer, revision=waiting_revision, comment="同意，请校对")

    item(
        "南山村2026年临时救助对象公示",
        2,
        "<p>临时救助对象：张某某，身份证号 11010519491231002X，救助金额 2000 元。</p>",
        "社会救助",
    )
    item(
        "青石镇2026年第二季度财政收支情况",
        25,
        "<p>（草稿，待财政所提供数据）</p>",
        "财政",
    )
    return 4
