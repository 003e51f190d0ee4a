"""Services of 主动公开: the review chain, publication, correction, withdrawal — each
through the permissions, the review core and the audit log, or not at all."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import CatalogEntry, Channel
from gongkai.proactive.review import Action, Stage, State
from gongkai.publishing import permissions, selectors, services
from gongkai.publishing.models import (
    Disclosure,
    Item,
    ItemKind,
    ReviewAction,
    Revision,
    Validity,
)
from gongkai.publishing.services import Content

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 9, 21)


def content(**changes) -> Content:
    fields = dict(
        title="青石镇2026年第三季度农村低保资金发放情况",
        generated_on=D(2026, 9, 18),
        summary="第三季度低保资金发放的户数和金额",
        body_html="<p>本季度共发放低保资金 12.6 万元。</p>",
    )
    fields.update(changes)
    return Content(**fields)


def create(world, **changes) -> Item:
    kind = changes.pop("kind", ItemKind.INFO)
    return services.item_create(
        actor=world.drafter, agency=world.town_a, kind=kind, content=content(**changes)
    )


def rev(item: Item) -> Revision:
    return item.revisions.order_by("-number").first()


def approve_all(chain, revision: Revision) -> None:
    for person in (chain.reviewer, chain.head, chain.secrecy, chain.final):
        services.approve(actor=person, revision=revision)


def publish(world, chain, **changes) -> Item:
    item = create(world, **changes)
    services.submit(actor=world.drafter, revision=rev(item))
    approve_all(chain, rev(item))
    services.publish_now(actor=chain.head, revision=rev(item))
    item.refresh_from_db()
    return item


def test_a_whole_chain_draft_four_approvals_published_each_step_audited(world, chain, on):
    on(TODAY)
    item = create(world)
    assert item.index_number == "QINGSHI-2026-00001" and item.state == State.DRAFT
    revision = rev(item)
    services.submit(actor=world.drafter, revision=revision)
    stages = []
    for person in (chain.reviewer, chain.head, chain.secrecy, chain.final):
        revision.refresh_from_db()
        stages.append(revision.stage_index)
        assert item not in selectors.public_items(world.town_a)
        services.approve(actor=person, revision=revision, comment="同意")
    assert stages == [0, 1, 2, 3]
    revision.refresh_from_db()
    assert revision.state == State.APPROVED
    services.publish_now(actor=chain.head, revision=revision)
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.published_revision == revision
    assert list(selectors.public_items(world.town_a)) == [item]
    assert rev(item).published_on == TODAY
    kinds = list(
        AuditEntry.objects.filter(object_id=str(item.pk), kind__startswith="publishing.")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "publishing.item_created",
        "publishing.submit",
        *["publishing.approve"] * 4,
        "publishing.publish",
    ]
    actions = list(ReviewAction.objects.filter(revision=revision).order_by("id"))
    assert [a.stage_label for a in actions][1:5] == [
        "分管领导审核",
        "信息员校对",
        "保密审查",
        "主要领导终审",
    ]
    assert actions[1].roles == ["reviewer"] and actions[1].actor == chain.reviewer
    # The stored chain and the 政府网站 channel were recorded on the way.
    assert revision.chain[0]["label_zh"] == "分管领导审核"
    assert selectors.channel_counts(world.town_a, 2026) == {Channel.WEBSITE: 1}


def test_a_return_goes_back_to_the_writer_with_its_comment(world, chain, on):
    on(TODAY)
    item = create(world)
    revision = rev(item)
    services.submit(actor=world.drafter, revision=revision)
    services.approve(actor=chain.reviewer, revision=revision)
    with pytest.raises(InvalidChange, match="填写意见"):
        services.return_(actor=chain.head, revision=revision, comment="  ")
    services.return_(actor=chain.head, revision=revision, comment="金额请核对")
    revision.refresh_from_db()
    assert revision.state == State.RETURNED and revision.stage_index is None
    assert revision in selectors.my_drafts(world.drafter)
    assert selectors.review_state(revision).last_comment == "金额请核对"
    # Edited and resubmitted, it starts again at the first stage.
    services.revision_edit(actor=world.drafter, revision=revision, content=content(title="改后"))
    services.submit(actor=world.drafter, revision=revision)
    revision.refresh_from_db()
    assert revision.state == State.IN_REVIEW and revision.stage_index == 0
    assert [r.pk for r in selectors.review_queue(chain.reviewer)] == [revision.pk]
    assert ReviewAction.objects.filter(revision=revision, action=Action.RESUBMIT).exists()


def test_nobody_skips_a_stage(world, chain, on):
    on(TODAY)
    revision = rev(create(world))
    services.submit(actor=world.drafter, revision=revision)
    with pytest.raises(InvalidChange, match="须由审核人"):
        services.approve(actor=chain.final, revision=revision)
    with pytest.raises(InvalidChange, match="不能跳过"):
        services.approve(actor=chain.final, revision=revision, stage=3)
    revision.refresh_from_db()
    assert revision.stage_index == 0
    assert selectors.review_queue(chain.final) == []
    assert [r.pk for r in selectors.review_queue(chain.reviewer)] == [revision.pk]


def test_the_writer_cannot_approve_even_holding_the_stages_role(world, chain, on):
    on(TODAY)
    writer = make_person(
        "qs_both", roles=[(world.town_a, Role.DRAFTER), (world.town_a, Role.REVIEWER)]
    )
    item = services.item_create(
        actor=writer, agency=world.town_a, kind=ItemKind.INFO, content=content()
    )
    services.submit(actor=writer, revision=rev(item))
    assert selectors.review_queue(writer) == []
    with pytest.raises(InvalidChange, match="撰稿人不能审核"):
        services.approve(actor=writer, revision=rev(item))


def test_one_person_two_stages_only_when_the_policy_allows(world, chain, on):
    on(TODAY)
    both = make_person(
        "qs_lead", roles=[(world.town_a, Role.REVIEWER), (world.town_a, Role.DISCLOSURE_HEAD)]
    )
    revision = rev(create(world))
    services.submit(actor=world.drafter, revision=revision)
    services.approve(actor=both, revision=revision)
    with pytest.raises(InvalidChange, match="两个环节"):
        services.approve(actor=both, revision=revision)
    services.policy_save(
        actor=chain.head,
        agency=world.town_a,
        index_pattern="{机构代码}-{年}-{序号:05}",
        allow_one_person_two_stages=True,
    )
    services.approve(actor=both, revision=revision)
    revision.refresh_from_db()
    assert revision.stage_index == 2


def test_editing_is_refused_while_the_item_is_in_review(world, chain, on):
    on(TODAY)
    revision = rev(create(world))
    services.submit(actor=world.drafter, revision=revision)
    services.approve(actor=chain.reviewer, revision=revision)
    with pytest.raises(InvalidChange, match="信息员校对环节），已锁定"):
        services.revision_edit(actor=world.drafter, revision=revision, content=content(title="x"))
    revision.refresh_from_db()
    assert revision.title == content().title


def test_only_the_agencys_writers_create_and_edit(world, chain, on):
    on(TODAY)
    other_clerk = make_person("sq_clerk", roles=[(world.town_b, Role.DRAFTER)])
    for actor in (other_clerk, chain.reviewer, world.supervisor, world.sysadmin):
        with pytest.raises(NotAllowed):
            services.item_create(
                actor=actor, agency=world.town_a, kind=ItemKind.INFO, content=content()
            )
    revision = rev(create(world))
    with pytest.raises(NotAllowed):
        services.revision_edit(actor=other_clerk, revision=revision, content=content(title="x"))
    with pytest.raises(NotAllowed):
        services.submit(actor=world.supervisor, revision=revision)


def test_a_draft_is_invisible_to_another_townships_clerk_and_to_the_public(world, chain, on):
    on(TODAY)
    item = create(world)
    other_clerk = make_person("sq_clerk", roles=[(world.town_b, Role.DRAFTER)])
    assert item not in selectors.public_items(world.town_a)
    assert item not in selectors.public_items()
    assert selectors.history(item) == []
    assert not permissions.can_view_internal(other_clerk, world.town_a)
    assert item not in selectors.internal_items(other_clerk)
    assert not permissions.can_view_internal(world.other_supervisor, world.town_a)
    assert not permissions.can_view_internal(world.sysadmin, world.town_a)
    # The chain's people and the county's 政务公开办 (read-only) see it.
    assert item in selectors.internal_items(chain.secrecy)
    assert item in selectors.internal_items(world.supervisor)
    with pytest.raises(NotAllowed):
        permissions.require_in_chain(world.supervisor, world.town_a)


def test_a_correction_keeps_the_old_revision_public_until_the_new_one_is_published(
    world, chain, on
):
    on(D(2026, 9, 21))
    item = publish(world, chain)
    first = item.published_revision
    on(D(2026, 9, 28))
    second = services.correct(actor=world.drafter, item=item)
    assert second.number == 2 and second.title == first.title
    with pytest.raises(InvalidChange, match="更正稿在处理中"):
        services.correct(actor=world.drafter, item=item)
    services.revision_edit(
        actor=world.drafter,
        revision=second,
        content=content(body_html="<p>本季度共发放低保资金 12.8 万元。</p>"),
    )
    with pytest.raises(InvalidChange, match="修改说明"):
        services.submit(actor=world.drafter, revision=second)
    services.revision_edit(
        actor=world.drafter,
        revision=second,
        content=content(
            body_html="<p>本季度共发放低保资金 12.8 万元。</p>", change_note="更正发放金额"
        ),
    )
    services.submit(actor=world.drafter, revision=second)
    approve_all(chain, second)
    public = selectors.public_items(world.town_a).get()
    assert public.published_revision == first  # approved is not yet published
    on(D(2026, 9, 29))
    services.publish_now(actor=chain.head, revision=second)
    public = selectors.public_items(world.town_a).get()
    assert public.published_revision == second and "12.8" in public.published_revision.body_html
    rows = selectors.history(public)
    assert [(r.number, r.change_note, r.current) for r in rows] == [
        (2, "更正发放金额", True),
        (1, "", False),
    ]
    assert rows[0].published_at.date() == D(2026, 9, 29)
    # The 政府网站 channel counts the item once.
    assert selectors.channel_counts(world.town_a, 2026) == {Channel.WEBSITE: 1}


def test_withdrawal_removes_the_item_from_public_items_at_once(world, chain, on):
    on(TODAY)
    item = publish(world, chain)
    with pytest.raises(InvalidChange, match="理由"):
        services.withdraw(actor=chain.head, item=item, reason=" ")
    with pytest.raises(InvalidChange, match="负责人或主要领导"):
        services.withdraw(actor=world.drafter, item=item, reason="有误")
    services.withdraw(actor=chain.final, item=item, reason="名单有误，核实后重发")
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN and item.withdrawn_reason == "名单有误，核实后重发"
    assert not selectors.public_items(world.town_a).exists()
    assert selectors.history(item) == []
    assert AuditEntry.objects.filter(kind="publishing.withdraw", object_id=str(item.pk)).exists()
    # The withdrawn text itself never comes back (a new reviewed revision may: test_discard).
    with pytest.raises(InvalidChange, match="撤稿"):
        services.publish_now(actor=chain.head, revision=item.published_revision)


def test_scheduled_publication_by_the_periodic_task(world, chain, on):
    on(TODAY, 10)
    item = create(world)
    revision = rev(item)
    services.submit(actor=world.drafter, revision=revision)
    approve_all(chain, revision)
    at = dt.datetime(2026, 9, 21, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with pytest.raises(InvalidChange, match="晚于现在"):
        services.schedule(actor=chain.head, revision=revision, at=at - dt.timedelta(hours=9))
    services.schedule(actor=chain.head, revision=revision, at=at)
    assert services.publish_due() == []
    assert not selectors.public_items().exists()
    on(TODAY, 18, 5)
    # What the periodic task runs (the task itself closes the database connection, which
    # a test inside a transaction cannot have).
    assert [i.pk for i in services.publish_due()] == [item.pk]
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.published_revision == revision
    entry = AuditEntry.objects.get(kind="publishing.publish", object_id=str(item.pk))
    assert entry.actor is None and entry.actor_name == "定时发布"
    assert services.publish_due() == []


def _valid_id() -> str:
    from gongkai.screening.personal import id_check_digit

    first = "11010519491231002"
    return first + id_check_digit(first)


def test_screening_blocks_the_final_approval_on_an_id_number_unless_overridden(world, chain, on):
    pytest.importorskip("gongkai.screening", reason="gongkai/screening is not there yet")
    on(TODAY)
    item = create(world, body_html=f"<p>低保对象：张三，身份证号 {_valid_id()}</p>")
    revision = rev(item)
    services.submit(actor=world.drafter, revision=revision)
    for person in (chain.reviewer, chain.head, chain.secrecy):
        services.approve(actor=person, revision=revision)  # earlier stages note, not block
    with pytest.raises(InvalidChange, match="C-3"):
        services.approve(actor=chain.final, revision=revision)
    revision.refresh_from_db()
    assert revision.state == State.IN_REVIEW and revision.stage_index == 3
    services.approve(
        actor=chain.final, revision=revision, override_reason="经核实为公示所需，已征得同意"
    )
    revision.refresh_from_db()
    assert revision.state == State.APPROVED
    action = ReviewAction.objects.filter(revision=revision).order_by("-id").first()
    assert action.action == Action.OVERRIDE and action.override_reason.startswith("经核实")
    assert action.findings[0]["rule"] == "C-3" and action.findings[0]["blocking"]
    # The log keeps the number masked, never a second copy of it.
    assert _valid_id() not in str(action.findings)
    assert _valid_id() not in str(list(AuditEntry.objects.values_list("after", flat=True)))


def test_the_body_is_sanitised(world, chain, on):
    on(TODAY)
    item = create(
        world,
        body_html=(
            '<p onclick="steal()">通知<script>alert(1)</script></p>'
            '<img src="/a.png" onerror="alert(1)">'
            '<a href="javascript:alert(1)">点此</a><a href="https://www.gov.cn/">国务院</a>'
        ),
    )
    body = rev(item).body_html
    assert "script" not in body and "alert" not in body and "onclick" not in body
    assert "onerror" not in body and "javascript" not in body
    assert '<a href="https://www.gov.cn/"' in body and '<img src="/a.png">' in body


def test_a_document_needs_a_reason_when_not_proactive(world, chain, on):
    on(TODAY)
    with pytest.raises(InvalidChange, match="不主动公开的理由"):
        create(world, kind=ItemKind.DOCUMENT, disclosure=Disclosure.ON_REQUEST)
    item = create(
        world,
        kind=ItemKind.DOCUMENT,
        disclosure=Disclosure.NOT_DISCLOSED,
        non_disclosure_reason="涉及第三方商业秘密（条例第十五条）",
        doc_number="青政发〔2026〕12号",
        written_on=D(2026, 9, 15),
    )
    assert rev(item).doc_number == "青政发〔2026〕12号"
    assert not rev(item).body_is_public


def test_index_numbers_follow_the_agencys_pattern_and_run_per_year(world, chain, on):
    on(TODAY)
    entry = CatalogEntry.objects.create(agency=world.town_a, code="t05", name="财政预决算")
    services.policy_save(
        actor=chain.head,
        agency=world.town_a,
        index_pattern="{机构代码}/{分类}-{年}-{序号:03}",
        agency_code="11371326004405003T",
    )
    first = services.item_create(
        actor=world.drafter,
        agency=world.town_a,
        kind=ItemKind.INFO,
        content=content(),
        catalog_entry=entry,
    )
    second = create(world)
    assert first.index_number == "11371326004405003T/t05-2026-001"
    assert second.index_number == "11371326004405003T/QT-2026-002"
    on(D(2027, 1, 4))
    assert create(world, generated_on=D(2027, 1, 4)).index_number.endswith("-2027-001")
    with pytest.raises(InvalidChange, match="未知的占位符"):
        services.policy_save(
            actor=chain.head, agency=world.town_a, index_pattern="{机构}-{年}-{序号}"
        )
    with pytest.raises(NotAllowed):
        services.policy_save(actor=world.drafter, agency=world.town_a, index_pattern="{年}-{序号}")


def test_the_chain_is_configurable_and_a_submitted_revision_keeps_its_own(world, chain, on):
    on(TODAY)
    revision = rev(create(world))
    services.submit(actor=world.drafter, revision=revision)
    services.chain_save(
        actor=chain.head,
        agency=world.town_a,
        stages=[Stage("final", "主要领导签发", Role.FINAL_APPROVER)],
    )
    assert [s.label_zh for s in selectors.chain_for(world.town_a)] == ["主要领导签发"]
    with pytest.raises(InvalidChange, match="须由审核人"):
        services.approve(actor=chain.final, revision=revision)
    other = rev(create(world))
    services.submit(actor=world.drafter, revision=other)
    services.approve(actor=chain.final, revision=other)
    other.refresh_from_db()
    assert other.state == State.APPROVED


def test_validity_and_interpretations(world, chain, on):
    on(TODAY)
    old = publish(world, chain, kind=ItemKind.DOCUMENT, title="旧办法")
    new = publish(world, chain, kind=ItemKind.DOCUMENT, title="新办法")
    services.validity_set(
        actor=world.drafter, item=old, validity=Validity.REPEALED, superseded_by=new
    )
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.superseded_by == new
    assert list(new.supersedes.all()) == [old]
    explain = publish(world, chain, kind=ItemKind.INTERPRETATION, title="《新办法》解读")
    with pytest.raises(InvalidChange, match="政策解读"):
        services.interpretation_link(actor=world.drafter, interpretation=new, document=old)
    services.interpretation_link(actor=world.drafter, interpretation=explain, document=new)
    assert list(selectors.interpretations_of(new)) == [explain]
    assert list(selectors.documents_interpreted(explain)) == [new]
    draft_explain = create(world, kind=ItemKind.INTERPRETATION, title="未发布的解读")
    services.interpretation_link(actor=world.drafter, interpretation=draft_explain, document=new)
    assert list(selectors.interpretations_of(new)) == [explain]  # drafts never show


def test_channel_records_and_counts(world, chain, on):
    on(D(2026, 9, 21))
    first = publish(world, chain)
    second = publish(world, chain, title="第二条")
    with pytest.raises(InvalidChange, match="发布后"):
        services.channel_record_add(
            actor=world.drafter, item=create(world), channel=Channel.NOTICE_BOARD, date=TODAY
        )
    for item in (first, second):
        services.channel_record_add(
            actor=world.drafter, item=item, channel=Channel.NOTICE_BOARD, date=D(2026, 9, 21)
        )
    services.channel_record_add(
        actor=world.drafter,
        item=first,
        channel=Channel.NEW_MEDIA,
        date=D(2026, 9, 21),
        link="https://mp.weixin.qq.com/s/abc",
    )
    # Twice on the same board is still one item there.
    services.channel_record_add(
        actor=world.drafter, item=first, channel=Channel.NOTICE_BOARD, date=D(2026, 9, 21)
    )
    assert selectors.channel_counts(world.town_a, 2026) == {
        Channel.WEBSITE: 2,
        Channel.NOTICE_BOARD: 2,
        Channel.NEW_MEDIA: 1,
    }
    assert selectors.channel_counts(world.town_a, 2025) == {}
    assert selectors.channel_counts(world.town_b, 2026) == {}
    with pytest.raises(InvalidChange, match="http"):
        services.channel_record_add(
            actor=world.drafter,
            item=first,
            channel=Channel.NEW_MEDIA,
            date=TODAY,
            link="javascript:x",
        )


def test_the_periodic_publisher_runs_every_five_minutes():
    from gongkai.publishing.tasks import publish_scheduled

    runs = [dt.datetime(2026, 9, 21, 10, m) for m in range(0, 15)]
    assert [t.minute for t in runs if publish_scheduled.task_class().validate_datetime(t)] == [
        0,
        5,
        10,
    ]
    assert publish_scheduled.name == "publishing.publish_scheduled"
