"""Fixtures of 互动交流: the `world` counties with a clerk in each town."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.interaction.models import Channel, Kind, Message

# A valid 居民身份证号码 (checksum X) and a mobile number.
ID_NUMBER = "11010519491231002X"
MOBILE = "13812345678"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clerk_a(world):
    return make_person("clerk_a", roles=[(world.town_a, Role.DRAFTER)], display_name="王文书")


@pytest.fixture
def clerk_b(world):
    return make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)], display_name="李文书")


_n = iter(range(1, 10_000))


def make_message(agency, received: dt.date, channel=Channel.PORTAL, **fields) -> Message:
    return Message.objects.create(
        agency=agency,
        reference=f"T{next(_n):06d}",
        channel=channel,
        kind=fields.pop("kind", Kind.CONSULT),
        title=fields.pop("title", "咨询农村危房改造补助"),
        body=fields.pop("body", "请问补助标准是多少？"),
        received_at=received,
        first_received_at=fields.pop("first_received_at", received),
        **fields,
    )
