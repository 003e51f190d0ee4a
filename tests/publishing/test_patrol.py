"""The nightly site patrol: published items screened again and their own-site links followed."""

import datetime as dt

import pytest

from gongkai.lexicon import services as lexicon
from gongkai.publishing import services
from gongkai.publishing.models import PatrolFinding
from gongkai.publishing.patrol import open_findings, patrol
from tests.publishing.test_services import TODAY, publish

pytestmark = pytest.mark.django_db

BODY = (
    '<p>详见<a href="/gk/qingshi/">本镇公开专栏</a>和'
    '<a href="/gk/no-such-town/">旧的专栏地址</a>。本季度发放资金的乡镇为青石真。</p>'
)


def test_a_dead_own_link_and_a_term_added_after_publication_are_found(world, chain, on):
    on(TODAY)
    publish(world, chain, body_html=BODY)
    lexicon.term_save(
        actor=world.supervisor, text="青石真", kind="typo", suggestion="青石镇", severity="warning"
    )
    result = patrol()
    assert result.items == 1
    rules = {(f.rule, f.text) for f in open_findings([world.town_a])}
    assert ("C-1", "青石真") in rules
    dead = [f for f in open_findings([world.town_a]) if f.rule == "C-4"]
    assert [f.text for f in dead] == ["/gk/no-such-town/"]  # as the clerk wrote it
    assert not open_findings([world.town_b])


def test_a_finding_that_is_gone_at_the_next_patrol_is_marked_resolved_not_deleted(world, chain, on):
    on(TODAY)
    publish(world, chain, body_html="<p>发放资金的乡镇为青石真。</p>")
    term = lexicon.term_save(actor=world.supervisor, text="青石真", kind="typo", severity="warning")
    first = patrol(now=dt.datetime(2026, 9, 22, 2, 30, tzinfo=dt.UTC))
    assert first.new == 1
    again = patrol(now=dt.datetime(2026, 9, 23, 2, 30, tzinfo=dt.UTC))
    assert again.new == 0 and again.resolved == 0  # the same finding, seen again
    lexicon.term_delete(actor=world.supervisor, term=term)
    third = patrol(now=dt.datetime(2026, 9, 24, 2, 30, tzinfo=dt.UTC))
    assert third.resolved == 1
    row = PatrolFinding.objects.get()
    assert row.resolved_at is not None and row.first_found_at.day == 22


def test_a_withdrawn_item_leaves_the_patrol_and_its_findings_are_closed(world, chain, on):
    on(TODAY)
    item = publish(world, chain, body_html="<p>发放资金的乡镇为青石真。</p>")
    lexicon.term_save(actor=world.supervisor, text="青石真", kind="typo", severity="warning")
    patrol()
    services.withdraw(actor=chain.head, item=item, reason="内容有误")
    assert patrol().items == 0
    assert not open_findings([world.town_a])


def test_drafts_are_never_patrolled(world, chain, on):
    from tests.publishing.test_services import create

    on(TODAY)
    create(world, body_html="<p>青石真</p>")
    lexicon.term_save(actor=world.supervisor, text="青石真", kind="typo", severity="warning")
    assert patrol().items == 0 and not PatrolFinding.objects.exists()


def test_the_patrol_page_lists_the_agencys_findings_and_refuses_outsiders(client, world, chain, on):
    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Role

    on(TODAY)
    publish(world, chain, body_html="<p>发放资金的乡镇为青石真。</p>")
    lexicon.term_save(actor=world.supervisor, text="青石真", kind="typo", severity="warning")
    patrol()
    client.force_login(world.drafter)
    page = client.get("/publishing/patrol/").content.decode()
    assert "青石真" in page and "C-1" in page
    client.force_login(world.supervisor)  # the county office watches its townships
    assert "青石真" in client.get("/publishing/patrol/").content.decode()
    client.force_login(make_person("shiqiao", roles=[(world.town_b, Role.DRAFTER)]))
    assert "青石真" not in client.get("/publishing/patrol/").content.decode()
    client.force_login(world.sysadmin)
    assert client.get("/publishing/patrol/").status_code == 403


def test_publishing_and_withdrawing_update_the_search_index_once_committed(
    world, chain, on, django_capture_on_commit_callbacks
):
    from gongkai.search.index import search
    from gongkai.search.models import Entry

    on(TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        item = publish(world, chain, title="青石镇危房改造补助名单公示")
    assert Entry.objects.filter(item=item).exists()
    assert [h.item.pk for h in search("危房改造").hits] == [item.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(actor=chain.head, item=item, reason="名单有误")
    assert not Entry.objects.filter(item=item).exists()
