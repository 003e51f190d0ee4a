"""作废: a writer gives up a draft. It is kept (the log says who and why) but leaves the
work lists and the publication deadlines; a dropped correction leaves the public text."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange
from gongkai.audit.models import AuditEntry
from gongkai.publishing import selectors, services
from gongkai.publishing.models import Item, State
from tests.publishing.test_services import approve_all, content, create, publish, rev

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_discarded_draft_leaves_the_drafts_and_the_deadlines_but_stays_on_record(
    world, chain, on
):
    on(D(2026, 10, 23))
    item = create(world)
    assert selectors.due_items(world.town_a)  # a deadline runs for it
    services.discard(actor=world.drafter, revision=rev(item), reason="重复录入")
    item.refresh_from_db()
    assert item.state == State.DISCARDED and Item.objects.filter(pk=item.pk).exists()
    assert selectors.due_items(world.town_a) == []
    assert list(selectors.my_drafts(world.drafter)) == []
    assert not selectors.public_items(world.town_a).exists()
    entry = AuditEntry.objects.get(kind="publishing.discard", object_id=str(item.pk))
    assert entry.note == "重复录入" and entry.actor == world.drafter


def test_a_reason_is_needed_and_a_revision_in_review_cannot_be_discarded(world, chain, on):
    on(D(2026, 10, 23))
    item = create(world)
    with pytest.raises(InvalidChange, match="理由"):
        services.discard(actor=world.drafter, revision=rev(item), reason="  ")
    services.submit(actor=world.drafter, revision=rev(item))
    with pytest.raises(InvalidChange, match="只有草稿和退回修改的稿件可以作废"):
        services.discard(actor=world.drafter, revision=rev(item), reason="不发了")
    assert rev(item).state == State.IN_REVIEW


def test_only_the_agencys_writers_discard(world, chain, on):
    from gongkai.accounts.errors import NotAllowed

    on(D(2026, 10, 23))
    item = create(world)
    with pytest.raises(InvalidChange, match="只有撰稿人"):
        services.discard(actor=chain.reviewer, revision=rev(item), reason="x")
    with pytest.raises(NotAllowed):
        services.discard(actor=world.supervisor, revision=rev(item), reason="x")
    assert rev(item).state == State.DRAFT


def test_dropping_a_correction_keeps_the_published_text_and_allows_a_new_one(world, chain, on):
    on(D(2026, 9, 21))
    item = publish(world, chain)
    public = item.published_revision
    correction = services.correct(actor=world.drafter, item=item)
    services.discard(actor=world.drafter, revision=correction, reason="无需更正")
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.published_revision == public
    assert selectors.working_revision(item) is None
    again = services.correct(actor=world.drafter, item=item)
    assert again.number == correction.number + 1


def test_the_item_page_offers_discard_to_the_writer_and_it_works(client, world, chain, on):
    on(D(2026, 10, 23))
    item = create(world)
    client.force_login(world.drafter)
    assert "作废稿件" in client.get(f"/publishing/items/{item.pk}/").content.decode()
    empty = client.post(f"/publishing/items/{item.pk}/act/discard/", {"reason": ""})
    assert empty.status_code == 400 and "作废理由" in empty.content.decode()
    response = client.post(f"/publishing/items/{item.pk}/act/discard/", {"reason": "重复录入"})
    assert response.status_code == 302
    page = client.get(f"/publishing/items/{item.pk}/").content.decode()
    assert "已作废" in page and "作废稿件</button>" not in page


def test_a_withdrawn_item_comes_back_at_its_address_only_through_a_new_reviewed_revision(
    client, world, chain, on
):
    from gongkai.publishing.models import ReviewAction

    on(D(2026, 9, 21))
    item = publish(world, chain)
    address = f"/publishing/p/qingshi/{item.pk}/"
    services.withdraw(actor=chain.head, item=item, reason="附件有误")
    assert client.get(address).status_code == 404
    item.refresh_from_db()
    with pytest.raises(InvalidChange, match="撤稿"):
        services.publish_now(actor=chain.head, revision=item.published_revision)

    on(D(2026, 9, 22))
    again = services.correct(actor=world.drafter, item=item)
    services.revision_edit(
        actor=world.drafter,
        revision=again,
        content=content(body_html="<p>已替换附件。</p>", change_note="替换有误的附件后重新发布"),
    )
    services.submit(actor=world.drafter, revision=again)
    approve_all(chain, again)
    services.publish_now(actor=chain.head, revision=again)
    item.refresh_from_db()
    assert item.state == State.PUBLISHED and item.withdrawn_at is None
    page = client.get(address)
    assert page.status_code == 200 and "已替换附件" in page.content.decode()
    # The withdrawal stays on record.
    assert ReviewAction.objects.filter(item=item, action="withdraw", comment="附件有误").exists()


def test_the_item_page_of_a_withdrawn_item_offers_republication(client, world, chain, on):
    on(D(2026, 9, 21))
    item = publish(world, chain)
    services.withdraw(actor=chain.head, item=item, reason="附件有误")
    client.force_login(world.drafter)
    assert "重新发布" in client.get(f"/publishing/items/{item.pk}/").content.decode()
    response = client.post(f"/publishing/items/{item.pk}/act/republish/", follow=True)
    assert "重新发布稿" in response.content.decode()
    assert rev(item).number == 2 and rev(item).state == State.DRAFT
