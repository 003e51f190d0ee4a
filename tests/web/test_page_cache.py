"""The page cache of public pages and their headers (gongkai.web.caching): a repeated
anonymous request is answered without rendering, yet a publication, a correction or a
withdrawal shows on the very next request; conditional GETs get 304; a signed-in reader,
a reader with large text and a page carrying a CSRF token never get someone else's copy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone

from gongkai.agencies.models import Agency, Level
from gongkai.publishing import services
from gongkai.web import caching
from tests.publishing.test_services import approve_all, content, create, publish, rev

pytestmark = pytest.mark.django_db

HOME = "/gk/qingshi/"
LIST = "/publishing/p/qingshi/"
TITLE = "青石镇2026年第三季度农村低保资金发放情况"


def rendered(response) -> bool:
    """Whether the view ran (the test client records every template rendered)."""
    return bool(response.templates)


def item_url(item) -> str:
    return f"/publishing/p/qingshi/{item.pk}/"


def test_a_repeated_anonymous_request_is_answered_from_the_cache(client, world):
    first = client.get(HOME)
    again = client.get(HOME)
    assert first.status_code == again.status_code == 200
    assert rendered(first) and not rendered(again)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"] and "Cookie" in again["Vary"]


def test_a_publication_shows_at_once_on_the_home_the_list_and_its_page(client, world, chain, on):
    on(dt.date(2026, 9, 21))
    for url in (HOME, LIST, HOME, LIST):  # both now in the cache
        assert TITLE not in client.get(url).content.decode()
    item = publish(world, chain)
    for url in (HOME, LIST, item_url(item)):
        response = client.get(url)
        assert response.status_code == 200
        assert TITLE in response.content.decode(), url


def test_a_withdrawal_leaves_every_cached_page_at_once(client, world, chain, on):
    on(dt.date(2026, 9, 21))
    item = publish(world, chain)
    for url in (HOME, LIST, item_url(item)):
        client.get(url)
        assert TITLE in client.get(url).content.decode()  # the second from the cache
    services.withdraw(actor=chain.final, item=item, reason="名单有误，核实后重发")
    assert client.get(item_url(item)).status_code == 404
    assert TITLE not in client.get(HOME).content.decode()
    assert TITLE not in client.get(LIST).content.decode()


def test_a_published_correction_replaces_the_cached_text(client, world, chain, on):
    on(dt.date(2026, 9, 21))
    item = publish(world, chain)
    client.get(item_url(item))
    assert "12.6 万元" in client.get(item_url(item)).content.decode()
    on(dt.date(2026, 9, 28))
    second = services.correct(actor=world.drafter, item=item)
    services.revision_edit(
        actor=world.drafter,
        revision=second,
        content=content(
            body_html="<p>本季度共发放低保资金 12.8 万元。</p>", change_note="更正金额"
        ),
    )
    services.submit(actor=world.drafter, revision=second)
    approve_all(chain, second)
    # Approved is not published: the public still reads the first text.
    assert "12.6 万元" in client.get(item_url(item)).content.decode()
    services.publish_now(actor=chain.head, revision=second)
    page = client.get(item_url(item)).content.decode()
    assert "12.8 万元" in page and "12.6 万元" not in page


def test_a_save_without_an_audit_entry_also_moves_the_version(client, world):
    client.get(HOME)
    assert not rendered(client.get(HOME))
    world.town_a.name = "青石镇人民政府（新）"
    world.town_a.save()
    page = client.get(HOME)
    assert rendered(page) and "青石镇人民政府（新）" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_again_when_the_transaction_commits():
    # A page rendered by another request while the transaction was open showed the old
    # data under the moved version: the commit must move it once more.
    before = caching.public_data_version()
    with transaction.atomic():
        agency = Agency.objects.create(name="青石镇人民政府", level=Level.TOWNSHIP, slug="qs")
        agency.save()
        during = caching.public_data_version()
    after = caching.public_data_version()
    assert len({before, during, after}) == 3
    # Sessions are saved on every signed-in request: they change no public page.
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now())
    assert caching.public_data_version() == after


def test_a_matching_etag_gets_a_bodiless_304_until_something_changes(client, world, chain, on):
    on(dt.date(2026, 9, 21))
    etag = client.get(HOME)["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    not_modified = client.get(HOME, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag and "must-revalidate" in not_modified["Cache-Control"]
    publish(world, chain)
    changed = client.get(HOME, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and TITLE in changed.content.decode()
    assert changed["ETag"] != etag


def test_public_headers_are_short_and_revalidated(client, world):
    response = client.get(HOME)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", f"max-age={caching.PUBLIC_MAX_AGE}", "must-revalidate"}
    assert caching.PUBLIC_MAX_AGE <= 60
    assert "Set-Cookie" not in response.headers


def test_a_signed_in_reader_never_gets_the_cached_public_copy(client, world):
    client.get(HOME)
    client.force_login(world.drafter)
    response = client.get(HOME)
    assert rendered(response)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_large_text_readers_get_their_own_copy(client, world):
    client.get(HOME)
    client.cookies["gk_large_text"] = "1"
    large = client.get(HOME)
    assert "gk-large-text" in large.content.decode()
    assert not rendered(client.get(HOME))  # and it is cached for them too
    del client.cookies["gk_large_text"]
    assert "gk-large-text" not in client.get(HOME).content.decode()


def test_an_unknown_cookie_bypasses_the_cache(client, world):
    client.get(HOME)
    client.cookies["messages"] = "something-for-this-reader"
    assert rendered(client.get(HOME))


def test_a_page_with_a_csrf_token_is_never_public_nor_cached():
    calls = []

    @caching.public_page
    def form_page(request):
        calls.append(1)
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    for _ in range(2):
        response = form_page(RequestFactory().get("/gk/qingshi/form/"))
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert len(calls) == 2


def test_an_approved_items_404_is_not_kept_so_its_page_appears_when_published(
    client, world, chain, on
):
    on(dt.date(2026, 9, 21))
    item = create(world)
    services.submit(actor=world.drafter, revision=rev(item))
    approve_all(chain, rev(item))
    for _ in range(2):
        missing = client.get(item_url(item))
        assert missing.status_code == 404 and "public" not in missing.get("Cache-Control", "")
    services.publish_now(actor=chain.head, revision=rev(item))
    assert TITLE in client.get(item_url(item)).content.decode()


def test_search_pages_are_public_but_never_kept_by_the_page_cache(client, world):
    first = client.get("/search/", {"q": "低保"})
    second = client.get("/search/", {"q": "低保"})
    assert rendered(first) and rendered(second)
    assert "public" in second["Cache-Control"] and second.has_header("ETag")
    assert (
        client.get("/search/", {"q": "低保"}, headers={"If-None-Match": second["ETag"]}).status_code
        == 304
    )
