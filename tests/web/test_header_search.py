"""The search box in the header of every public page: a plain GET form to /search/ with a
label for screen readers, scoped to the agency on its pages, no JavaScript, no CSRF token."""

from __future__ import annotations

import re

import pytest

from gongkai.search import index
from tests.publishing.test_services import publish

pytestmark = pytest.mark.django_db


def header_form(html: str) -> str:
    found = re.search(r'<form class="portal-search".*?</form>', html, re.S)
    assert found, "no search box in the header"
    return found.group(0)


@pytest.mark.parametrize(
    "path",
    ["/gk/qingshi/", "/gk/qingshi/proactive/", "/gk/qingshi/guide/", "/publishing/p/qingshi/"],
)
def test_an_agencys_pages_search_that_agency_and_below(client, world, path):
    html = client.get(path).content.decode()
    form = header_form(html)
    assert 'method="get"' in form and 'action="/search/"' in form and 'role="search"' in form
    assert '<input type="hidden" name="agency" value="qingshi">' in form
    label = re.search(r'<label for="portal-search-q"[^>]*>(.*?)</label>', form)
    assert label and "青石镇人民政府" in label.group(1)
    assert 'id="portal-search-q" name="q"' in form
    assert "csrfmiddlewaretoken" not in form and "<script" not in html


def test_the_public_index_searches_everything(client, world):
    form = header_form(client.get("/").content.decode())
    assert 'name="agency"' not in form
    assert re.search(r'<label for="portal-search-q"[^>]*>搜索公开的政府信息</label>', form)


def test_the_search_page_has_one_search_form_its_own(client, world):
    html = client.get("/search/", {"q": "低保"}).content.decode()
    assert 'class="portal-search"' not in html
    assert html.count('role="search"') == 1


def test_the_back_office_has_no_public_search_box(client, world):
    client.force_login(world.drafter)
    assert 'class="portal-search"' not in client.get("/").content.decode()


def test_what_the_header_box_sends_finds_the_agencys_item(client, world, chain, on):
    import datetime as dt

    on(dt.date(2026, 9, 21))
    item = publish(world, chain, title="农村低保资金发放", body_html="<p>发放低保资金</p>")
    index.item_published(item)
    page = client.get("/search/", {"q": "低保", "agency": "qingshi"}).content.decode()
    assert f"/publishing/p/qingshi/{item.pk}/" in page
    elsewhere = client.get("/search/", {"q": "低保", "agency": world.town_b.slug}).content
    assert f"/publishing/p/qingshi/{item.pk}/" not in elsewhere.decode()
