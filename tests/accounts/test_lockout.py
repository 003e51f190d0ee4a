"""Lockout after repeated failures, with the time it lifts (frozen clock)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts.testing import PASSWORD
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 14, 20, tzinfo=SHANGHAI)


def attempt(client, password, username="drafter"):
    return client.post(LOGIN, {"username": username, "password": password})


def fail(client, times, username="drafter"):
    response = None
    for _ in range(times):
        response = attempt(client, "Wrong-Password-1", username)
    return response


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


def test_four_failures_do_not_lock(client, world, frozen):
    assert fail(client, 4).context["error"] == "用户名或密码错误"
    world.drafter.refresh_from_db()
    assert world.drafter.locked_until is None


def test_the_fifth_failure_locks_the_account_and_says_until_when(client, world, frozen):
    response = fail(client, 5)
    assert response.context["error"] == "账户已锁定，将于 14:35 解除"
    assert "账户已锁定，将于 14:35 解除" in response.content.decode()
    world.drafter.refresh_from_db()
    assert world.drafter.locked_until == T0 + timedelta(minutes=15)
    locked = AuditEntry.objects.get(kind="auth.locked")
    assert locked.actor == world.drafter
    assert locked.after["failed_logins"] == 5


def test_a_locked_account_cannot_sign_in_even_with_the_right_password(client, world, frozen):
    fail(client, 5)
    frozen.move_to(T0 + timedelta(minutes=14, seconds=59), tick=False)
    response = attempt(client, PASSWORD)
    assert response.context["error"] == "账户已锁定，将于 14:35 解除"
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(kind="auth.login").count() == 0


def test_the_lock_lifts_at_the_stated_time(client, world, frozen):
    fail(client, 5)
    frozen.move_to(T0 + timedelta(minutes=15), tick=False)
    assert attempt(client, PASSWORD).status_code == 302
    world.drafter.refresh_from_db()
    assert (world.drafter.failed_logins, world.drafter.locked_until) == (0, None)


def test_a_lock_that_ran_out_starts_a_fresh_count(client, world, frozen):
    fail(client, 5)
    frozen.move_to(T0 + timedelta(minutes=16), tick=False)
    assert fail(client, 1).context["error"] == "用户名或密码错误"
    world.drafter.refresh_from_db()
    assert (world.drafter.failed_logins, world.drafter.locked_until) == (1, None)


def test_the_lifting_time_is_rounded_up_to_the_minute_it_shows(client, world, time_machine):
    time_machine.move_to(T0 + timedelta(seconds=30), tick=False)
    assert fail(client, 5).context["error"] == "账户已锁定，将于 14:36 解除"
    world.drafter.refresh_from_db()
    assert world.drafter.locked_until == datetime(2026, 11, 23, 14, 36, tzinfo=SHANGHAI)


def test_a_lock_lasting_past_midnight_names_the_date(client, world, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 23, 50, tzinfo=SHANGHAI), tick=False)
    assert fail(client, 5).context["error"] == "账户已锁定，将于 2026-11-24 00:05 解除"


def test_the_number_of_failures_and_the_duration_come_from_settings(
    client, world, frozen, settings
):
    settings.GONGKAI_LOCKOUT_FAILURES = 3
    settings.GONGKAI_LOCKOUT_MINUTES = 60
    assert fail(client, 3).context["error"] == "账户已锁定，将于 15:20 解除"


def test_an_unknown_username_is_locked_exactly_like_a_real_one(client, world, frozen):
    real = [fail(client, 1, "drafter").context["error"] for _ in range(5)]
    ghost = [fail(client, 1, "no-such-person").context["error"] for _ in range(5)]
    assert real == ghost
    assert ghost[-1] == "账户已锁定，将于 14:35 解除"


def test_trying_a_locked_account_is_recorded_but_does_not_extend_the_lock(client, world, frozen):
    fail(client, 5)
    frozen.move_to(T0 + timedelta(minutes=10), tick=False)
    fail(client, 3)
    world.drafter.refresh_from_db()
    assert world.drafter.locked_until == T0 + timedelta(minutes=15)
    assert AuditEntry.objects.filter(kind="auth.login_failed").count() == 8
