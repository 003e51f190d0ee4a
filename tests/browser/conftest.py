"""Everything in this folder is a browser test, marked or not."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def portal(transactional_db):
    """青石镇 (township catalogue) with a published item, and a handler signed in later."""
    from gongkai.accounts.testing import World
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.models import CatalogEntry
    from tests.web.test_portal_pages import people_of, publish

    world = World()
    town = world.town_a
    catalog_services.catalog_install_starter(actor=world.supervisor, agency=town)
    chain = people_of(town)
    entry = CatalogEntry.objects.filter(agency=town, parent__isnull=False).first()
    item = publish(town, chain, "青石镇2026年第三季度农村低保资金发放情况", entry)
    return world, chain, item
