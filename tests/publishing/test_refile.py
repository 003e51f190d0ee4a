"""调整所属目录: an item filed under the wrong column moves to the right one; its 索引号
and address stay, and the public column and the search filter follow at once."""

import datetime as dt

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.audit.models import AuditEntry
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import CatalogEntry
from gongkai.publishing import services
from tests.publishing.test_services import create, publish

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def entries(world):
    catalog_services.catalog_install_starter(actor=world.supervisor, agency=world.town_a)
    found = CatalogEntry.objects.filter(agency=world.town_a, parent__isnull=False, is_active=True)
    return list(found.order_by("pk")[:2])


def test_a_published_item_moves_and_keeps_its_index_number_and_address(
    client, world, chain, on, entries
):
    wrong, right = entries
    on(D(2026, 9, 21))
    item = publish(world, chain)
    services.item_refile(actor=world.drafter, item=item, catalog_entry=wrong)
    number, address = item.index_number, f"/publishing/p/qingshi/{item.pk}/"
    services.item_refile(actor=world.drafter, item=item, catalog_entry=right)
    item.refresh_from_db()
    assert item.catalog_entry == right and item.index_number == number
    assert client.get(address).status_code == 200
    listed = client.get(f"/publishing/p/qingshi/?entry={right.code}").content.decode()
    assert address in listed
    assert address not in client.get(f"/publishing/p/qingshi/?entry={wrong.code}").content.decode()
    entry = AuditEntry.objects.filter(kind="publishing.item_refiled").order_by("-id").first()
    assert entry.before == {"catalog_entry": str(wrong)} and entry.after == {
        "catalog_entry": str(right)
    }


def test_refiling_refuses_another_agencys_entry_no_change_and_outsiders(world, chain, on, entries):
    on(D(2026, 9, 21))
    item = create(world)
    catalog_services.catalog_install_starter(actor=world.supervisor, agency=world.town_b)
    foreign = CatalogEntry.objects.filter(agency=world.town_b).first()
    with pytest.raises(InvalidChange, match="本机关公开事项目录"):
        services.item_refile(actor=world.drafter, item=item, catalog_entry=foreign)
    with pytest.raises(InvalidChange, match="没有变化"):
        services.item_refile(actor=world.drafter, item=item, catalog_entry=None)
    with pytest.raises(NotAllowed):
        services.item_refile(actor=world.supervisor, item=item, catalog_entry=entries[0])
    item.refresh_from_db()
    assert item.catalog_entry is None


def test_the_item_page_moves_it_and_names_the_new_entry(client, world, chain, on, entries):
    on(D(2026, 9, 21))
    item = create(world)
    client.force_login(world.drafter)
    url = f"/publishing/items/{item.pk}/act/refile/"
    bad = client.post(url, {"catalog_entry": "999999"})
    assert bad.status_code == 400
    response = client.post(url, {"catalog_entry": str(entries[1].pk)}, follow=True)
    assert f"已调整到“{entries[1].name}”" in response.content.decode()
