"""Due dates on the stored working-day calendar, and the review queue."""

import datetime as dt

import pytest

from gongkai.catalog.models import CatalogEntry
from gongkai.publishing import selectors, services
from gongkai.publishing.models import ItemKind
from gongkai.publishing.services import Content

pytestmark = pytest.mark.django_db

D = dt.date


def create(world, generated_on, **kw):
    return services.item_create(
        actor=world.drafter,
        agency=world.town_a,
        kind=ItemKind.INFO,
        content=Content(title="通知", generated_on=generated_on),
        **kw,
    )


def test_due_20_working_days_after_generation_on_the_2026_calendar(world, chain, on):
    on(D(2026, 9, 21))
    item = create(world, D(2026, 9, 18))
    [row] = selectors.due_items(world.town_a, D(2026, 9, 21))
    # DOMAIN.md: 9/20 (Sunday) is a make-up working day and day 1; 中秋 and 国庆 skipped.
    assert row.item == item and row.due.date == D(2026, 10, 22) and not row.due.provisional
    assert "2026年9月20日" in row.due.explain_zh() and "第二十六条" in row.due.explain_zh()
    assert row.status == "ok"
    assert selectors.due_items(world.town_a, D(2026, 10, 19))[0].status == "due_soon"
    late = selectors.due_items(world.town_a, D(2026, 10, 23))[0]
    assert late.status == "overdue" and late.status_zh == "已超期" and late.working_days_left == -1


def test_a_stricter_local_rule_and_the_catalogue_entrys_own_limit(world, chain, on):
    on(D(2026, 9, 21))
    services.policy_save(
        actor=chain.head,
        agency=world.town_a,
        index_pattern="{机构代码}-{年}-{序号:05}",
        deadline_working_days=5,
    )
    entry = CatalogEntry.objects.create(
        agency=world.town_a, code="t01", name="机构职能", deadline_working_days=3
    )
    plain = create(world, D(2026, 9, 18))
    filed = create(world, D(2026, 9, 18), catalog_entry=entry)
    due = {r.item: r.due.date for r in selectors.due_items(world.town_a, D(2026, 9, 21))}
    # Day 1 = 9/20 (make-up Sunday), 9/21, 9/22, 9/23, 9/24 → 5th; 3rd is 9/22.
    assert due == {plain: D(2026, 9, 24), filed: D(2026, 9, 22)}


def test_published_and_other_agencies_items_are_not_due(world, chain, on):
    on(D(2026, 9, 21))
    item = create(world, D(2026, 9, 18))
    revision = item.revisions.get()
    services.submit(actor=world.drafter, revision=revision)
    for person in (chain.reviewer, chain.head, chain.secrecy, chain.final):
        services.approve(actor=person, revision=revision)
    services.publish_now(actor=chain.head, revision=revision)
    assert selectors.due_items(world.town_a, D(2026, 9, 21)) == []
    assert selectors.due_items(world.town_b, D(2026, 9, 21)) == []


def test_the_queue_follows_the_stage(world, chain, on):
    on(D(2026, 9, 21))
    revision = create(world, D(2026, 9, 18)).revisions.get()
    assert selectors.review_queue(chain.reviewer) == []  # a draft waits for nobody
    services.submit(actor=world.drafter, revision=revision)
    assert [r.pk for r in selectors.review_queue(chain.reviewer)] == [revision.pk]
    assert selectors.review_queue(chain.head) == []
    services.approve(actor=chain.reviewer, revision=revision)
    assert selectors.review_queue(chain.reviewer) == []
    assert [r.pk for r in selectors.review_queue(chain.head)] == [revision.pk]
    assert selectors.review_queue(world.supervisor) == []
    assert selectors.review_queue(world.drafter) == []
    assert list(selectors.my_drafts(world.drafter)) == [revision]
