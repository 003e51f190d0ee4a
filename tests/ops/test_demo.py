"""`gongkai demo`: the fictional county, one person per role, printed passwords that work."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.accounts.models import SystemRole, User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.audit.models import AuditEntry
from gongkai.ops import demo

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"
ROW = re.compile(r"^(\w+)\s+.*\s([A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4})$")


def run_demo(*args: str) -> dict[str, str]:
    """Run the command without serving; return {username: printed password}."""
    out = io.StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    text = out.getvalue()
    accounts = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            accounts[match.group(1)] = match.group(2)
    assert "http://127.0.0.1:8000/" in text
    assert "不要求修改密码" in text  # the demo says it skips the forced change
    return accounts


def test_the_demo_creates_the_county_its_office_and_five_townships():
    run_demo()
    county = Agency.objects.get(name="示例县人民政府")
    assert county.level == Level.COUNTY and county.parent is None
    office = Agency.objects.get(kind=Kind.OPEN_GOVERNMENT_OFFICE)
    assert office.name == "示例县政务公开办" and office.parent == county
    townships = Agency.objects.filter(parent=county, level__in=[Level.TOWNSHIP, Level.SUBDISTRICT])
    assert townships.count() == 5
    villages = Agency.objects.filter(level=Level.VILLAGE)
    assert villages.count() >= 2
    assert all(v.parent in townships for v in villages)
    assert all(a.is_within(county) for a in Agency.objects.all())


def test_every_role_has_a_person_and_the_printed_passwords_sign_in():
    accounts = run_demo()
    assert set(accounts) == demo.USERNAMES
    for role in Role.values:
        # One of each in 青石镇; 石桥镇 has its own clerk to show townships apart.
        expected = 2 if role == Role.DRAFTER else 1
        assert Membership.objects.filter(role=role).count() == expected, role
    for system_role in (SystemRole.SYSTEM_ADMIN, SystemRole.SECURITY_ADMIN, SystemRole.AUDITOR):
        person = User.objects.get(system_role=system_role)
        assert not person.memberships.exists()  # 三员分立: no agency role
    for username, password in accounts.items():
        person = authenticate(username=username, password=password)
        assert person is not None, username
        assert person.must_change_password is False
    office_admin = Membership.objects.get(role=Role.SUPERVISOR_ADMIN)
    assert office_admin.agency.kind == Kind.OPEN_GOVERNMENT_OFFICE
    township_roles = Membership.objects.exclude(role=Role.SUPERVISOR_ADMIN)
    assert {m.agency.level for m in township_roles} == {Level.TOWNSHIP}


def test_running_the_demo_twice_duplicates_nothing_and_gives_new_passwords():
    first = run_demo()
    counts = (Agency.objects.count(), User.objects.count(), Membership.objects.count())
    second = run_demo()
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert set(first) == set(second)
    assert all(first[name] != second[name] for name in first)
    for username, password in second.items():
        assert authenticate(username=username, password=password) is not None
        assert authenticate(username=username, password=first[username]) is None


def test_what_the_demo_creates_is_in_the_audit_log():
    run_demo()
    created = AuditEntry.objects.filter(kind="agency.created")
    assert created.count() == Agency.objects.count()
    assert AuditEntry.objects.filter(kind="person.created").count() == len(demo.PEOPLE)
    assert AuditEntry.objects.filter(kind="membership.added").count() == Membership.objects.count()
    setup = AuditEntry.objects.filter(
        kind__in=["agency.created", "person.created", "membership.added"]
    )
    assert all(e.actor_name.startswith("gongkai demo") for e in setup)
    assert AuditEntry.objects.filter(kind="reports.upload", actor_name="孙丽华").exists()


def test_a_locked_demo_account_is_unlocked_by_running_the_demo_again():
    run_demo()
    User.objects.filter(username="qs_drafter").update(failed_logins=9)
    run_demo()
    assert User.objects.get(username="qs_drafter").failed_logins == 0


def test_the_demo_refuses_a_database_that_holds_real_people(capsys):
    User.objects.create_user("zhangsan", password="Qingshi-2026!")
    with pytest.raises(CommandError, match="已有数据"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert not Agency.objects.filter(slug=demo.ROOT_SLUG).exists()
    run_demo("--force")
    assert Agency.objects.filter(slug=demo.ROOT_SLUG).exists()


def test_the_demo_refuses_a_database_with_other_agencies():
    Agency.objects.create(name="某市人民政府", level=Level.CITY, slug="moushi")
    assert demo.foreign_data() == ["1 个不属于示例县的机构"]
    with pytest.raises(CommandError):
        call_command("demo", "--no-serve", stdout=io.StringIO())


def test_generated_passwords_pass_the_password_rules_and_are_easy_to_read():
    person = User(username="qs_drafter")
    for _ in range(50):
        password = demo.generate_password(person)
        validate_password(password, user=person)
        assert not set(password) & set("0O1lI")


def test_the_static_files_are_collected_for_the_server(settings):
    run_demo()
    assert (settings.STATIC_ROOT / "web" / "vendor" / "htmx.min.js").is_file()


def test_the_account_table_lines_up_chinese_text():
    table = demo.format_accounts(
        [demo.DemoAccount("a", "李晓梅", "撰稿人", "示例县青石镇人民政府", "Ab3c-De4f-Gh5j")]
    )
    header, rule, row = table.splitlines()
    assert demo._width(header.split("密码")[0]) == demo._width(row.split("Ab3c")[0])


def test_the_example_reports_are_uploaded_by_the_office_once():
    from gongkai.reports.models import ReportCheck, UploadBatch

    examples = [p for p in EXAMPLES.iterdir() if p.is_file()]
    run_demo()
    assert ReportCheck.objects.count() == len(examples) > 0
    batch = UploadBatch.objects.get()
    assert batch.uploaded_by.username == demo.SUPERVISOR
    assert batch.scope == Agency.objects.get(slug=demo.ROOT_SLUG)
    run_demo()
    assert ReportCheck.objects.count() == len(examples)
    assert UploadBatch.objects.count() == 1


def test_without_example_reports_the_demo_still_works(tmp_path):
    accounts = run_demo("--reports", str(tmp_path / "nothing-here"))
    assert set(accounts) == demo.USERNAMES


def test_the_demo_shows_applications_in_every_situation_once():
    from gongkai.applications.models import Application
    from gongkai.applications.selectors import Urgency, handled_cases, queue

    run_demo()
    clerk = User.objects.get(username="qs_drafter")
    urgencies = {row.urgency for row in queue(handled_cases(clerk))}
    assert {Urgency.OVERDUE, Urgency.PAUSED, Urgency.WAITING, Urgency.TO_CONFIRM} <= urgencies
    assert Application.objects.filter(status="decided").exists()
    count = Application.objects.count()
    run_demo()
    assert Application.objects.count() == count


def test_the_demo_shows_publishing_at_every_point_of_the_chain_once():
    from gongkai.catalog.models import CatalogEntry
    from gongkai.publishing import selectors
    from gongkai.publishing.models import Item

    run_demo()
    town = Agency.objects.get(slug="qingshi")
    assert CatalogEntry.objects.filter(agency=town).count() > 20
    assert selectors.public_items(town).count() == 1
    reviewer = User.objects.get(username="qs_head")
    assert len(selectors.review_queue(reviewer)) == 1  # waiting at its second stage
    count = Item.objects.count()
    run_demo()
    assert Item.objects.count() == count
