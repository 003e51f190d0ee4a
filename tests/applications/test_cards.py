"""The dashboard cards of 依申请公开: the handler's, the supervisor's, and the warning
while an open deadline is provisional (暂定)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications import cards, services
from gongkai.disclosure.lifecycle import Step
from gongkai.web.selectors import dashboard_cards

from .supervision.factory import fresh_calendar, make_case, travel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    """No calendar or cards cached by an earlier test (on SQLite a rolled-back test's ids
    are used again, so a cached version key could match)."""
    fresh_calendar()
    cache.clear()
    yield
    fresh_calendar()
    cache.clear()


TODAY = dt.date(2026, 10, 26)  # the 9-18 case is 2 working days overdue


def by_key(person, day=TODAY) -> dict:
    with travel(day):
        return {c.key: c for c in cards.application_cards(person)}


@pytest.fixture
def handler_cases(world):
    overdue = make_case(world.drafter, world.town_a)
    due_soon = make_case(world.drafter, world.town_a, received=dt.date(2026, 9, 24))
    waiting = make_case(world.drafter, world.village_a, received=dt.date(2026, 10, 20))
    with travel(dt.date(2026, 10, 21)):
        services.step_record(
            actor=world.drafter,
            application=waiting,
            step=Step.CORRECTION_REQUESTED,
            date=dt.date(2026, 10, 21),
        )
    with travel(dt.date(2026, 10, 25)):
        services.application_submit_online(
            agency=world.town_a,
            intake=services.Intake(
                applicant_type="natural_person", applicant_name="李雷", description="某信息"
            ),
        )
    return {"overdue": overdue, "due_soon": due_soon, "waiting": waiting}


def test_handler_cards(world, handler_cases):
    got = by_key(world.drafter)
    assert got["applications_to_confirm"].count == 1
    assert got["applications_due_soon"].count == 1
    assert got["applications_overdue"].count == 1 and got["applications_overdue"].needs_action
    assert got["applications_waiting"].count == 1
    assert "applications_supervised_overdue" not in got
    assert "applications_provisional" not in got
    assert {c.url for c in got.values()} == {"/applications/"}


def test_handler_cards_show_only_what_there_is(world, handler_cases):
    stranger = make_person("stranger", roles=[(world.other_town, Role.DRAFTER)])
    assert by_key(stranger) == {}
    # A month before, nothing was near its date yet: no overdue or due-soon card.
    early = by_key(world.drafter, dt.date(2026, 9, 28))
    assert not {"applications_overdue", "applications_due_soon"} & set(early)


def test_supervisor_card_counts_the_county_only(world, handler_cases):
    clerk = make_person("clerk_other", roles=[(world.other_town, Role.DRAFTER)])
    make_case(clerk, world.other_town)  # overdue in the other county
    mine = by_key(world.supervisor)
    card = mine["applications_supervised_overdue"]
    assert card.count == 1 and card.needs_action
    assert card.url == "/applications/supervision/"
    assert "1 个机构" in card.note
    # A supervisor handles nothing: no handler cards.
    assert not {"applications_overdue", "applications_due_soon"} & set(mine)
    assert by_key(world.other_supervisor)["applications_supervised_overdue"].count == 1
    # The system roles see no cases at all.
    assert by_key(world.sysadmin) == {} and by_key(world.auditor) == {}


def test_supervisor_card_shows_zero_too(world):
    card = by_key(world.supervisor)["applications_supervised_overdue"]
    assert card.count == 0 and card.note == ""


def test_provisional_deadline_warns_handler_and_supervisor(world):
    # 2026-12-20 + 20 working days reaches into 2027, whose holidays are not entered yet.
    app = make_case(world.drafter, world.town_a, received=dt.date(2026, 12, 20))
    day = dt.date(2026, 12, 21)
    for person, url in (
        (world.drafter, "/applications/"),
        (world.supervisor, "/applications/supervision/"),
    ):
        card = by_key(person, day)["applications_provisional"]
        assert card.count == 1 and card.needs_action and card.url == url
        assert "2027 年的放假安排尚未录入" in card.note
    assert "applications_provisional" not in by_key(world.other_supervisor, day)
    # Once the case is answered and delivered, nothing open is provisional any more.
    with travel(day):
        services.decide(
            actor=world.drafter,
            application=app,
            date=day,
            outcomes={item.pk: "granted" for item in app.items.all()},
        )
    assert "applications_provisional" not in by_key(world.drafter, day)


def test_cards_on_the_dashboard_page(client, world, handler_cases):
    sign_in(client, world.drafter)
    with travel(TODAY):
        html = client.get("/").content.decode()
    assert 'data-card="applications_overdue"' in html
    assert 'data-card="applications_due_soon"' in html
    assert "已超期的申请" in html
    # Registered once however many times the module is imported.
    assert sum(c.key == "applications_overdue" for c in dashboard_cards_of(world.drafter)) == 1


def dashboard_cards_of(person):
    with travel(TODAY):
        return dashboard_cards(person)


def test_cards_are_reused_until_a_case_changes(world, handler_cases, django_assert_max_num_queries):
    first = by_key(world.drafter)
    with django_assert_max_num_queries(12):
        assert by_key(world.drafter) == first  # from the cache: no deadlines computed
    with travel(TODAY):
        services.note_add(actor=world.drafter, application=handler_cases["overdue"], text="催办")
        services.step_record(
            actor=world.drafter,
            application=handler_cases["overdue"],
            step=Step.WITHDRAWN,
            date=TODAY,
        )
    assert "applications_overdue" not in by_key(world.drafter)
