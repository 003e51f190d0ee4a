"""Who may open and act on the handler's pages: the town's own clerk acts, the other
town's clerk does not even learn the case exists, the county's 政务公开办 reads but does
not act, the three system roles see nothing, and the anonymous are sent to sign in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Role
from gongkai.applications.models import Application, CaseStep
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

VIEWERS = ("drafter", "supervisor")
NOBODY = ("other_supervisor", "auditor", "security", "sysadmin")


def _client(client, world, name):
    if name != "anonymous":
        sign_in(client, getattr(world, name))
    return client


def _snapshot(app: Application) -> tuple:
    app.refresh_from_db()
    return (app.status, app.handler_id, CaseStep.objects.filter(application=app).count())


@pytest.mark.parametrize(
    "name,expected",
    [
        ("drafter", 200),
        ("supervisor", 200),
        ("other_supervisor", 404),
        ("auditor", 404),
        ("security", 404),
        ("sysadmin", 404),
    ],
)
def test_who_opens_town_a_case(client, world, case_a, name, expected):
    response = _client(client, world, name).get(reverse("applications:case", args=[case_a.pk]))
    assert response.status_code == expected
    if expected == 404:
        # The same answer as for a case that does not exist.
        assert client.get(reverse("applications:case", args=[999_999])).status_code == 404


def test_a_drafter_of_town_a_cannot_open_town_b_case(client, world, case_b):
    sign_in(client, world.drafter)
    assert client.get(reverse("applications:case", args=[case_b.pk])).status_code == 404


STEP_POSTS = [
    ("case_note", {}, {"note-text": "看看"}),
    ("case_step", {"step": "correction_requested"}, {"correction_requested-date": "2026-10-09"}),
    ("case_step", {"step": "withdrawn"}, {"withdrawn-date": "2026-10-09"}),
    (
        "case_extend",
        {},
        {"extend-date": "2026-10-09", "extend-days": "10", "extend-reason": "材料多"},
    ),
    ("case_assign", {}, {"assign-handler": ""}),
]


@pytest.mark.parametrize("route,kwargs,data", STEP_POSTS)
def test_a_drafter_of_town_a_cannot_post_to_town_b_case(client, world, case_b, route, kwargs, data):
    before = _snapshot(case_b)
    audits = AuditEntry.objects.count()
    sign_in(client, world.drafter)
    url = reverse(f"applications:{route}", kwargs={"pk": case_b.pk, **kwargs})
    assert client.post(url, data).status_code == 404
    assert _snapshot(case_b) == before
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("route,kwargs,data", STEP_POSTS)
def test_the_supervisor_sees_but_cannot_act(client, world, case_a, route, kwargs, data):
    before = _snapshot(case_a)
    sign_in(client, world.supervisor)
    page = client.get(reverse("applications:case", args=[case_a.pk]))
    html = page.content.decode()
    assert "只有受理机关的工作人员可以办理" in html
    assert '<form method="post" action="/applications/' not in html
    assert "2026年10月22日" in html  # the deadlines are there to read
    url = reverse(f"applications:{route}", kwargs={"pk": case_a.pk, **kwargs})
    response = client.post(url, data)
    assert response.status_code == 403
    assert "没有访问权限" in response.content.decode()
    assert _snapshot(case_a) == before


@pytest.mark.parametrize("name", NOBODY)
def test_others_cannot_post_to_town_a_case(client, world, case_a, name):
    before = _snapshot(case_a)
    sign_in(client, getattr(world, name))
    url = reverse("applications:case_step", args=[case_a.pk, "withdrawn"])
    # 404 (the case is not theirs to know of), or 403 from the auditor's read-only rule
    # (accounts middleware), which answers before the view is reached.
    expected = 403 if name == "auditor" else 404
    assert client.post(url, {"withdrawn-date": "2026-10-09"}).status_code == expected
    assert _snapshot(case_a) == before


@pytest.mark.parametrize("name", ("auditor", "security", "sysadmin"))
def test_system_roles_have_no_queue_and_no_intake(client, world, case_a, name):
    sign_in(client, getattr(world, name))
    assert client.get(reverse("applications:queue")).status_code == 403
    assert client.get(reverse("applications:register")).status_code == 403


def test_the_supervisor_queue_holds_only_its_own_office_cases(client, world, case_a):
    # Supervision of the towns is the supervisor pages' job; the queue is for handling.
    sign_in(client, world.supervisor)
    response = client.get(reverse("applications:queue"))
    assert response.status_code == 200
    assert f'data-case="{case_a.pk}"' not in response.content.decode()


def test_the_town_b_clerk_does_not_see_town_a_in_the_queue(client, world, case_a, case_b):
    clerk_b = make_person("clerk_b2", roles=[(world.town_b, Role.DRAFTER)])
    sign_in(client, clerk_b)
    html = client.get(reverse("applications:queue")).content.decode()
    assert f'data-case="{case_b.pk}"' in html
    assert f'data-case="{case_a.pk}"' not in html


@pytest.mark.parametrize(
    "url",
    [
        lambda app: reverse("applications:queue"),
        lambda app: reverse("applications:register"),
        lambda app: reverse("applications:case", args=[app.pk]),
    ],
)
def test_anonymous_is_sent_to_sign_in(client, case_a, url):
    response = client.get(url(case_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_post_changes_nothing(client, case_a):
    before = _snapshot(case_a)
    url = reverse("applications:case_step", args=[case_a.pk, "withdrawn"])
    response = client.post(url, {"withdrawn-date": "2026-10-09"})
    assert response.status_code == 302
    assert _snapshot(case_a) == before


def test_a_registered_clerk_of_another_town_cannot_register_for_town_a(client, world, on_day):
    on_day(dt.date(2026, 10, 9))
    clerk_b = make_person("clerk_b3", roles=[(world.town_b, Role.DRAFTER)])
    sign_in(client, clerk_b)
    response = client.post(
        reverse("applications:register"),
        {
            "channel": "in_person",
            "received_on": "2026-10-09",
            "agency": world.town_a.pk,
            "applicant_type": "natural_person",
            "applicant_name": "王五",
            "description": "x",
            "delivery": "paper_post",
        },
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_drafter_cannot_approve_an_extension_and_is_not_offered_the_form(client, world, case_a):
    sign_in(client, world.drafter)
    html = client.get(reverse("applications:case", args=[case_a.pk])).content.decode()
    assert "须经信息公开工作机构负责人或主要领导同意" in html
    assert f'action="/applications/{case_a.pk}/extend/"' not in html
    before = _snapshot(case_a)
    response = client.post(
        reverse("applications:case_extend", args=[case_a.pk]),
        {"extend-date": "2026-10-09", "extend-days": "10", "extend-reason": "材料多"},
    )
    assert response.status_code == 403
    assert _snapshot(case_a) == before
