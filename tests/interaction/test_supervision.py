"""The 政务公开办's view of every supervised agency's messages: counts per agency, the overdue
and red-line list, the filters, who may see it, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai.accounts.testing import sign_in
from gongkai.agencies.models import Agency, Level
from gongkai.interaction import selectors
from gongkai.interaction.models import Channel, MessagePolicy, Status

from .conftest import make_message

pytestmark = pytest.mark.django_db

D = dt.date
BEIJING = dt.timezone(dt.timedelta(hours=8))
URL = "/interaction/supervision/"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 21, 10, tzinfo=BEIJING))
    return D(2026, 9, 21)


@pytest.fixture
def county(world, today):
    """青石镇: one red-line message (June), one overdue (1 September), one answered, one
    routed to 石桥镇. 石桥镇: the routed copy (received today) and a 12345 one on time.
    邻县远山镇: an overdue one nobody in 示例县 may see."""
    make_message(world.town_a, D(2026, 6, 1), title="六月的留言")
    make_message(world.town_a, D(2026, 9, 1), title="九月初的留言")
    make_message(
        world.town_a, D(2026, 9, 2), title="已答复的留言", status=Status.REPLIED,
        reply="已答复", replied_at=D(2026, 9, 3),
    )  # fmt: skip
    routed = make_message(world.town_a, D(2026, 9, 10), title="转办的留言", status=Status.ROUTED)
    make_message(
        world.town_b, today, title="转来的留言", routed_from=world.town_a, origin=routed,
        first_received_at=D(2026, 9, 10),
    )  # fmt: skip
    make_message(world.town_b, D(2026, 9, 18), channel=Channel.HOTLINE, title="热线留言")
    make_message(world.other_town, D(2026, 6, 1), title="邻县的留言")
    return world


def row(html: str, slug: str) -> str:
    start = html.index(f'data-agency="{slug}"')
    return html[start : html.index("</tr>", start)]


def cell(html: str, slug: str, col: str) -> str:
    r = row(html, slug)
    start = r.index(f'data-col="{col}">') + len(f'data-col="{col}">')
    return r[start : r.index("</td>", start)].replace("<strong>", "").replace("</strong>", "")


def test_the_supervisor_sees_each_agencys_counts_and_the_open_messages(client, county):
    sign_in(client, county.supervisor)
    page = client.get(URL)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    html = page.content.decode()
    assert cell(html, "qingshi", "received") == "4"
    assert cell(html, "qingshi", "answered") == "1"
    assert cell(html, "qingshi", "routed") == "1"
    assert cell(html, "qingshi", "rate") == "33%"  # 1 of the 3 kept
    assert cell(html, "qingshi", "pending") == "2"
    assert cell(html, "qingshi", "overdue") == "2"
    assert cell(html, "qingshi", "red_line") == "1"
    assert cell(html, "shiqiao", "pending") == "2" and cell(html, "shiqiao", "overdue") == "0"
    assert cell(html, "total", "received") == "6"
    # The worst agency first, then the list with links, the red line first.
    assert html.index('data-agency="qingshi"') < html.index('data-agency="shiqiao"')
    listed = html[html.index('id="supervision-messages"') :]
    assert listed.index("六月的留言") < listed.index("九月初的留言") < listed.index("热线留言")
    assert "超过3个月未答复（单项否决）" in listed
    june = county.town_a  # noqa: F841 — the link opens the message for the supervisor
    link = (
        f'href="/interaction/{selectors.messages_for([county.town_a]).get(title="六月的留言").pk}/"'
    )
    assert link in listed
    assert "邻县的留言" not in html and "yuanshan" not in html


def test_the_filters_narrow_by_agency_channel_and_state(client, county):
    sign_in(client, county.supervisor)
    html = client.get(URL, {"state": "overdue"}).content.decode()
    assert "六月的留言" in html and "九月初的留言" in html and "热线留言" not in html
    html = client.get(URL, {"state": "red_line"}).content.decode()
    assert "六月的留言" in html and "九月初的留言" not in html
    html = client.get(URL, {"channel": "hotline_12345"}).content.decode()
    assert "热线留言" in html and "六月的留言" not in html
    assert cell(html, "total", "received") == "1"
    html = client.get(URL, {"agency": county.town_b.pk}).content.decode()
    assert "转来的留言" in html and "六月的留言" not in html and 'data-agency="qingshi"' not in html
    html = client.get(URL, {"state": "replied"}).content.decode()
    assert "已答复的留言" in html and "六月的留言" not in html.split('id="list-heading"')[1]
    # Another county's agency as a filter is ignored: the page shows its own scope.
    html = client.get(URL, {"agency": county.other_town.pk, "state": "nonsense"}).content.decode()
    assert "邻县的留言" not in html and "六月的留言" in html


def test_another_countys_supervisor_sees_nothing_of_this_county(client, county):
    sign_in(client, county.other_supervisor)
    html = client.get(URL).content.decode()
    assert "邻县的留言" in html
    assert "六月的留言" not in html and "qingshi" not in html


def test_clerks_system_roles_and_visitors_cannot_open_the_supervision_page(client, county):
    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Role

    clerk = make_person("clerk", roles=[(county.town_a, Role.DRAFTER)])
    sign_in(client, clerk)
    assert client.get(URL).status_code == 403
    assert "互动交流督查" not in client.get("/interaction/").content.decode()
    client.force_login(county.sysadmin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(URL).status_code == 403
    assert Client().get(URL).status_code == 302


def _towns(county: Agency, n: int) -> list[Agency]:
    towns = []
    for i in range(n):
        town = Agency.objects.create(
            name=f"第{i}镇", slug=f"town-{i}", level=Level.TOWNSHIP, parent=county
        )
        make_message(town, D(2026, 6, 1))
        make_message(town, D(2026, 9, 18))
        towns.append(town)
    return towns


@pytest.mark.parametrize("n", [5, 30])
def test_the_page_costs_the_same_queries_for_5_or_30_agencies(
    client, world, today, n, django_assert_max_num_queries
):
    _towns(world.county, n)
    MessagePolicy.objects.create(agency=world.county, answer_days=7)
    sign_in(client, world.supervisor)
    client.get(URL)  # the calendar and the session warm up
    # The back office's frame (nav, cards) costs about 20 of these; the bound is the same
    # for 5 and for 30 agencies.
    with django_assert_max_num_queries(30):
        html = client.get(URL, {"state": "overdue"}).content.decode()
    assert html.count("超过3个月未答复（单项否决）") == n


def test_unanswered_reads_every_agencys_clock_in_one_query(
    world, today, django_assert_max_num_queries
):
    towns = _towns(world.county, 12)
    MessagePolicy.objects.create(agency=towns[0], answer_days=20)
    selectors.unanswered(towns, today)  # the calendar is cached per process
    with django_assert_max_num_queries(3):
        rows = selectors.unanswered(towns, today)
    assert len(rows) == 24
    # The town with 20 working days is not overdue for the message of 18 September.
    recent = [r for r in rows if r.received_at == D(2026, 9, 18)]
    assert [r.overdue for r in recent if r.agency_id == towns[0].pk] == [False]
    assert not any(r.overdue for r in recent)  # 18 Sept + 5 working days is after today
