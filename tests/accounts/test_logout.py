"""Signing out: a POST with the form's token, recorded; a GET only asks."""

import pytest
from django.urls import reverse

from gongkai.accounts.testing import sign_in
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGOUT = reverse("accounts:logout")


def test_signing_out_ends_the_session_and_is_recorded(client, world):
    sign_in(client, world.drafter)
    response = client.post(LOGOUT, REMOTE_ADDR="10.0.0.4")
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(kind="auth.logout")
    assert (entry.actor, entry.ip) == (world.drafter, "10.0.0.4")


def test_the_login_page_says_one_has_signed_out(client, world):
    sign_in(client, world.drafter)
    response = client.post(LOGOUT, follow=True)
    assert "您已安全退出" in response.content.decode()


def test_a_get_on_the_sign_out_address_only_asks(client, world):
    sign_in(client, world.drafter)
    response = client.get(LOGOUT)
    assert response.status_code == 200 and "确认退出" in response.content.decode()
    assert client.session["_auth_user_id"] == str(world.drafter.pk)


def test_signing_out_needs_the_forms_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.drafter)
    assert client.post(LOGOUT).status_code == 403
    assert client.session["_auth_user_id"] == str(world.drafter.pk)


def test_signing_out_when_not_signed_in_records_nothing(client, world):
    client.post(LOGOUT)
    assert not AuditEntry.objects.filter(kind="auth.logout").exists()
