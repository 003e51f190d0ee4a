"""Changing one's password, and the forced change of an initial password."""

import pytest
from django.urls import reverse

from gongkai.accounts.testing import PASSWORD, make_person, sign_in
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:password_change")
NEW = "Qingshi-Bridge-77"


@pytest.fixture
def newcomer(world):
    """Someone who has just been given an initial password."""
    return make_person("newcomer", roles=[(world.town_a, "drafter")], must_change_password=True)


def change(client, old, new, again=None, **extra):
    return client.post(
        CHANGE,
        {"old_password": old, "new_password": new, "new_password_again": again or new, **extra},
    )


@pytest.mark.parametrize("address", ["/", "/audit/", "/accounts/people/", "/accounts/totp/"])
def test_an_initial_password_sends_the_person_to_change_it_from_every_page(
    client, newcomer, address
):
    sign_in(client, newcomer)
    response = client.get(address)
    assert response.status_code == 302
    assert response.url == f"{CHANGE}?next={address.replace('/', '%2F')}"


def test_the_change_page_itself_and_signing_out_stay_reachable(client, newcomer):
    sign_in(client, newcomer)
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert "须先修改初始密码" in page.content.decode()
    assert client.post(reverse("accounts:logout")).url == reverse("accounts:login")


def test_a_person_who_changed_it_is_free_to_go_and_stays_signed_in(client, newcomer):
    sign_in(client, newcomer)
    response = change(client, PASSWORD, NEW, next="/accounts/totp/")
    assert response.url == "/accounts/totp/"
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW) and not newcomer.must_change_password
    assert newcomer.password_changed_at is not None
    assert client.get("/accounts/totp/").status_code == 200


def test_the_change_is_recorded(client, newcomer):
    sign_in(client, newcomer)
    change(client, PASSWORD, NEW, REMOTE_ADDR="10.0.0.3")
    entry = AuditEntry.objects.get(kind="auth.password_changed")
    assert (entry.actor, entry.before, entry.after) == (
        newcomer,
        {"must_change_password": True},
        {"must_change_password": False},
    )
    assert NEW not in str(entry.__dict__)


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("short-A1", "密码太短"),
        ("onlylowercaseletters", "至少 3 类"),
        ("Newcomer-2026-ok", "不能包含用户名"),
        (PASSWORD, "不能与原密码相同"),
    ],
    ids=["too short", "one class", "contains the username", "same as the old"],
)
def test_a_new_password_that_breaks_the_rules_is_refused_with_the_reason(
    client, newcomer, new, reason
):
    sign_in(client, newcomer)
    response = change(client, PASSWORD, new)
    assert response.status_code == 200
    assert reason in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.check_password(PASSWORD) and newcomer.must_change_password


def test_the_old_password_must_be_right(client, newcomer):
    sign_in(client, newcomer)
    response = change(client, "Not-The-Old-1", NEW)
    assert "原密码不正确" in response.content.decode()


def test_the_new_password_must_be_typed_the_same_twice(client, newcomer):
    sign_in(client, newcomer)
    response = change(client, PASSWORD, NEW, again=NEW + "x")
    assert "两次输入的新密码不一致" in response.content.decode()


def test_signing_in_with_an_initial_password_goes_to_the_change_page_first(client, newcomer):
    response = client.post(
        reverse("accounts:login"), {"username": "newcomer", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(CHANGE)


def test_anyone_signed_in_may_change_their_password(client, world):
    sign_in(client, world.auditor)
    assert change(client, PASSWORD, NEW).status_code == 302
    world.auditor.refresh_from_db()
    assert world.auditor.check_password(NEW)
