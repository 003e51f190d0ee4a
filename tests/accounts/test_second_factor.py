"""The optional second factor: enrolment with a QR code, the code after the password."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts import totp
from gongkai.accounts.services import person_reset_totp
from gongkai.accounts.testing import PASSWORD, sign_in
from gongkai.accounts.views import PENDING, TOTP_PENDING
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")
ENROL = reverse("accounts:totp")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(T0, tick=False)
    return time_machine


@pytest.fixture
def enrolled(world):
    """The drafter with a second factor, as after a finished enrolment."""
    world.drafter.totp_secret = totp.new_secret()
    world.drafter.save()
    return world.drafter


def test_enrolment_shows_the_secret_and_a_qr_code_drawn_in_the_page(client, world):
    sign_in(client, world.drafter)
    page = client.get(ENROL).content.decode()
    secret = client.session[TOTP_PENDING]
    assert totp.grouped(secret) in page
    assert "<svg" in page and "动态口令二维码" in page
    # Nothing is fetched from elsewhere to draw it.
    assert "<img" not in page and 'src="http' not in page


def test_the_secret_stays_the_same_while_the_person_types_the_code(client, world):
    sign_in(client, world.drafter)
    client.get(ENROL)
    first = client.session[TOTP_PENDING]
    client.get(ENROL)
    assert client.session[TOTP_PENDING] == first


def test_a_correct_code_turns_the_second_factor_on_and_is_recorded(client, world, frozen):
    sign_in(client, world.drafter)
    client.get(ENROL)
    secret = client.session[TOTP_PENDING]
    response = client.post(ENROL, {"code": totp.code_for(secret)}, REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 302
    world.drafter.refresh_from_db()
    assert world.drafter.totp_secret == secret
    entry = AuditEntry.objects.get(kind="auth.totp_enrolled")
    assert (entry.actor, entry.ip, entry.after) == (world.drafter, "10.0.0.5", {"totp": True})
    assert secret not in str(entry.__dict__)
    assert "已启用" in client.get(ENROL).content.decode()


def test_a_wrong_code_does_not_turn_it_on(client, world, frozen):
    sign_in(client, world.drafter)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert "动态口令不正确" in response.content.decode()
    world.drafter.refresh_from_db()
    assert world.drafter.totp_secret == ""


def test_with_a_second_factor_the_password_alone_does_not_sign_in(client, enrolled, frozen):
    response = client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    assert response.url == CODE
    assert "_auth_user_id" not in client.session
    assert "6 位数字" in client.get(CODE).content.decode()


def test_the_code_after_the_password_signs_in(client, enrolled, frozen):
    client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    response = client.post(CODE, {"code": totp.code_for(enrolled.totp_secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(enrolled.pk)
    assert PENDING not in client.session
    assert AuditEntry.objects.get(kind="auth.login").note == "密码 + 动态口令"


def test_a_code_from_the_previous_half_minute_is_still_accepted(client, enrolled, frozen):
    earlier = totp.code_for(enrolled.totp_secret, now=T0 - timedelta(seconds=30))
    client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    assert client.post(CODE, {"code": earlier}).status_code == 302


def test_a_code_cannot_be_used_twice(client, enrolled, frozen):
    code = totp.code_for(enrolled.totp_secret)
    client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    client.post(CODE, {"code": code})
    client.post(reverse("accounts:logout"))
    client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    response = client.post(CODE, {"code": code})
    assert "动态口令错误或已使用" in response.context["error"]
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_lockout(client, enrolled, frozen):
    client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    for _ in range(4):
        client.post(CODE, {"code": "000000"})
    response = client.post(CODE, {"code": "000000"}, follow=True)
    assert "账户已锁定，将于 09:15 解除" in response.content.decode()
    enrolled.refresh_from_db()
    assert enrolled.is_locked()


def test_the_code_must_follow_the_password_within_five_minutes(client, enrolled, frozen):
    client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    frozen.move_to(T0 + timedelta(minutes=5, seconds=1), tick=False)
    response = client.post(CODE, {"code": totp.code_for(enrolled.totp_secret)})
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_password_first_goes_back_to_the_login(client, world):
    assert client.get(CODE).url == LOGIN


def test_after_a_reset_by_the_security_admin_the_password_is_enough_again(client, world, enrolled):
    person_reset_totp(actor=world.security, person=enrolled)
    response = client.post(LOGIN, {"username": "drafter", "password": PASSWORD})
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(enrolled.pk)
