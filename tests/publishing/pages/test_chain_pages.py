"""The whole review chain through the pages: five people of 青石镇, each approving in
turn; a return with its comment; an approval out of turn refused in Chinese; what town B
and the public see before and after publication; withdrawal."""

from __future__ import annotations

import json

import pytest

from gongkai.proactive.review import State
from gongkai.publishing.models import Item, ReviewAction

from .helpers import act, client_for, create, stage_of

pytestmark = pytest.mark.django_db

APPROVERS = ("reviewer", "head", "secrecy", "final")


def approve(people, item: Item, who: str, comment: str = "同意"):
    response = act(
        client_for(getattr(people, who)), item, "approve", stage=stage_of(item), comment=comment
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def publish(people, world) -> Item:
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    assert act(writer, item, "submit").status_code == 302
    for who in APPROVERS:
        approve(people, item, who)
    assert act(client_for(people.head), item, "publish").status_code == 302
    item.refresh_from_db()
    return item


def public_views(client, item: Item) -> dict[str, bool]:
    """Whether the item is on the public list, its page and both feeds."""
    slug = item.agency.slug
    listing = client.get(f"/publishing/p/{slug}/").content.decode()
    page = client.get(f"/publishing/p/{slug}/{item.pk}/")
    rss = client.get(f"/publishing/p/{slug}/feed.xml").content.decode()
    feed = json.loads(client.get(f"/publishing/p/{slug}/feed.json").content)
    return {
        "list": f'data-item="{item.pk}"' in listing,
        "page": page.status_code == 200,
        "rss": item.index_number in rss,
        "json": any(i["id"] == item.index_number for i in feed["items"]),
    }


def test_home_shows_the_new_button_drafts_and_queue(world, people, monday):
    writer = client_for(people.writer)
    page = writer.get("/publishing/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "新建" in html and f"/publishing/new/?agency={world.town_a.pk}" in html
    item = create(writer, world.town_a)
    html = writer.get("/publishing/").content.decode()
    assert f'data-draft="{item.pk}"' in html
    # Generated 2026-09-18: due within 20 working days, so "due soon" only near the end;
    # the section and its explanation are there either way.
    assert "发布期限" in html
    act(writer, item, "submit")
    queue = client_for(people.reviewer).get("/publishing/").content.decode()
    assert f'data-queue="{item.pk}"' in queue
    assert (
        f'data-queue="{item.pk}"'
        not in client_for(people.secrecy).get("/publishing/").content.decode()
    )


def test_overdue_item_is_on_home_with_its_explanation(world, people, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    writer = client_for(people.writer)
    item = create(writer, world.town_a, generated_on="2026-08-03")
    html = writer.get("/publishing/").content.decode()
    assert f'data-due="{item.pk}"' in html
    assert "已超期" in html and "<details>" in html


def test_the_whole_chain_each_in_turn_then_published(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    page = writer.get(f"/publishing/items/{item.pk}/").content.decode()
    assert item.index_number in page and "青石镇人民政府" in page and "生成日期" in page
    assert 'data-action="submit"' in page
    assert act(writer, item, "submit").status_code == 302
    for n, who in enumerate(APPROVERS):
        person = getattr(people, who)
        page = client_for(person).get(f"/publishing/items/{item.pk}/").content.decode()
        assert 'data-action="approve"' in page, who
        assert f'<li class="current" data-stage="{n}">' in page
        approve(people, item, who)
    item.refresh_from_db()
    assert item.revisions.get().state == State.APPROVED
    page = client_for(people.head).get(f"/publishing/items/{item.pk}/").content.decode()
    for name in ("李分管", "赵信息", "钱保密", "孙镇长"):
        assert name in page
    assert 'data-action="publish"' in page and 'data-action="schedule"' in page
    assert act(client_for(people.head), item, "publish").status_code == 302
    item.refresh_from_db()
    assert item.state == State.PUBLISHED


def test_a_return_goes_back_to_the_writer_with_the_comment(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    act(writer, item, "submit")
    approve(people, item, "reviewer")
    # A return without a comment is refused by the form, the input kept.
    response = act(client_for(people.head), item, "return", stage=1, comment="")
    assert response.status_code == 400
    response = act(
        client_for(people.head), item, "return", stage=1, comment="第二段金额有误，请核对"
    )
    assert response.status_code == 302
    page = writer.get(f"/publishing/items/{item.pk}/").content.decode()
    assert "data-returned" in page and "第二段金额有误，请核对" in page and "赵信息" in page
    assert f"/publishing/items/{item.pk}/edit/" in page
    # The writer fixes it and resubmits: the chain starts again at the first stage.
    edit = writer.post(
        f"/publishing/items/{item.pk}/edit/",
        {"title": "青石镇2026年第三季度农村低保资金发放情况", "generated_on": "2026-09-18",
         "disclosure": "proactive", "body_html": "<p>金额已核对：12.6 万元。</p>"},
    )  # fmt: skip
    assert edit.status_code == 302
    assert act(writer, item, "submit").status_code == 302
    assert stage_of(item) == 0


def test_editing_is_locked_while_in_review(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    act(writer, item, "submit")
    page = writer.get(f"/publishing/items/{item.pk}/edit/").content.decode()
    assert "已锁定" in page
    response = writer.post(
        f"/publishing/items/{item.pk}/edit/",
        {"title": "改过的标题", "generated_on": "2026-09-18", "disclosure": "proactive"},
    )
    assert response.status_code == 400
    assert "已锁定" in response.content.decode()
    assert item.revisions.get().title != "改过的标题"


def test_approving_out_of_turn_is_refused_in_chinese_and_nothing_changes(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    act(writer, item, "submit")
    before = ReviewAction.objects.filter(item=item).count()
    # The 保密审查 officer tries the first stage (and then their own, not reached yet).
    secrecy = client_for(people.secrecy)
    response = act(secrecy, item, "approve", stage=0, comment="同意")
    assert response.status_code == 400
    html = response.content.decode()
    assert "环节须由审核人（分管领导）办理，您没有这一岗位" in html
    assert "同意" in html  # the input is kept
    response = act(secrecy, item, "approve", stage=2)
    assert response.status_code == 400
    assert "不能跳过或重复审核其他环节" in response.content.decode()
    # The writer may not approve their own item.
    response = act(writer, item, "approve", stage=0)
    assert response.status_code == 400
    assert ReviewAction.objects.filter(item=item).count() == before
    assert stage_of(item) == 0


def test_the_supervisor_reads_but_may_not_act(world, people, monday):
    item = create(client_for(people.writer), world.town_a)
    supervisor = client_for(world.supervisor)
    assert supervisor.get(f"/publishing/items/{item.pk}/").status_code == 200
    assert act(supervisor, item, "submit").status_code == 403


def test_a_draft_is_hidden_from_town_b_and_the_public_until_published(world, people, monday):
    writer = client_for(people.writer)
    item = create(writer, world.town_a)
    town_b = client_for(people.town_b)
    assert town_b.get(f"/publishing/items/{item.pk}/").status_code == 404
    assert town_b.get(f"/publishing/items/{item.pk}/approval.pdf").status_code == 404
    assert act(town_b, item, "submit").status_code == 404
    assert client_for(world.sysadmin).get(f"/publishing/items/{item.pk}/").status_code == 404
    from django.test import Client

    public = Client()
    assert public_views(public, item) == {"list": False, "page": False, "rss": False, "json": False}
    act(writer, item, "submit")
    for who in APPROVERS:
        approve(people, item, who)
        # In review and approved: still nowhere public.
        assert public_views(public, item) == {
            "list": False,
            "page": False,
            "rss": False,
            "json": False,
        }
    act(client_for(people.head), item, "publish")
    assert public_views(public, item) == {"list": True, "page": True, "rss": True, "json": True}
    # Town B's clerk still cannot open the back-office page, but reads the public one.
    assert town_b.get(f"/publishing/items/{item.pk}/").status_code == 404


def test_withdrawal_removes_it_from_every_public_view_at_once(world, people, monday):
    item = publish(people, world)
    from django.test import Client

    public = Client()
    assert public_views(public, item) == {"list": True, "page": True, "rss": True, "json": True}
    # The writer may not withdraw (a decision above the clerk): no button, refused.
    page = client_for(people.writer).get(f"/publishing/items/{item.pk}/").content.decode()
    assert 'data-action="withdraw"' not in page
    response = act(client_for(people.head), item, "withdraw", reason="")
    assert response.status_code == 400
    response = act(client_for(people.head), item, "withdraw", reason="数据需要重新核实")
    assert response.status_code == 302
    assert public_views(public, item) == {"list": False, "page": False, "rss": False, "json": False}
    page = client_for(people.head).get(f"/publishing/items/{item.pk}/").content.decode()
    assert "数据需要重新核实" in page
