"""Acting through the pages: each step is the POST the item page's small form sends."""

from __future__ import annotations

from django.test import Client

from gongkai.accounts.testing import sign_in
from gongkai.publishing.models import Item

BODY = "<p>本季度共发放低保资金 12.6 万元。</p>"


def client_for(person) -> Client:
    client = Client()
    sign_in(client, person)
    return client


def create(client: Client, agency, **fields) -> Item:
    data = {
        "kind": "info",
        "catalog_entry": "",
        "title": "青石镇2026年第三季度农村低保资金发放情况",
        "summary": "第三季度低保资金发放的户数和金额",
        "body_html": BODY,
        "generated_on": "2026-09-18",
        "disclosure": "proactive",
        "validity": "valid",
    }
    data.update(fields)
    response = client.post(f"/publishing/new/?agency={agency.pk}", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Item.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def act(client: Client, item: Item, key: str, **data):
    return client.post(f"/publishing/items/{item.pk}/act/{key}/", data)


def stage_of(item: Item) -> int:
    return item.revisions.order_by("-number").first().stage_index
