"""The sign-in page: the right password signs in, anything else gets one answer."""

import pytest
from django.urls import reverse

from gongkai.accounts.testing import PASSWORD
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def post(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_the_page_asks_for_username_and_password_in_chinese(client):
    page = client.get(LOGIN).content.decode()
    assert "用户名" in page and "密码" in page
    assert 'autocomplete="current-password"' in page


def test_the_right_password_signs_in_and_is_recorded_with_the_ip(client, world):
    response = post(client, "drafter", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    assert signed_in_as(client) == str(world.drafter.pk)
    entry = AuditEntry.objects.get(kind="auth.login")
    assert (entry.actor, entry.ip) == (world.drafter, "10.0.0.7")


def test_a_wrong_password_and_an_unknown_username_get_the_same_answer(client, world):
    wrong = post(client, "drafter", "Wrong-Password-1")
    unknown = post(client, "nobody-here", "Wrong-Password-1")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["error"] == unknown.context["error"] == "用户名或密码错误"
    assert signed_in_as(client) is None


def test_both_kinds_of_failure_are_recorded_all_the_same(client, world):
    post(client, "drafter", "Wrong-Password-1", REMOTE_ADDR="10.0.0.8")
    post(client, "nobody-here", "Wrong-Password-1", REMOTE_ADDR="10.0.0.9")
    failures = AuditEntry.objects.filter(kind="auth.login_failed").order_by("id")
    assert [(e.actor, e.actor_name, e.ip) for e in failures] == [
        (world.drafter, "drafter", "10.0.0.8"),
        (None, "nobody-here", "10.0.0.9"),
    ]
    assert "用户名不存在" in failures[1].note


def test_the_password_itself_is_never_written_to_the_log(client, world):
    post(client, "drafter", "Secret-Typo-99")
    post(client, "drafter", PASSWORD)
    for entry in AuditEntry.objects.all():
        assert "Secret-Typo-99" not in str(entry.__dict__)
        assert PASSWORD not in str(entry.__dict__)


def test_a_wrong_password_counts_a_failure_and_success_resets_the_count(client, world):
    post(client, "drafter", "Wrong-Password-1")
    post(client, "drafter", "Wrong-Password-2")
    world.drafter.refresh_from_db()
    assert world.drafter.failed_logins == 2
    post(client, "drafter", PASSWORD)
    world.drafter.refresh_from_db()
    assert world.drafter.failed_logins == 0


def test_a_disabled_account_cannot_sign_in_and_gets_the_same_answer(client, world):
    world.drafter.is_active = False
    world.drafter.save()
    response = post(client, "drafter", PASSWORD)
    assert response.context["error"] == "用户名或密码错误"
    assert signed_in_as(client) is None


def test_the_next_page_is_followed_when_it_is_on_this_site(client, world):
    response = client.post(
        LOGIN, {"username": "drafter", "password": PASSWORD, "next": "/accounts/totp/"}
    )
    assert response.url == "/accounts/totp/"


def test_a_next_page_on_another_site_is_ignored(client, world):
    response = client.post(
        LOGIN, {"username": "drafter", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == "/"


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("drafter", "/"),
        ("auditor", "/audit/"),
        ("security", "/accounts/people/"),
        ("sysadmin", "/accounts/people/"),
    ],
)
def test_each_role_lands_on_the_page_it_works_on(client, world, who, landing):
    assert post(client, who, PASSWORD).url == landing


def test_a_signed_in_person_visiting_the_page_goes_straight_on(client, world):
    post(client, "drafter", PASSWORD)
    assert client.get(LOGIN).status_code == 302
