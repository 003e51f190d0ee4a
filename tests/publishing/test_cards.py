"""The dashboard cards of 主动公开."""

import pytest

from gongkai.lexicon import services as lexicon
from gongkai.publishing import services
from gongkai.publishing.cards import publishing_cards
from gongkai.publishing.patrol import patrol
from tests.publishing.test_services import TODAY, D, create, publish, rev

pytestmark = pytest.mark.django_db


def cards(person) -> dict[str, int]:
    return {c.key: c.count for c in publishing_cards(person)}


def test_the_reviewer_sees_what_waits_for_them_and_the_writer_does_not(world, chain, on):
    on(TODAY)
    item = create(world)
    services.submit(actor=world.drafter, revision=rev(item))
    assert cards(chain.reviewer).get("publishing_review") == 1
    assert "publishing_review" not in cards(chain.head)  # not their stage yet
    assert "publishing_review" not in cards(world.drafter)


def test_an_item_past_its_publication_deadline_is_counted_as_overdue(world, chain, on):
    on(D(2026, 10, 23))  # generated 2026-09-18: due 2026-10-22
    create(world)
    assert cards(world.drafter).get("publishing_overdue") == 1


def test_patrol_findings_show_for_the_agency_and_nobody_else(world, chain, on):
    on(TODAY)
    publish(world, chain, body_html="<p>发放资金的乡镇为青石真。</p>")
    lexicon.term_save(actor=world.supervisor, text="青石真", kind="typo", severity="warning")
    patrol()
    assert cards(world.drafter).get("publishing_patrol") == 1
    assert publishing_cards(world.sysadmin) == []
    assert publishing_cards(world.other_supervisor) == []
