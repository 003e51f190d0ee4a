"""/search/: public, GET only, cached, no JavaScript needed, never a 500."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search import index
from tests.publishing.test_services import publish

pytestmark = pytest.mark.django_db

URL = "/search/"


def test_empty_query_shows_a_hint(client, world):
    response = client.get(URL)
    assert response.status_code == 200
    assert "请输入要查找的词语" in response.content.decode()
    assert "public" in response["Cache-Control"]


def test_results_link_to_the_public_item_page(client, world, chain, on):
    on(dt.date(2026, 9, 21))
    item = publish(world, chain, title="农村低保资金发放", body_html="<p>发放<b>低保</b>资金</p>")
    index.item_published(item)
    page = client.get(URL, {"q": "低保", "agency": "qingshi"}).content.decode()
    assert f"/publishing/p/qingshi/{item.pk}/" in page
    assert "<mark>低保</mark>" in page and "青石镇人民政府" in page
    assert 'for="search-q"' in page


def test_post_is_refused(client, world):
    assert client.post(URL, {"q": "低保"}).status_code == 405


def test_long_queries_are_cut_with_a_message(client, world):
    page = client.get(URL, {"q": "低保" * 100}).content.decode()
    assert "关键词过长" in page


def test_filters_that_do_not_parse_are_ignored(client, world):
    response = client.get(
        URL, {"q": "低保", "agency": "nope", "from": "x", "to": "2026-13-40", "page": "-1",
              "doc_type": "<x>", "validity": "?", "entry": "%"},
    )  # fmt: skip
    assert response.status_code == 200


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.sampled_from(["q", "from", "to", "page", "agency", "entry"]), st.text()))
def test_no_input_gives_an_error(client, world, params):
    params = {k: v.replace("\x00", "") for k, v in params.items()}
    assert client.get(URL, params).status_code == 200
