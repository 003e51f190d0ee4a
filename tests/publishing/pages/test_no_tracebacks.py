"""Every action posted by everyone, empty or with junk, in every state: an answer in
words (302, 400, 403 or 404), never a server error."""

from __future__ import annotations

import pytest

from gongkai.publishing.presenters import ACTION_KEYS

from .helpers import act, client_for, create, stage_of

pytestmark = pytest.mark.django_db

JUNK = {"stage": "x", "at": "not a date", "date": "2026-13-45", "document": "999999",
        "superseded_by": "abc", "validity": "forever", "channel": "pigeon", "link": "ftp://x"}  # fmt: skip


def test_every_action_by_everyone_answers_in_words(world, people, monday):
    writer = client_for(people.writer)
    draft = create(writer, world.town_a)
    in_review = create(writer, world.town_a, title="审核中的信息")
    act(writer, in_review, "submit")
    published = create(writer, world.town_a, title="已发布的信息")
    act(writer, published, "submit")
    for who in ("reviewer", "head", "secrecy", "final"):
        act(client_for(getattr(people, who)), published, "approve", stage=stage_of(published))
    act(client_for(people.head), published, "publish")
    everyone = [people.writer, people.reviewer, people.final, people.town_b, world.supervisor]
    for person in everyone:
        client = client_for(person)
        for item in (draft, in_review, published):
            for key in ACTION_KEYS:
                for data in ({}, JUNK):
                    response = act(client, item, key, **data)
                    assert response.status_code in (302, 400, 403, 404), (person, item, key)
            assert client.get(f"/publishing/items/{item.pk}/edit/").status_code in (200, 302, 404)
    assert writer.post("/publishing/items/1/act/nonsense/").status_code == 404
    assert writer.get("/publishing/new/?agency=abc").status_code == 403
