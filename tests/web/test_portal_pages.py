"""The 公开专栏 pages: counts per catalogue entry, latest items, a village's 三务公开
columns, the 主动公开 column, the sitemap and robots.txt, their cache headers — all
plain HTML that needs no JavaScript."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.urls import reverse

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Agency, Role
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import CatalogEntry
from gongkai.publishing import services
from gongkai.publishing.models import Item, ItemKind
from gongkai.publishing.services import Content

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def people_of(agency: Agency) -> SimpleNamespace:
    """One person per stage of the default review chain in `agency`."""
    slug = agency.slug.replace("-", "_")
    roles = {
        "drafter": Role.DRAFTER,
        "reviewer": Role.REVIEWER,
        "head": Role.DISCLOSURE_HEAD,
        "secrecy": Role.SECRECY_REVIEWER,
        "final": Role.FINAL_APPROVER,
    }
    return SimpleNamespace(
        **{k: make_person(f"{slug}_{k}", roles=[(agency, role)]) for k, role in roles.items()}
    )


def draft(agency: Agency, chain, title: str, entry: CatalogEntry | None = None) -> Item:
    return services.item_create(
        actor=chain.drafter,
        agency=agency,
        kind=ItemKind.INFO,
        catalog_entry=entry,
        content=Content(title=title, generated_on=dt.date(2026, 9, 18), body_html="<p>正文</p>"),
    )


def publish(agency: Agency, chain, title: str, entry: CatalogEntry | None = None) -> Item:
    item = draft(agency, chain, title, entry)
    revision = item.revisions.get()
    services.submit(actor=chain.drafter, revision=revision)
    for person in (chain.reviewer, chain.head, chain.secrecy, chain.final):
        services.approve(actor=person, revision=revision)
    services.publish_now(actor=chain.head, revision=revision)
    item.refresh_from_db()
    return item


@pytest.fixture
def town(world):
    """青石镇 with the township starter catalogue, two items published under one entry,
    one under its child, a draft and a withdrawn item in the same entries."""
    agency = world.town_a
    catalog_services.catalog_install_starter(actor=world.supervisor, agency=agency)
    chain = people_of(agency)
    parent = CatalogEntry.objects.filter(agency=agency, parent__isnull=True, children__isnull=False)
    parent = parent.order_by("position").first()
    child = parent.children.order_by("position").first()
    published = [
        publish(agency, chain, "机构职能说明", parent),
        publish(agency, chain, "领导分工调整", child),
        publish(agency, chain, "未归类的通知"),
    ]
    drafted = draft(agency, chain, "尚在起草的稿件", child)
    withdrawn = publish(agency, chain, "已撤回的公告", child)
    services.withdraw(actor=chain.head, item=withdrawn, reason="内容有误")
    return SimpleNamespace(
        agency=agency,
        parent=parent,
        child=child,
        published=published,
        drafted=drafted,
        withdrawn=withdrawn,
    )


def counts(html: str) -> dict[str, int]:
    return {
        code: int(n) for code, n in re.findall(r'data-entry="([^"]+)" data-count="(\d+)"', html)
    }


def test_the_home_counts_only_published_items_per_entry_branch_included(client, town):
    response = client.get(f"/gk/{town.agency.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    found = counts(html)
    assert found[town.child.code] == 1  # the draft and the withdrawn item are not counted
    assert found[town.parent.code] == 2  # its own item and its child's
    assert sum(v for k, v in found.items() if "-" not in k) == 2  # 未归类 counts nowhere
    assert f"?entry={town.parent.code}" in html
    for item in town.published:
        assert item.published_revision.title in html  # latest publications
    assert "尚在起草的稿件" not in html and "已撤回的公告" not in html


def test_counts_come_from_one_grouped_query_not_one_per_entry(
    client, town, django_assert_max_num_queries
):
    entries = CatalogEntry.objects.filter(agency=town.agency).count()
    assert entries > 20
    with django_assert_max_num_queries(15):
        client.get(f"/gk/{town.agency.slug}/")


def test_the_home_links_every_service(client, town):
    html = client.get(f"/gk/{town.agency.slug}/").content.decode()
    for key, path in [
        ("guide", "/gk/qingshi/guide/"),
        ("apply", "/gk/qingshi/apply/"),
        ("track", "/track/"),
        ("annual-reports", "/gk/qingshi/annual-reports/"),
        ("messages", "/gk/qingshi/messages/"),
        ("search", "/search/"),
    ]:
        assert f'href="{path}" data-link="{key}"' in html


def test_the_proactive_column_lists_the_catalogue_with_counts_and_links(client, town):
    response = client.get(f"/gk/{town.agency.slug}/proactive/")
    assert response.status_code == 200
    html = response.content.decode()
    assert counts(html)[town.child.code] == 1
    assert f'href="/publishing/p/qingshi/?entry={town.child.code}"' in html
    assert "本栏目正在建设" not in html
    # The link the counts promise shows exactly the counted items.
    listing = client.get(f"/publishing/p/qingshi/?entry={town.parent.code}").content.decode()
    assert listing.count("data-item=") == 2


def test_a_village_home_shows_dangwu_cunwu_caiwu_columns(client, world):
    village = world.village_a
    catalog_services.catalog_install_starter(actor=world.supervisor, agency=village, kind="village")
    chain = people_of(village)
    finance = CatalogEntry.objects.get(agency=village, code="v03").children.first()
    publish(village, chain, "2026年第三季度村级财务收支公开", finance)
    html = client.get(f"/gk/{village.slug}/").content.decode()
    columns = re.findall(r'data-column="(v0\d)"', html)
    assert columns == ["v02", "v01", "v03"]  # 党务、村务、财务
    for title in ("党务公开", "村务公开", "财务公开"):
        assert title in html
    finance_column = html.split('data-column="v03"')[1]
    assert "2026年第三季度村级财务收支公开" in finance_column
    assert counts(finance_column)[finance.code] == 1


def test_a_town_home_has_no_sanwu_columns(client, town):
    assert "data-column=" not in client.get("/gk/qingshi/").content.decode()


def test_the_sitemap_lists_published_items_never_drafts_or_withdrawn(client, town):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in root.findall("s:url", NS)
    }

    def item_url(item: Item) -> str:
        return "http://testserver" + reverse("publishing:public_item", args=["qingshi", item.pk])

    for item in town.published:
        assert urls[item_url(item)] == item.published_revision.published_at.date().isoformat()
    assert item_url(town.drafted) not in urls
    assert item_url(town.withdrawn) not in urls
    for path in ("/gk/qingshi/", "/gk/qingshi/proactive/", "/catalog/p/qingshi/"):
        assert "http://testserver" + path in urls
    assert "http://testserver/gk/ogo/" not in urls  # an office publishes through its government


def test_robots_points_at_the_sitemap(client, world):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/gk/qingshi/", "/gk/qingshi/proactive/", "/sitemap.xml", "/robots.txt"]
)
def test_public_pages_are_cacheable_for_anonymous_readers(client, town, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_signed_in_reader_gets_private_pages(client, town, world):
    client.force_login(world.drafter)
    response = client.get("/gk/qingshi/")
    assert "private" in response["Cache-Control"]


def test_pages_work_without_javascript(client, town):
    """Everything is links and plain HTML: no page here needs a script to show its
    content, and none carries an inline script or an htmx request of its own."""
    for path in ("/gk/qingshi/", "/gk/qingshi/proactive/", "/gk/qingshi-cun/"):
        html = client.get(path).content.decode()
        assert "<noscript" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # only the frame's htmx file
        assert "hx-get" not in html and "hx-post" not in html


def test_an_unknown_agency_is_404(client, world):
    assert client.get("/gk/nowhere/").status_code == 404
    assert client.get("/gk/nowhere/proactive/").status_code == 404
