"""The supervision page: who may open it, what each supervisor sees, the counts on a
frozen date, the filters and the CSV of overdue cases."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications import supervision_views

from .factory import ANSWER_DUE, RECEIVED, make_case, travel

pytestmark = pytest.mark.django_db

URL = "/applications/supervision/"
CSV_URL = "/applications/supervision/overdue.csv"
# A Monday: 2 working days after the 10-22 due date (10-23 Fri, 10-26 Mon).
TODAY = dt.date(2026, 10, 26)


@pytest.fixture
def cases(world):
    """Overdue in town_a and in the other county; due soon in town_b; a 2025 case."""
    clerk_b = make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)])
    clerk_other = make_person("clerk_other", roles=[(world.other_town, Role.DRAFTER)])
    return {
        "a_overdue": make_case(world.drafter, world.town_a, applicant_type="commercial"),
        # 9-24 + 20 working days (9-25 and 10-1..7 off, Saturday 10-10 worked) = 10-29:
        # 3 working days left on 10-26, inside the default reminder window of 3.
        "b_due_soon": make_case(clerk_b, world.town_b, received=dt.date(2026, 9, 24)),
        "other_overdue": make_case(clerk_other, world.other_town),
        "a_2025": make_case(world.drafter, world.village_a, received=dt.date(2025, 11, 3)),
    }


def get(client, person, url=URL, **params):
    if person is not None:
        sign_in(client, person)
    with travel(TODAY):
        return client.get(url, params)


def test_the_2026_calendar_gives_the_domain_due_date(world, cases):
    rows = supervision_views.supervision(world.supervisor, TODAY).overdue
    row = next(r for r in rows if r.pk == cases["a_overdue"].pk)
    assert row.received_on == RECEIVED and row.due_date == ANSWER_DUE
    assert row.working_days_overdue == 2 and not row.provisional


def test_a_supervisor_sees_own_county_only(client, world, cases):
    response = get(client, world.supervisor)
    assert response.status_code == 200
    html = response.content.decode()
    assert cases["a_overdue"].number in html and f'data-case="{cases["a_overdue"].pk}"' in html
    assert f'data-case="{cases["other_overdue"].pk}"' not in html
    assert world.other_town.name not in html
    assert world.town_a.name in html and world.town_b.name in html
    # Supervision needs no personal data: the type of applicant, never the name.
    assert "王秀英" not in html and "商业企业" in html
    assert f'href="/applications/{cases["a_overdue"].pk}/"' in html


def test_the_other_supervisor_sees_the_other_county(client, world, cases):
    html = get(client, world.other_supervisor).content.decode()
    assert f'data-case="{cases["other_overdue"].pk}"' in html
    assert f'data-case="{cases["a_overdue"].pk}"' not in html
    assert world.town_a.name not in html


@pytest.mark.parametrize("who", ["drafter", "auditor", "sysadmin", "security"])
def test_everyone_else_is_refused_in_words(client, world, cases, who):
    for url in (URL, CSV_URL):
        response = get(client, getattr(world, who), url)
        assert response.status_code == 403
        assert "政务公开办管理员" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, cases):
    for url in (URL, CSV_URL):
        response = get(client, None, url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_counts_on_a_frozen_date(world, cases):
    data = supervision_views.supervision(world.supervisor, TODAY)
    rows = {r.agency.pk: r for r in data.agencies}
    a, b = rows[world.town_a.pk], rows[world.town_b.pk]
    assert (a.open, a.overdue, a.due_soon, a.provisional) == (1, 1, 0, 0)
    assert (b.open, b.overdue, b.due_soon, b.provisional) == (1, 0, 1, 0)
    # The village appears because it has an open case (villages without any are left out).
    village = rows[world.village_a.pk]
    assert (village.open, village.overdue) == (1, 1)
    assert world.office.pk not in rows and world.other_town.pk not in rows
    # Agencies with overdue cases come first, the most overdue the first.
    order = [r.agency.pk for r in data.agencies]
    assert order.index(world.town_b.pk) > max(
        order.index(world.town_a.pk), order.index(world.village_a.pk)
    )
    assert (data.totals.open, data.totals.overdue, data.totals.due_soon) == (3, 2, 1)
    # The 2025 case is the most overdue: listed first.
    assert [r.pk for r in data.overdue] == [cases["a_2025"].pk, cases["a_overdue"].pk]


def test_on_the_due_date_itself_a_case_is_not_yet_overdue(world, cases):
    data = supervision_views.supervision(world.supervisor, ANSWER_DUE)
    assert cases["a_overdue"].pk not in [r.pk for r in data.overdue]


def test_filter_by_agency_and_year(client, world, cases):
    data = supervision_views.supervision(world.supervisor, TODAY, agency=world.town_b)
    assert [r.agency.pk for r in data.agencies] == [world.town_b.pk]
    assert data.overdue == [] and data.totals.open == 1

    data = supervision_views.supervision(world.supervisor, TODAY, year=2025)
    assert [r.pk for r in data.overdue] == [cases["a_2025"].pk]
    assert data.years == [2026, 2025]

    # Through the page; an agency of another county is ignored, not shown.
    html = get(client, world.supervisor, agency=world.town_a.pk, year=2026).content.decode()
    assert f'data-case="{cases["a_overdue"].pk}"' in html
    assert f'data-case="{cases["a_2025"].pk}"' not in html
    html = get(client, world.supervisor, agency=world.other_town.pk).content.decode()
    assert f'data-case="{cases["other_overdue"].pk}"' not in html
    assert f'data-case="{cases["a_overdue"].pk}"' in html


def test_csv_of_the_overdue_list(client, world, cases):
    response = get(client, world.supervisor, CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "申请编号"
    numbers = {r[0] for r in rows[1:]}
    assert numbers == {cases["a_overdue"].number, cases["a_2025"].number}
    line = next(r for r in rows[1:] if r[0] == cases["a_overdue"].number)
    assert line[1:7] == [world.town_a.name, "商业企业", "2026-09-18", "2026-10-22", "", "2"]
    assert "王秀英" not in text
    # The filters of the page apply to the export as well.
    response = get(client, world.supervisor, CSV_URL, year=2025)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert cases["a_2025"].number in text and cases["a_overdue"].number not in text
