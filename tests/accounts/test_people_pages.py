"""The administrators' pages for people: list, create, detail and its actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Membership
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(world):
    person = make_person("clerk_b", display_name="王五", roles=[(world.town_b, "drafter")])
    person.failed_logins = 5
    person.locked_until = timezone.now() + timedelta(minutes=10)
    person.totp_secret = "JBSWY3DPEHPK3PXP"
    person.save()
    return person


def test_the_list_shows_everyone_with_their_state(client, world, clerk):
    sign_in(client, world.security)
    page = client.get(reverse("accounts:people")).content.decode()
    assert "clerk_b" in page and "王五" in page
    assert "已锁定" in page and "已启用动态口令" in page
    assert "审计管理员" in page


def test_the_list_can_be_searched_by_name(client, world, clerk):
    sign_in(client, world.sysadmin)
    page = client.get(reverse("accounts:people"), {"q": "王"}).content.decode()
    assert "clerk_b" in page and "drafter" not in page


def test_creating_a_person_shows_the_initial_password_once(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("accounts:person_create"), {"username": "lisi", "display_name": "李四"}
    )
    password = response.context["password"]
    assert password in response.content.decode()
    assert "只显示这一次" in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    person = User.objects.get(username="lisi")
    assert person.check_password(password) and person.must_change_password
    # The password is nowhere to be seen again.
    detail = client.get(reverse("accounts:person_detail", args=[person.pk]))
    assert password not in detail.content.decode()


def test_a_taken_username_is_explained_on_the_form(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(reverse("accounts:person_create"), {"username": "drafter"})
    assert "已被使用" in response.content.decode()


def test_the_security_admin_sees_the_unlock_and_reset_buttons_only(client, world, clerk):
    sign_in(client, world.security)
    page = client.get(reverse("accounts:person_detail", args=[clerk.pk])).content.decode()
    assert "解除锁定" in page and "重置动态口令" in page
    assert "添加岗位" not in page and "重置为新的初始密码" not in page


def test_the_system_admin_sees_the_role_and_password_buttons_only(client, world, clerk):
    sign_in(client, world.sysadmin)
    page = client.get(reverse("accounts:person_detail", args=[clerk.pk])).content.decode()
    assert "添加岗位" in page and "重置为新的初始密码" in page and "移除" in page
    assert "解除锁定" not in page and "重置动态口令" not in page


def test_unlocking_from_the_page(client, world, clerk):
    sign_in(client, world.security)
    response = client.post(reverse("accounts:person_unlock", args=[clerk.pk]), follow=True)
    assert "已解除" in response.content.decode()
    clerk.refresh_from_db()
    assert not clerk.is_locked()


def test_resetting_a_second_factor_from_the_page_is_recorded_with_the_ip(client, world, clerk):
    sign_in(client, world.security)
    client.post(reverse("accounts:person_reset_totp", args=[clerk.pk]), REMOTE_ADDR="10.0.0.6")
    clerk.refresh_from_db()
    assert clerk.totp_secret == ""
    entry = AuditEntry.objects.get(kind="auth.totp_reset")
    assert (entry.actor, entry.object_id, entry.ip) == (world.security, str(clerk.pk), "10.0.0.6")


def test_resetting_a_password_from_the_page_shows_the_new_one_once(client, world, clerk):
    sign_in(client, world.sysadmin)
    response = client.post(reverse("accounts:person_reset_password", args=[clerk.pk]))
    clerk.refresh_from_db()
    assert clerk.check_password(response.context["password"])
    assert clerk.must_change_password


def test_giving_and_taking_a_role_from_the_page(client, world, clerk):
    sign_in(client, world.sysadmin)
    client.post(
        reverse("accounts:membership_add", args=[clerk.pk]),
        {"agency": world.town_a.pk, "role": "reviewer"},
    )
    added = Membership.objects.get(person=clerk, agency=world.town_a)
    assert added.role == "reviewer"
    client.post(reverse("accounts:membership_remove", args=[added.pk]))
    assert not Membership.objects.filter(pk=added.pk).exists()
    assert AuditEntry.objects.filter(kind__startswith="membership.").count() == 2


def test_a_role_for_an_administrator_is_refused_with_the_reason(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("accounts:membership_add", args=[world.auditor.pk]),
        {"agency": world.town_a.pk, "role": "drafter"},
        follow=True,
    )
    assert "三员账号" in response.content.decode()
    assert not world.auditor.memberships.exists()
