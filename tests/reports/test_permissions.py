"""Who may upload for, see, and explain findings of township A's report — in the services
(where it is enforced) and through the pages (where it must show)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gongkai.reports import selectors, services
from gongkai.reports.models import FindingExplanation, ReportCheck, UploadBatch

from .conftest import upload
from .samples import report_text, report_with_errors

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "clerk_a", "head_a", "clerk_b", "supervisor", "auditor")
# actor -> (upload for A, view a check of A, explain a finding of A)
MATRIX = {
    "anonymous": (False, False, False),
    "clerk_a": (True, True, True),
    "head_a": (True, True, True),
    "clerk_b": (False, False, False),
    "supervisor": (True, True, True),
    "auditor": (False, False, False),
}


def _actor(people, name):
    return AnonymousUser() if name == "anonymous" else getattr(people, name)


@pytest.fixture
def check_of_a(county, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.upload_create(
            actor=people.clerk_a, files=[upload("青石镇.txt", report_with_errors())]
        )
    check = batch.items.get().report_check
    check.refresh_from_db()
    assert check.agency == county.a and check.error_count
    return check


# --------------------------------------------------------------------------------------------
# Services


@pytest.mark.parametrize("name", ACTORS)
def test_upload_for_township_a_in_the_service(name, county, people):
    actor = _actor(people, name)
    allowed = MATRIX[name][0]
    if allowed:
        batch = services.upload_create(
            actor=actor, files=[upload("a.txt", report_text())], agency=county.a
        )
        assert batch.items.get().report_check.agency == county.a
    else:
        with pytest.raises(services.NotAllowed):
            services.upload_create(
                actor=actor, files=[upload("a.txt", report_text())], agency=county.a
            )
        assert not ReportCheck.objects.exists()


@pytest.mark.parametrize("name", ACTORS)
def test_seeing_a_check_of_township_a(name, people, check_of_a):
    actor = _actor(people, name)
    allowed = MATRIX[name][1]
    assert selectors.may_view_check(actor, check_of_a) is allowed
    assert (check_of_a in selectors.checks_visible_to(actor)) is allowed
    assert (selectors.unexplained_error_count(actor) > 0) is allowed


@pytest.mark.parametrize("name", ACTORS)
def test_explaining_a_finding_of_township_a(name, people, check_of_a):
    actor = _actor(people, name)
    finding = check_of_a.findings[0]
    call = {
        "actor": actor,
        "check": check_of_a,
        "rule": finding["rule"],
        "location": finding["location"],
    }
    if MATRIX[name][2]:
        services.finding_explain(**call, comment="已核实，原表如此")
        services.finding_unexplain(**call)
    else:
        with pytest.raises(services.NotAllowed):
            services.finding_explain(**call, comment="已核实，原表如此")
        assert not FindingExplanation.objects.exists()


def test_a_township_clerk_cannot_move_a_report_into_another_township(county, people, check_of_a):
    with pytest.raises(services.NotAllowed):
        services.check_assign(actor=people.clerk_a, check=check_of_a, agency=county.b, year=2023)
    with pytest.raises(services.NotAllowed):
        services.check_recheck(actor=people.clerk_b, check=check_of_a)


# --------------------------------------------------------------------------------------------
# Pages


def _client(client, people, name):
    if name != "anonymous":
        client.force_login(getattr(people, name))
    return client


@pytest.mark.parametrize("name", ACTORS)
def test_upload_page_for_township_a(
    name, client, county, people, django_capture_on_commit_callbacks
):
    c = _client(client, people, name)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("reports:upload"),
            {"files": [upload("a.txt", report_text())], "agency": county.a.pk, "year": ""},
        )
    if name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif MATRIX[name][0]:
        batch = UploadBatch.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:batch", args=[batch.pk])
    else:
        assert response.status_code == 403
    assert ReportCheck.objects.exists() is MATRIX[name][0]


@pytest.mark.parametrize("name", ACTORS)
def test_result_page_of_township_a(name, client, people, check_of_a):
    c = _client(client, people, name)
    for url_name in ("reports:detail", "reports:status", "reports:file"):
        response = c.get(reverse(url_name, args=[check_of_a.pk]))
        if name == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if MATRIX[name][1] else 403), url_name
    listed = c.get(reverse("reports:list"))
    if name != "anonymous":
        assert (check_of_a.original_name in listed.content.decode()) is MATRIX[name][1]
    batch = c.get(reverse("reports:batch", args=[check_of_a.batch_id]))
    if name != "anonymous":
        assert batch.status_code == (200 if MATRIX[name][1] else 403)


@pytest.mark.parametrize("name", ACTORS)
def test_explain_action_on_township_a(name, client, people, check_of_a):
    c = _client(client, people, name)
    finding = check_of_a.findings[0]
    response = c.post(
        reverse("reports:explain", args=[check_of_a.pk]),
        {"rule": finding["rule"], "location": finding["location"], "comment": "已核实"},
    )
    if name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif MATRIX[name][2]:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert FindingExplanation.objects.exists() is MATRIX[name][2]


def test_actions_need_a_post_with_a_csrf_token(people, check_of_a):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(people.clerk_a)
    finding = check_of_a.findings[0]
    url = reverse("reports:explain", args=[check_of_a.pk])
    assert c.get(url).status_code == 405
    posted = c.post(url, {"rule": finding["rule"], "location": finding["location"], "comment": "x"})
    assert posted.status_code == 403
    assert not FindingExplanation.objects.exists()


def test_assign_and_recheck_pages(
    client, county, people, check_of_a, django_capture_on_commit_callbacks
):
    assign = reverse("reports:assign", args=[check_of_a.pk])
    recheck = reverse("reports:recheck", args=[check_of_a.pk])
    client.force_login(people.clerk_b)
    assert client.post(assign, {"agency": county.b.pk, "year": 2023}).status_code == 403
    assert client.post(recheck).status_code == 403

    client.force_login(people.clerk_a)
    # A township cannot hand its report to another township …
    assert client.post(assign, {"agency": county.b.pk, "year": 2023}).status_code == 403
    # … but may correct the year; the page says so.
    response = client.post(assign, {"agency": county.a.pk, "year": 2022}, follow=True)
    assert "已保存单位和年度" in response.content.decode()
    check_of_a.refresh_from_db()
    assert check_of_a.year == 2022 and not check_of_a.year_guessed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(recheck, follow=True)
    assert "已重新排队检查" in response.content.decode()
    check_of_a.refresh_from_db()
    # A person's year stands through the re-check.
    assert check_of_a.status == "done" and check_of_a.year == 2022
