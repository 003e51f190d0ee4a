"""API tokens: made by the people who answer for an agency, shown once, kept only as a
digest, revocable at once, and every change in the audit log."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import sign_in
from gongkai.api import services
from gongkai.api.models import ApiToken
from gongkai.audit.models import AuditEntry

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_token_is_stored(token):
    row, raw = token
    assert raw.startswith("gk_") and len(raw) > 40
    stored = ApiToken.objects.filter(pk=row.pk).values().get()
    assert stored["digest"] == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in [str(v) for v in stored.values()]
    assert stored["prefix"] == raw[:9]


def test_creating_and_revoking_are_in_the_audit_log_without_the_token(people, token):
    row, raw = token
    services.token_revoke(actor=people.world.supervisor, token=row)
    created = AuditEntry.objects.get(kind="api.token_created")
    revoked = AuditEntry.objects.get(kind="api.token_revoked")
    assert created.actor == people.head and created.agency == people.world.town_a
    assert created.after["name"] == "县公文系统"
    assert revoked.actor == people.world.supervisor
    for entry in AuditEntry.objects.filter(kind__startswith="api."):
        assert raw not in f"{entry.before} {entry.after} {entry.note} {entry.object_repr}"


def test_a_revoked_token_is_refused_in_chinese(api, people, token):
    row, raw = token
    assert api.get("/api/checks/1", **bearer(raw)).status_code == 404  # valid, nothing there
    services.token_revoke(actor=people.head, token=row)
    answer = api.get("/api/checks/1", **bearer(raw))
    assert answer.status_code == 401
    assert "已被吊销" in answer.json()["detail"]
    with pytest.raises(InvalidChange):
        services.token_revoke(actor=people.head, token=row)


def test_who_may_create_a_token_for_an_agency(people):
    world = people.world
    # the township's own head, and the county's 政务公开办管理员 for anything in the county
    services.token_create(actor=people.head, agency=world.town_a, name="甲")
    services.token_create(actor=world.supervisor, agency=world.town_a, name="乙")
    services.token_create(actor=world.supervisor, agency=world.county, name="丙")
    refused = [
        (world.drafter, world.town_a),  # a clerk is not the head
        (people.head, world.town_b),  # another township
        (people.head, world.village_a),  # the head does not upload for the village
        (world.other_supervisor, world.town_a),  # another county
        (world.sysadmin, world.town_a),  # 三员分立: the system administrator uploads nothing
        (world.auditor, world.town_a),
    ]
    for person, agency in refused:
        with pytest.raises(NotAllowed):
            services.token_create(actor=person, agency=agency, name="不该有")
    assert ApiToken.objects.filter(name="不该有").count() == 0


def test_a_token_needs_a_name(people):
    with pytest.raises(InvalidChange, match="令牌名称"):
        services.token_create(actor=people.head, agency=people.world.town_a, name="  ")


def test_who_may_revoke_a_token(people, token):
    row, _raw = token
    for person in (people.other_head, people.world.other_supervisor, people.world.drafter):
        with pytest.raises(NotAllowed):
            services.token_revoke(actor=person, token=row)
    row.refresh_from_db()
    assert row.is_active
    services.token_revoke(actor=people.world.sysadmin, token=row)  # a leak is stoppable
    row.refresh_from_db()
    assert not row.is_active and row.revoked_by == people.world.sysadmin


def test_the_token_page_shows_a_new_token_once(client, people):
    sign_in(client, people.head)
    page = client.post("/api/tokens/", {"name": "县公文系统", "agency": people.world.town_a.pk})
    assert page.status_code == 200
    body = page.content.decode()
    row = ApiToken.objects.get()
    shown = body.split('id="new-token">', 1)[1].split("<", 1)[0]
    assert services.token_digest(shown) == row.digest
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    again = client.get("/api/tokens/").content.decode()
    assert shown not in again
    assert "县公文系统" in again and row.prefix in again


def test_the_token_page_revokes(client, people, token):
    row, _raw = token
    sign_in(client, people.head)
    answer = client.post(f"/api/tokens/{row.pk}/revoke/")
    assert answer.status_code == 302
    row.refresh_from_db()
    assert not row.is_active
    assert "吊销" in client.get("/api/tokens/").content.decode()


def test_the_token_page_is_closed_to_others(client, people, token):
    row, _raw = token
    sign_in(client, people.world.drafter)
    assert client.get("/api/tokens/").status_code == 403
    sign_in(client, people.other_head)
    assert row.prefix not in client.get("/api/tokens/").content.decode()
    assert client.post(f"/api/tokens/{row.pk}/revoke/").status_code == 403
    # an agency they do not manage is not a choice of the form
    refused = client.post("/api/tokens/", {"name": "越权", "agency": people.world.town_a.pk})
    assert refused.status_code == 400
    row.refresh_from_db()
    assert row.is_active and not ApiToken.objects.filter(name="越权").exists()


def test_the_management_command_creates_lists_and_revokes(people):
    out = io.StringIO()
    call_command(
        "api_token",
        "create",
        "--as",
        "qs_head",
        "--agency",
        "qingshi",
        "--name",
        "脚本",
        stdout=out,
    )
    raw = out.getvalue().strip().splitlines()[-1]
    row = ApiToken.objects.get(name="脚本")
    assert services.token_digest(raw) == row.digest
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert row.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("api_token", "revoke", "--as", "qs_head", str(row.pk), stdout=io.StringIO())
    row.refresh_from_db()
    assert not row.is_active
    with pytest.raises(CommandError, match="信息公开工作机构负责人"):
        call_command("api_token", "create", "--as", "drafter", "--agency", "qingshi", "--name", "x")


def test_the_system_administrator_sees_every_token_and_creates_none(client, people, token):
    row, _raw = token
    sign_in(client, people.world.sysadmin)
    page = client.get("/api/tokens/").content.decode()
    assert row.prefix in page
    assert 'id="h-create"' not in page
    assert client.post(f"/api/tokens/{row.pk}/revoke/").status_code == 302
    row.refresh_from_db()
    assert not row.is_active
