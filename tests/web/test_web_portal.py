"""`/gk/<agency>/`: each agency's 公开专栏 home and the placeholders of its columns."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SECTION_TITLES = [
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "依申请公开",
]


def test_a_township_home_shows_its_name_the_five_columns_and_its_villages(client, county):
    response = client.get("/gk/qingshi/")
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert "web/portal_home.html" in names and "web/base_portal.html" in names
    html = response.content.decode()
    assert '<h1>青石镇人民政府 <span class="h1-sub">政府信息公开专栏</span></h1>' in html
    for title in SECTION_TITLES:
        assert title in html
    assert 'href="/gk/qingshi-cun/"' in html and "村（社区）" in html


def test_a_county_home_lists_townships_and_departments_but_not_the_office(client, county):
    html = client.get("/gk/shili/").content.decode()
    assert "乡镇（街道）" in html and "政府部门" in html
    assert 'href="/gk/qingshi/"' in html and 'href="/gk/shili-jyj/"' in html
    assert county["office"].name not in html
    # The county's villages are its townships' business, not listed here.
    assert 'href="/gk/qingshi-cun/"' not in html


def test_the_breadcrumb_leads_back_up_the_tree(client, county):
    html = client.get("/gk/qingshi-cun/").content.decode()
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert re.search(
        r'href="/".*href="/gk/shili/".*href="/gk/qingshi/".*aria-current', crumbs, re.S
    )


def test_portal_pages_may_be_cached_a_minute_then_revalidated_and_vary_by_cookie(client, county):
    for url in ("/gk/qingshi/", "/gk/qingshi/guide/"):
        response = client.get(url)
        assert set(response["Cache-Control"].replace(" ", "").split(",")) == {
            "public",
            "max-age=60",
            "must-revalidate",
        }
        assert "Cookie" in response["Vary"]
        assert "Set-Cookie" not in response.headers


def test_a_signed_in_reader_of_the_portal_gets_a_private_answer(client, county, people):
    client.force_login(people["drafter"])
    response = client.get("/gk/qingshi/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME in response.cookies  # why it must not be shared


def test_the_portal_does_not_show_who_is_signed_in(client, county, people):
    client.force_login(people["drafter"])
    html = client.get("/gk/qingshi/").content.decode()
    assert "王文书" not in html


def test_an_unknown_agency_is_a_404_with_a_readable_page(client, county):
    response = client.get("/gk/no-such-town/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "页面不存在" in response.content.decode()


def test_the_open_government_office_has_no_portal_of_its_own(client, county):
    assert client.get("/gk/shili-ogo/").status_code == 404


def test_a_column_not_built_yet_says_so_instead_of_showing_invented_content(client, county):
    # 政府信息公开制度 has no app of its own yet (the annual reports now have theirs).
    response = client.get("/gk/qingshi/rules/")
    assert response.status_code == 200
    assert "web/portal_section.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "本栏目正在建设" in html
    assert "<h1>政府信息公开制度</h1>" in html
    assert 'data-section="rules" aria-current="page"' in html


def test_an_unknown_column_is_a_404(client, county):
    assert client.get("/gk/qingshi/no-such-column/").status_code == 404
    assert client.get("/gk/nowhere/guide/").status_code == 404


def test_the_frame_is_chinese_accessible_and_self_contained(client, county):
    html = client.get("/gk/qingshi/").content.decode()
    assert '<html lang="zh-CN"' in html
    assert re.search(r'<a class="skip-link" href="#main">跳到主要内容</a>', html)
    assert html.index("skip-link") < html.index("<header")  # the first thing Tab reaches
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert html.count('rel="stylesheet"') == 1
    # Public pages carry no script at all: htmx serves the back office only.
    assert "htmx.min.js" not in html and "<script" not in html
    # Nothing on the page points at another host.
    assert not re.search(r'(src|href|action)="(https?:)?//', html)


def test_large_text_and_high_contrast_links_are_on_every_portal_page(client, county):
    for url in ("/", "/gk/qingshi/", "/gk/qingshi/apply/"):
        html = client.get(url).content.decode()
        assert f'href="/display/large-text/on/?next={url}"' in html
        assert f'href="/display/high-contrast/on/?next={url}"' in html


def test_the_way_back_from_a_preference_switch_keeps_the_query_string(client, county):
    html = client.get("/gk/qingshi/", {"page": "2", "q": "年报"}).content.decode()
    assert "next=/gk/qingshi/%3Fpage%3D2%26q%3D%25E5%25B9%25B4%25E6%258A%25A5" in html
