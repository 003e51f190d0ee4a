"""Helpers for the handler's pages: cases made through the services on a frozen 2026 date
(DOMAIN.md's 2026 calendar: received 2026-09-18 → answer due 2026-10-22)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.disclosure.receipt import Channel

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = dt.date(2026, 9, 18)
ANSWER_DUE = dt.date(2026, 10, 22)

# A one-page PDF header is all attachments.accept needs to take a file as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def travel(day: dt.date, hour: int = 10):
    """Freeze the clock on ``day`` in Beijing time (the services' "today")."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


@pytest.fixture
def on_day() -> Iterator:
    """``on_day(date)`` freezes the clock there for the rest of the test."""
    travellers = []

    def go(day: dt.date):
        t = travel(day)
        t.start()
        travellers.append(t)

    yield go
    for t in reversed(travellers):
        t.stop()


def make_case(
    actor,
    agency,
    *,
    received: dt.date = RECEIVED,
    name: str = "张三",
    items: tuple[str, ...] = (),
    channel: Channel = Channel.POST_SIGNED,
) -> Application:
    app, _secret = services.application_register(
        actor=actor,
        agency=agency,
        intake=services.Intake(
            applicant_type="natural_person",
            applicant_name=name,
            description="2026年青石镇道路硬化工程的招标文件",
            items=items,
        ),
        channel=channel,
        received_on=received,
    )
    return app


@pytest.fixture
def case_a(world, on_day) -> Application:
    """Town A's case, received 2026-09-18; the clock stands on 2026-10-09."""
    on_day(dt.date(2026, 10, 9))
    return make_case(world.drafter, world.town_a)


@pytest.fixture
def case_b(world, on_day) -> Application:
    """Town B's case, registered by a clerk of town B."""
    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Role

    on_day(dt.date(2026, 10, 9))
    clerk_b = make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)])
    return make_case(clerk_b, world.town_b, name="李四")
