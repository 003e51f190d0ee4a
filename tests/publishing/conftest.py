"""Fixtures of the publishing tests: the people of 青石镇's review chain."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role


@pytest.fixture
def on(time_machine):
    """Travel to a moment of 2026 (Beijing time; dates of the real 2026 calendar)."""

    def travel(day: dt.date, hour: int = 10, minute: int = 0) -> None:
        moment = dt.datetime(day.year, day.month, day.day, hour, minute)
        time_machine.move_to(moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))))

    return travel


@pytest.fixture
def chain(world):
    """One person per stage of the default chain in town_a, besides world.drafter."""
    town = world.town_a
    return SimpleNamespace(
        drafter=world.drafter,
        reviewer=make_person("qs_reviewer", roles=[(town, Role.REVIEWER)]),
        head=make_person("qs_head", roles=[(town, Role.DISCLOSURE_HEAD)]),
        secrecy=make_person("qs_secrecy", roles=[(town, Role.SECRECY_REVIEWER)]),
        final=make_person("qs_final", roles=[(town, Role.FINAL_APPROVER)]),
    )
