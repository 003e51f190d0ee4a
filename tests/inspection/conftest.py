"""Fixtures of the inspection tests: travel in 2026, one review chain per township."""

import datetime as dt
from types import SimpleNamespace

import pytest

from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def on(time_machine):
    """Travel to 10:00 (Beijing) of a day of 2026 (the real 2026 working-day calendar)."""

    def travel(day: dt.date, hour: int = 10) -> None:
        time_machine.move_to(dt.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING))

    return travel


def _chain(agency, prefix: str, drafter=None) -> SimpleNamespace:
    return SimpleNamespace(
        drafter=drafter or make_person(f"{prefix}_drafter", roles=[(agency, Role.DRAFTER)]),
        reviewer=make_person(f"{prefix}_reviewer", roles=[(agency, Role.REVIEWER)]),
        head=make_person(f"{prefix}_head", roles=[(agency, Role.DISCLOSURE_HEAD)]),
        secrecy=make_person(f"{prefix}_secrecy", roles=[(agency, Role.SECRECY_REVIEWER)]),
        final=make_person(f"{prefix}_final", roles=[(agency, Role.FINAL_APPROVER)]),
    )


@pytest.fixture
def chains(world):
    """The people of the default chain in 青石镇 (town_a) and 石桥镇 (town_b)."""
    return SimpleNamespace(
        a=_chain(world.town_a, "qs", drafter=world.drafter),
        b=_chain(world.town_b, "sq"),
    )


def record_probes(last_day: dt.date, total: int, failed: int) -> None:
    """``total`` probes every 30 minutes back from the end of ``last_day`` (Beijing), the
    first ``failed`` of them failed: the availability indicator's input."""
    from gongkai.inspection.models import SiteProbe
    from gongkai.inspection.probe import slot_of

    end = dt.datetime(last_day.year, last_day.month, last_day.day, 23, 30, tzinfo=BEIJING)
    rows = []
    for i in range(total):
        slot = slot_of(end - dt.timedelta(minutes=30 * i))
        rows.append(SiteProbe(slot=slot, checked_at=slot, url="/", ok=i >= failed, status=200))
    SiteProbe.objects.bulk_create(rows)
