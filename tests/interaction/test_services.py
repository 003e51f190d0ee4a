"""Routing, replying with screening, publication rules, records from other channels,
yearly counts per channel, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.audit.models import AuditEntry
from gongkai.interaction import selectors, services
from gongkai.interaction.models import Channel, Kind, Message, Status

from .conftest import ID_NUMBER, MOBILE, make_message

pytestmark = pytest.mark.django_db

D = dt.date


def test_routing_closes_here_and_starts_the_receivers_clock(world, clerk_a, clerk_b):
    m = make_message(world.town_a, D(2026, 6, 1))
    copy = services.route(
        actor=clerk_a, message=m, to_agency=world.town_b, reason="属于石桥镇职责", on=D(2026, 9, 25)
    )
    m.refresh_from_db()
    assert m.status == Status.ROUTED and m.route_reason == "属于石桥镇职责"
    assert copy.agency == world.town_b and copy.routed_from == world.town_a and copy.origin == m
    assert copy.received_at == D(2026, 9, 25) and copy.first_received_at == D(2026, 6, 1)
    assert selectors.due_date(copy).date == D(2026, 10, 9)
    # Town A no longer owes an answer; town B does, and the citizen's wait still counts.
    assert selectors.unanswered([world.town_a], D(2026, 10, 9)) == []
    [row] = selectors.unanswered([world.town_b], D(2026, 10, 9))
    assert row.message == copy and not row.overdue and row.over_three_months
    assert AuditEntry.objects.filter(kind="interaction.routed", object_id=str(m.pk)).exists()
    with pytest.raises(InvalidChange):
        services.route(actor=clerk_a, message=m, to_agency=world.town_b, reason="再转")


def test_routing_needs_a_reason_and_the_agencys_own_clerk(world, clerk_a, clerk_b):
    m = make_message(world.town_a, D(2026, 9, 1))
    with pytest.raises(InvalidChange):
        services.route(actor=clerk_a, message=m, to_agency=world.town_b, reason=" ")
    with pytest.raises(NotAllowed):
        services.route(actor=clerk_b, message=m, to_agency=world.town_b, reason="不归我们")
    assert Message.objects.count() == 1


def test_personal_data_in_the_question_is_masked_before_publication(world, clerk_a):
    m = make_message(
        world.town_a, D(2026, 9, 1), body=f"我的身份证{ID_NUMBER}，电话{MOBILE}，请回电。"
    )
    services.reply(actor=clerk_a, message=m, text="您好，补助标准见镇政府公告。")
    m.refresh_from_db()
    assert ID_NUMBER not in m.masked_body and MOBILE not in m.masked_body
    assert "138****5678" in m.masked_body and "110105********002X" in m.masked_body
    assert m.status == Status.REPLIED and m.replied_by == clerk_a and m.replied_at
    services.publish(actor=clerk_a, message=m)
    m.refresh_from_db()
    assert m.public and list(selectors.published(world.town_a)) == [m]


def test_a_clerk_may_edit_the_masked_question_but_not_publish_personal_data(world, clerk_a):
    m = make_message(world.town_a, D(2026, 9, 1), body=f"电话{MOBILE}")
    services.reply(actor=clerk_a, message=m, text="已答复。", masked_body=f"电话{MOBILE}（原样）")
    m.refresh_from_db()
    with pytest.raises(InvalidChange) as refused:
        services.publish(actor=clerk_a, message=m)
    assert "公开的留言内容" in refused.value.message
    services.reply(actor=clerk_a, message=m, text="已答复。", masked_body="电话（已隐去）")
    services.publish(actor=clerk_a, message=m)
    m.refresh_from_db()
    assert m.public and m.masked_body == "电话（已隐去）"


def test_personal_data_in_the_reply_blocks_publication_until_masked(world, clerk_a):
    m = make_message(world.town_a, D(2026, 9, 1))
    findings = services.reply(actor=clerk_a, message=m, text=f"请联系张三，手机{MOBILE}。")
    assert any(f.rule == "C-3" for f in findings)
    m.refresh_from_db()
    assert services.publication_problems(m)
    with pytest.raises(InvalidChange) as refused:
        services.publish(actor=clerk_a, message=m)
    assert "答复内容" in refused.value.message and MOBILE in refused.value.message
    assert not Message.objects.get(pk=m.pk).public
    services.reply(actor=clerk_a, message=m, text="请联系镇民政办。")
    services.publish(actor=clerk_a, message=m)
    assert Message.objects.get(pk=m.pk).public


def test_an_unanswered_message_cannot_be_published(world, clerk_a):
    m = make_message(world.town_a, D(2026, 9, 1))
    with pytest.raises(InvalidChange):
        services.publish(actor=clerk_a, message=m)


def test_unpublishing_needs_a_reason_and_withholds(world, clerk_a):
    m = make_message(world.town_a, D(2026, 9, 1))
    services.reply(actor=clerk_a, message=m, text="已答复。")
    services.publish(actor=clerk_a, message=m)
    with pytest.raises(InvalidChange):
        services.unpublish(actor=clerk_a, message=m, reason="")
    services.unpublish(actor=clerk_a, message=m, reason="涉及个人隐私")
    m.refresh_from_db()
    assert not m.public and m.status == Status.WITHHELD
    assert list(selectors.published(world.town_a)) == []


def test_recording_a_complaint_from_the_hotline(world, clerk_a):
    m = services.record_other_channel(
        actor=clerk_a,
        agency=world.town_a,
        channel=Channel.HOTLINE,
        kind=Kind.COMPLAINT,
        received_at=D(2026, 3, 2),
        title="投诉道路积水",
        body="青石村道路积水。",
        submitter_name="赵六",
        reply="已安排疏通。",
        replied_at=D(2026, 3, 4),
    )
    assert m.status == Status.REPLIED and m.channel == Channel.HOTLINE
    assert AuditEntry.objects.filter(kind="interaction.recorded").count() == 1
    with pytest.raises(InvalidChange):  # a reply without its date
        services.record_other_channel(
            actor=clerk_a, agency=world.town_a, channel=Channel.WEIBO, kind=Kind.CONSULT,
            received_at=D(2026, 3, 2), title="t", body="b", reply="已答复",
        )  # fmt: skip
    with pytest.raises(InvalidChange):  # the portal is not "another channel"
        services.record_other_channel(
            actor=clerk_a, agency=world.town_a, channel=Channel.PORTAL, kind=Kind.CONSULT,
            received_at=D(2026, 3, 2), title="t", body="b",
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        services.record_other_channel(
            actor=clerk_a, agency=world.town_b, channel=Channel.WEIBO, kind=Kind.CONSULT,
            received_at=D(2026, 3, 2), title="t", body="b",
        )  # fmt: skip
    assert Message.objects.count() == 1


def test_channel_counts_with_the_reply_rate(world, clerk_a):
    a = world.town_a
    make_message(a, D(2026, 1, 5), status=Status.REPLIED, replied_at=D(2026, 1, 6))
    make_message(a, D(2026, 2, 5), status=Status.REPLIED, replied_at=D(2026, 2, 6))
    make_message(a, D(2026, 3, 5))
    make_message(a, D(2026, 3, 6), status=Status.ROUTED)  # counted where it was routed to
    make_message(a, D(2025, 12, 30))  # another year
    make_message(
        a, D(2026, 4, 1), channel=Channel.WEIBO, status=Status.REPLIED, replied_at=D(2026, 4, 2)
    )
    make_message(a, D(2026, 4, 1), channel=Channel.HOTLINE)
    make_message(world.town_b, D(2026, 4, 1), channel=Channel.HOTLINE)

    counts = selectors.channel_counts(a, 2026)
    assert set(counts) == {c.value for c in Channel}
    assert counts["portal"]["received"] == 3 and counts["portal"]["replied"] == 2
    assert counts["portal"]["rate"] == pytest.approx(2 / 3)
    assert counts["weibo"] == {"received": 1, "replied": 1, "rate": 1.0}
    assert counts["hotline_12345"] == {"received": 1, "replied": 0, "rate": 0.0}
    assert counts["wechat"] == {"received": 0, "replied": 0, "rate": None}
    assert selectors.channel_counts(a.pk, 2026) == counts


def test_many_agencies_counts_in_one_query_equal_each_ones(
    world, clerk_a, django_assert_max_num_queries
):
    make_message(world.town_a, D(2026, 1, 5), status=Status.REPLIED, replied_at=D(2026, 1, 6))
    make_message(world.town_b, D(2026, 4, 1), channel=Channel.HOTLINE)
    agencies = [world.town_a, world.town_b, world.village_a]
    with django_assert_max_num_queries(1):
        many = selectors.channel_counts_many(agencies, 2026)
    for agency in agencies:
        assert many[agency.pk] == selectors.channel_counts(agency, 2026)
    assert many[world.town_b.pk]["hotline_12345"]["received"] == 1


def test_town_b_cannot_answer_or_publish_town_as_messages(world, clerk_b):
    m = make_message(world.town_a, D(2026, 9, 1))
    with pytest.raises(NotAllowed):
        services.reply(actor=clerk_b, message=m, text="越权答复")
    with pytest.raises(NotAllowed):
        services.publish(actor=clerk_b, message=m)
    with pytest.raises(NotAllowed):
        services.reply(actor=world.sysadmin, message=m, text="系统管理员")
    assert Message.objects.get(pk=m.pk).reply == ""


def test_the_public_submit_refuses_empty_and_oversized_text(world):
    with pytest.raises(InvalidChange):
        services.submit_public(
            agency=world.town_a, channel=Channel.PORTAL, kind=Kind.CONSULT, title=" ", body="x"
        )
    with pytest.raises(InvalidChange):
        services.submit_public(
            agency=world.town_a, channel=Channel.PORTAL, kind=Kind.CONSULT, title="t",
            body="字" * (services.MAX_BODY + 1),
        )  # fmt: skip
    with pytest.raises(InvalidChange):
        services.submit_public(
            agency=world.town_a, channel=Channel.WEIBO, kind=Kind.CONSULT, title="t", body="b"
        )
    assert Message.objects.count() == 0
