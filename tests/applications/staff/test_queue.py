"""The handler's queue on frozen 2026 dates: which case is overdue, which due soon, which
waits for the applicant; its filters; and that its cost does not grow with the cases."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.disclosure.lifecycle import Step

from .conftest import make_case, travel

pytestmark = pytest.mark.django_db


def _groups(html: str) -> dict[str, list[str]]:
    """Case ids per urgency group, as the page shows them."""
    found: dict[str, list[str]] = {}
    for m in re.finditer(r'<section id="group-(\w+)"(.*?)</section>', html, re.S):
        found[m.group(1)] = re.findall(r'data-case="(\d+)"', m.group(2))
    return found


def _count(html: str, group: str) -> int:
    m = re.search(rf'data-group="{group}">.*?<span class="count">(\d+)</span>', html, re.S)
    assert m, group
    return int(m.group(1))


@pytest.fixture
def cases(world):
    """Registered on 2026-10-09: one received 09-18 (due 10-22), one received 10-09."""
    with travel(dt.date(2026, 10, 9)):
        old = make_case(world.drafter, world.town_a, name="老案")
        new = make_case(world.drafter, world.town_a, received=dt.date(2026, 10, 9), name="新案")
    return old, new


def test_the_case_due_on_22_october_is_overdue_on_the_23rd(client, world, cases):
    old, new = cases
    sign_in(client, world.drafter)
    with travel(dt.date(2026, 10, 23)):
        html = client.get(reverse("applications:queue")).content.decode()
    groups = _groups(html)
    assert groups["overdue"] == [str(old.pk)]
    assert str(new.pk) in groups["in_time"]
    assert _count(html, "overdue") == 1 and _count(html, "due_soon") == 0
    row = re.search(rf'<tr data-case="{old.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "2026年10月22日" in row and "超期 1 个工作日" in row
    assert "2026年9月18日" in row and "老案" in row


def test_the_same_case_is_due_soon_on_the_20th(client, world, cases):
    old, new = cases
    sign_in(client, world.drafter)
    with travel(dt.date(2026, 10, 20)):
        html = client.get(reverse("applications:queue")).content.decode()
    groups = _groups(html)
    assert groups["due_soon"] == [str(old.pk)]
    assert "overdue" not in groups
    row = re.search(rf'<tr data-case="{old.pk}">(.*?)</tr>', html, re.S).group(1)
    # 10-21 and 10-22 are left.
    assert re.search(r'data-col="left">2<', row)


def test_waiting_paused_and_to_confirm_groups(client, world, cases):
    old, new = cases
    with travel(dt.date(2026, 10, 12)):
        services.step_record(
            actor=world.drafter,
            application=new,
            step=Step.CORRECTION_REQUESTED,
            date=dt.date(2026, 10, 12),
        )
        services.step_record(
            actor=world.drafter,
            application=old,
            step=Step.THIRD_PARTY_CONSULTED,
            date=dt.date(2026, 10, 12),
            party="某建设公司",
        )
        online, _secret = services.application_submit_online(
            agency=world.town_a,
            intake=services.Intake(
                applicant_type="natural_person", applicant_name="网上", description="x"
            ),
        )
        sign_in(client, world.drafter)
        html = client.get(reverse("applications:queue")).content.decode()
    groups = _groups(html)
    assert groups["waiting"] == [str(new.pk)]
    assert groups["paused"] == [str(old.pk)]
    assert groups["to_confirm"] == [str(online.pk)]


def test_closed_cases_are_not_in_the_queue(client, world, cases):
    old, new = cases
    with travel(dt.date(2026, 10, 12)):
        services.step_record(
            actor=world.drafter, application=old, step=Step.WITHDRAWN, date=dt.date(2026, 10, 12)
        )
        sign_in(client, world.drafter)
        html = client.get(reverse("applications:queue")).content.decode()
    assert f'data-case="{old.pk}"' not in html and f'data-case="{new.pk}"' in html


def test_filters_mine_agency_and_status(client, world, cases):
    old, new = cases
    with travel(dt.date(2026, 10, 12)):
        services.application_assign(actor=world.drafter, application=old, handler=world.drafter)
        village = make_case(
            world.drafter, world.village_a, name="村里", received=dt.date(2026, 10, 9)
        )
        sign_in(client, world.drafter)
        url = reverse("applications:queue")
        mine = client.get(url, {"scope": "mine"}).content.decode()
        by_agency = client.get(url, {"agency": world.village_a.pk}).content.decode()
        everything = client.get(url).content.decode()
    assert f'data-case="{old.pk}"' in mine and f'data-case="{new.pk}"' not in mine
    assert f'data-case="{village.pk}"' in by_agency and f'data-case="{old.pk}"' not in by_agency
    # Town A's clerk handles the village's cases too, and the agency column appears.
    assert f'data-case="{village.pk}"' in everything and "青石村" in everything
    assert "drafter" in everything  # the handler's name on old's row


def test_the_provisional_marker_has_its_reason_for_the_eye_and_the_ear(client, world):
    # Received late in 2026: the answer date falls in 2027, whose schedule is unknown.
    with travel(dt.date(2026, 12, 28)):
        app = make_case(world.drafter, world.town_a, received=dt.date(2026, 12, 28))
        sign_in(client, world.drafter)
        html = client.get(reverse("applications:queue")).content.decode()
    row = re.search(rf'<tr data-case="{app.pk}">(.*?)</tr>', html, re.S).group(1)
    assert 'class="provisional" title="2027 年的放假安排尚未录入' in row
    assert '<span class="visually-hidden">：2027 年的放假安排尚未录入' in row


def test_the_register_link_is_on_the_queue(client, world):
    sign_in(client, world.drafter)
    html = client.get(reverse("applications:queue")).content.decode()
    assert f'href="{reverse("applications:register")}"' in html and "登记申请" in html


def _bulk_open_cases(world, n: int) -> None:
    """``n`` open cases straight into the tables (the services' cost is not under test),
    each with its two steps, spread over two agencies and two handlers."""
    from gongkai.applications.models import CaseStep

    other = make_person(f"clerk{n}", roles=[(world.town_a, Role.DRAFTER)])
    start = Application.objects.count()
    for i in range(n):
        app = Application.objects.create(
            agency=world.town_a if i % 2 else world.village_a,
            number=f"2026-{start + i + 1:04d}",
            tracking_code=f"T{n:03d}{i:06d}",
            secret_hash="x",
            channel="in_person",
            status="open",
            applicant_type="natural_person",
            applicant_name=f"申请人{i}",
            description="x",
            received_on=dt.date(2026, 9, 18),
            handler=world.drafter if i % 3 else other,
        )
        CaseStep.objects.create(application=app, step="submitted", date=dt.date(2026, 9, 18))
        CaseStep.objects.create(application=app, step="received", date=dt.date(2026, 9, 18))
        # Some closed cases too: the queue must not load them.
        closed = Application.objects.create(
            agency=world.town_a,
            number=f"2025-{start + i + 1:04d}",
            tracking_code=f"C{n:03d}{i:06d}",
            secret_hash="x",
            channel="in_person",
            status="closed",
            applicant_type="natural_person",
            applicant_name="旧",
            description="x",
            received_on=dt.date(2025, 3, 3),
        )
        CaseStep.objects.create(application=closed, step="received", date=dt.date(2025, 3, 3))


def _queue_queries(client) -> tuple[int, str]:
    with travel(dt.date(2026, 10, 20)), CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("applications:queue"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_queue_costs_the_same_for_5_and_50_open_cases(client, world):
    sign_in(client, world.drafter)
    _queue_queries(client)  # warm the per-process calendar cache either way
    _bulk_open_cases(world, 5)
    five, html = _queue_queries(client)
    assert html.count("data-case=") == 5
    _bulk_open_cases(world, 45)
    fifty, html = _queue_queries(client)
    assert html.count("data-case=") == 50
    assert fifty == five


def test_the_queue_stays_under_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    _bulk_open_cases(world, 50)
    sign_in(client, world.drafter)
    # About 25: session and person, the frame's navigation (each app asks whether to show
    # its entry), the person's agencies, the calendar stamp, the open cases, their steps,
    # one policy read per agency; a cold calendar cache adds two. None of it depends on
    # the number of cases.
    with travel(dt.date(2026, 10, 20)), django_assert_max_num_queries(30):
        response = client.get(reverse("applications:queue"))
    assert response.content.decode().count("data-case=") == 50
