"""The back office's 机构管理 link, and the account links in its header."""

import pytest
from django.urls import reverse

from gongkai.accounts.testing import sign_in
from gongkai.agencies.permissions import can_view_agencies

pytestmark = pytest.mark.django_db

SEES_AGENCIES = {"supervisor", "other_supervisor", "sysadmin"}


def _nav(html: str) -> str:
    return html.split('class="bo-nav"', 1)[1].split("</nav>", 1)[0]


def _person(html: str) -> str:
    return html.split('class="bo-person"', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize(
    "who", ["drafter", "supervisor", "other_supervisor", "auditor", "security", "sysadmin"]
)
def test_the_agencies_link_is_shown_to_exactly_those_the_tree_lets_in(client, world, who):
    person = getattr(world, who)
    sign_in(client, person)
    nav = _nav(client.get("/").content.decode())
    shown = f'href="{reverse("agencies:list")}" data-nav="agencies"' in nav
    assert shown == can_view_agencies(person) == (who in SEES_AGENCIES)
    assert ("机构管理" in nav) == shown
    assert client.get(reverse("agencies:list")).status_code == (200 if shown else 403)


def test_the_agencies_link_is_marked_on_the_tree_page(client, world):
    sign_in(client, world.sysadmin)
    nav = _nav(client.get(reverse("agencies:list")).content.decode())
    assert 'data-nav="agencies" aria-current="page"' in nav


def test_a_disabled_supervisor_is_not_offered_the_tree(world):
    world.supervisor.is_active = False
    world.supervisor.save()
    assert not can_view_agencies(world.supervisor)


@pytest.mark.parametrize("who", ["drafter", "supervisor", "auditor", "security", "sysadmin"])
def test_the_header_links_to_the_persons_password_and_second_factor(client, world, who):
    sign_in(client, getattr(world, who))
    person = _person(client.get("/").content.decode())
    assert f'href="{reverse("accounts:password_change")}"' in person and "修改密码" in person
    assert f'href="{reverse("accounts:totp")}"' in person and "动态口令" in person
    # Both pages are open to everyone signed in, the 审计管理员 included.
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert client.get(reverse("accounts:totp")).status_code == 200
