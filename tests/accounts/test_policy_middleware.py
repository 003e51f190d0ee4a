"""The rules no view may forget: the forced password change, and an auditor who
changes nothing — also on pages of apps that know nothing about either."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.views.decorators.csrf import csrf_exempt

from gongkai.accounts.testing import make_person, sign_in

pytestmark = pytest.mark.django_db

POLICY = "gongkai.accounts.middleware.AccountPolicyMiddleware"


@csrf_exempt
def some_other_apps_view(request):
    """Stands for a view written without any thought of auditors."""
    return HttpResponse("changed" if request.method == "POST" else "read")


urlpatterns = [
    path("accounts/", include("gongkai.accounts.urls")),
    path("audit/", include("gongkai.audit.urls")),
    path("", include("gongkai.web.urls")),
    path("elsewhere/", some_other_apps_view, name="elsewhere"),
]


def test_the_policy_middleware_is_installed_after_authentication():
    # Read the project's settings, not the tests' (conftest adds it when missing).
    from gongkai import settings as project

    assert POLICY in project.MIDDLEWARE, "add AccountPolicyMiddleware to MIDDLEWARE"
    order = project.MIDDLEWARE
    assert order.index(POLICY) > order.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_auditor_cannot_write_through_any_apps_view(client, world, method):
    sign_in(client, world.auditor)
    assert getattr(client, method)("/elsewhere/").status_code == 403


@pytest.mark.urls(__name__)
def test_an_auditor_can_still_read_and_so_can_everyone_else_write(client, world):
    sign_in(client, world.auditor)
    assert client.get("/elsewhere/").content == b"read"
    sign_in(client, world.drafter)
    assert client.post("/elsewhere/").content == b"changed"


def test_an_auditor_may_still_change_their_own_password_and_sign_out(client, world):
    sign_in(client, world.auditor)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "x", "new_password": "y", "new_password_again": "y"},
    )
    assert response.status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


@pytest.mark.urls(__name__)
def test_an_initial_password_blocks_writes_too(client, world):
    person = make_person("newcomer", must_change_password=True)
    sign_in(client, person)
    response = client.post("/elsewhere/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change")


def test_the_health_check_is_answered_without_looking_at_anyone(client, world):
    person = make_person("newcomer", must_change_password=True)
    sign_in(client, person)
    assert client.get("/healthz").status_code == 200


def test_settings_give_the_tests_the_middleware():
    assert POLICY in settings.MIDDLEWARE
