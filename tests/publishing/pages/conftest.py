"""Fixtures of the 主动公开 page tests: the five people of 青石镇's default chain (with
Chinese names, as the 审批单 prints them), town B's clerk, and helpers to act through the
pages as a signed-in person."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role

BEIJING = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2026, 9, 21)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def monday(time_machine):
    """Monday 2026-09-21, 10:00 in Beijing; the clock ticks so the log's order is real."""
    time_machine.move_to(dt.datetime(2026, 9, 21, 10, 0, tzinfo=BEIJING), tick=True)


@pytest.fixture
def people(world):
    """The writer and one person per stage of the default township chain (分管领导审核 →
    信息员校对 → 保密审查 → 主要领导终审), all of town A, and town B's clerk."""
    town = world.town_a
    return SimpleNamespace(
        writer=make_person("pp_writer", roles=[(town, Role.DRAFTER)], display_name="王撰稿"),
        reviewer=make_person("pp_reviewer", roles=[(town, Role.REVIEWER)], display_name="李分管"),
        head=make_person("pp_head", roles=[(town, Role.DISCLOSURE_HEAD)], display_name="赵信息"),
        secrecy=make_person(
            "pp_secrecy", roles=[(town, Role.SECRECY_REVIEWER)], display_name="钱保密"
        ),
        final=make_person("pp_final", roles=[(town, Role.FINAL_APPROVER)], display_name="孙镇长"),
        town_b=make_person(
            "pp_town_b", roles=[(world.town_b, Role.DRAFTER)], display_name="周石桥"
        ),
    )
