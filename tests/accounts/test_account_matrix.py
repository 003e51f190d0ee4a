"""Who may use which accounts page: every role × every action, allowed or refused.

"ok" is a success (a page, or a redirect somewhere other than the sign-in page),
"login" is the redirect of an anonymous visitor to the sign-in page, 403 is refused.
Targets are people of another agency (clerk_b of 石桥镇), so no role is allowed merely
because the target is itself.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.testing import make_person, sign_in

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "drafter", "supervisor", "auditor", "security", "sysadmin"]


def _people(_w, clerk):
    return "get", reverse("accounts:people"), None


def _detail(_w, clerk):
    return "get", reverse("accounts:person_detail", args=[clerk.pk]), None


def _create_page(_w, clerk):
    return "get", reverse("accounts:person_create"), None


def _create(_w, clerk):
    return "post", reverse("accounts:person_create"), {"username": "lisi"}


def _unlock(_w, clerk):
    return "post", reverse("accounts:person_unlock", args=[clerk.pk]), {}


def _reset_totp(_w, clerk):
    return "post", reverse("accounts:person_reset_totp", args=[clerk.pk]), {}


def _reset_password(_w, clerk):
    return "post", reverse("accounts:person_reset_password", args=[clerk.pk]), {}


def _role_add(w, clerk):
    data = {"agency": w.town_a.pk, "role": "reviewer"}
    return "post", reverse("accounts:membership_add", args=[clerk.pk]), data


def _role_remove(_w, clerk):
    membership = clerk.memberships.get()
    return "post", reverse("accounts:membership_remove", args=[membership.pk]), {}


def _own_password(_w, clerk):
    return "get", reverse("accounts:password_change"), None


def _own_totp(_w, clerk):
    return "get", reverse("accounts:totp"), None


def _logout(_w, clerk):
    return "post", reverse("accounts:logout"), {}


ADMIN = {"anonymous": "login", "security": "ok", "sysadmin": "ok"}
SYSADMIN = {"anonymous": "login", "sysadmin": "ok"}
SECURITY = {"anonymous": "login", "security": "ok"}
SELF = {role: "ok" for role in ROLES} | {"anonymous": "login"}

MATRIX = {
    "people list": (_people, ADMIN),
    "person detail": (_detail, ADMIN),
    "create page": (_create_page, SYSADMIN),
    "create person": (_create, SYSADMIN),
    "unlock": (_unlock, SECURITY),
    "reset second factor": (_reset_totp, SECURITY),
    "reset password": (_reset_password, SYSADMIN),
    "give a role": (_role_add, SYSADMIN),
    "take a role": (_role_remove, SYSADMIN),
    "own password page": (_own_password, SELF),
    "own second factor page": (_own_totp, SELF),
    "sign out": (_logout, {role: "ok" for role in ROLES}),
}

CASES = [
    pytest.param(action, role, expected.get(role, 403), id=f"{action}-{role}")
    for action, (_build, expected) in MATRIX.items()
    for role in ROLES
]


def outcome(response) -> object:
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        return "login" if "next=" in response.url else "ok"
    if response.status_code in (200, 302):
        return "ok"
    return response.status_code


@pytest.mark.parametrize(("action", "role", "expected"), CASES)
def test_the_authorization_matrix_of_the_accounts_pages(client, world, action, role, expected):
    clerk = make_person("clerk_b", roles=[(world.town_b, "drafter")])
    clerk.locked_until = timezone.now() + timedelta(minutes=5)
    clerk.totp_secret = "JBSWY3DPEHPK3PXP"
    clerk.save()
    if role != "anonymous":
        sign_in(client, getattr(world, role))
    method, url, data = MATRIX[action][0](world, clerk)
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert outcome(response) == expected
    if expected == 403:
        clerk.refresh_from_db()
        assert clerk.is_locked() and clerk.totp_secret and not clerk.must_change_password
        assert list(clerk.memberships.values_list("role", flat=True)) == ["drafter"]
