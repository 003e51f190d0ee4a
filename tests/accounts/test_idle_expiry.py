"""Signed out after inactivity (settings.SESSION_COOKIE_AGE, refreshed by every request)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from gongkai.accounts.testing import PASSWORD

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PAGE = reverse("accounts:totp")


@pytest.fixture
def signed_in(client, world, time_machine):
    time_machine.move_to(T0, tick=False)
    client.post(reverse("accounts:login"), {"username": "drafter", "password": PASSWORD})
    assert client.get(PAGE).status_code == 200
    return time_machine


def idle() -> timedelta:
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_the_idle_limit_is_what_settings_say_and_counts_from_the_last_request():
    assert settings.SESSION_COOKIE_AGE > 0
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_a_session_survives_a_pause_shorter_than_the_limit(client, signed_in):
    signed_in.move_to(T0 + idle() - timedelta(minutes=1), tick=False)
    assert client.get(PAGE).status_code == 200


def test_activity_keeps_the_session_alive_past_the_limit_since_sign_in(client, signed_in):
    signed_in.move_to(T0 + idle() - timedelta(minutes=1), tick=False)
    client.get(PAGE)
    signed_in.move_to(T0 + 2 * idle() - timedelta(minutes=2), tick=False)
    assert client.get(PAGE).status_code == 200


def test_a_session_ends_after_the_idle_limit(client, signed_in):
    signed_in.move_to(T0 + idle() + timedelta(minutes=1), tick=False)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
