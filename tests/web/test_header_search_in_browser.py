"""The header's search box in a real browser, with the keyboard alone: reached by Tab
with a visible focus, named for screen readers, and Enter searches this agency's items."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "青石镇2026年第三季度农村低保资金发放情况"


@pytest.fixture
def published():
    from gongkai.accounts.testing import World
    from gongkai.catalog import services as catalog_services
    from gongkai.catalog.models import CatalogEntry
    from tests.web.test_portal_pages import people_of, publish

    world = World()
    town = world.town_a
    catalog_services.catalog_install_starter(actor=world.supervisor, agency=town)
    entry = CatalogEntry.objects.filter(agency=town, parent__isnull=False).first()
    return publish(town, people_of(town), TITLE, entry)  # indexed when it commits


def test_the_header_search_box_works_with_the_keyboard_alone(site, published):
    page = site.page
    site.goto("/gk/qingshi/")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "portal-search-q":
            break
    else:
        pytest.fail("Tab never reached the header's search box")
    box = page.get_by_role("searchbox", name=re.compile("在青石镇人民政府及下级机构"))
    assert box.evaluate("el => el === document.activeElement")
    style = box.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] != "none" and style[1] >= 2  # the focus is visible
    page.keyboard.type("低保")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?" in page.url and "agency=qingshi" in page.url
    assert page.get_by_role("link", name=TITLE).is_visible()
    assert site.external_requests() == []
