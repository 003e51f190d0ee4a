"""A small fictional county for the page-frame tests, and people in each role."""

from __future__ import annotations

import sys
import types

import pytest

from gongkai.accounts.models import SystemRole, User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role

# The publishing tests' review chain and clock: the page-cache tests publish and withdraw.
from tests.publishing.conftest import chain, on  # noqa: F401

PASSWORD = "Xx-1234567890"


@pytest.fixture
def county(db) -> dict[str, Agency]:
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="shili")
    office = Agency.objects.create(
        name="示例县政务公开办",
        level=Level.COUNTY,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
        parent=county,
        slug="shili-ogo",
    )
    qingshi = Agency.objects.create(
        name="青石镇人民政府", level=Level.TOWNSHIP, parent=county, slug="qingshi"
    )
    shiqiao = Agency.objects.create(
        name="石桥镇人民政府", level=Level.TOWNSHIP, parent=county, slug="shiqiao"
    )
    education = Agency.objects.create(
        name="示例县教育局",
        level=Level.COUNTY,
        kind=Kind.DEPARTMENT,
        parent=county,
        slug="shili-jyj",
    )
    village = Agency.objects.create(
        name="青石村村民委员会",
        level=Level.VILLAGE,
        kind=Kind.VILLAGE,
        parent=qingshi,
        slug="qingshi-cun",
    )
    return {
        "county": county,
        "office": office,
        "qingshi": qingshi,
        "shiqiao": shiqiao,
        "education": education,
        "village": village,
    }


@pytest.fixture
def make_person(db):
    def make(
        username: str,
        *,
        display_name: str = "",
        memberships: list[tuple[Agency, str]] = (),
        system_role: str = SystemRole.NONE,
    ) -> User:
        user = User.objects.create_user(
            username,
            password=PASSWORD,
            display_name=display_name,
            system_role=system_role,
            must_change_password=False,
        )
        for agency, role in memberships:
            Membership.objects.create(person=user, agency=agency, role=role)
        return user

    return make


@pytest.fixture
def people(county, make_person, report_errors) -> dict[str, User]:
    return {
        "drafter": make_person(
            "clerk", display_name="王文书", memberships=[(county["qingshi"], Role.DRAFTER)]
        ),
        "supervisor": make_person(
            "ogo", display_name="李主任", memberships=[(county["office"], Role.SUPERVISOR_ADMIN)]
        ),
        "auditor": make_person("audit", display_name="赵审计", system_role=SystemRole.AUDITOR),
        "sysadmin": make_person(
            "sysadmin", display_name="钱管理", system_role=SystemRole.SYSTEM_ADMIN
        ),
        "secadmin": make_person(
            "secadmin", display_name="周安全", system_role=SystemRole.SECURITY_ADMIN
        ),
        # A system role held by someone who also has an agency post: the system role wins.
        "admin_with_post": make_person(
            "admin_post",
            display_name="吴兼职",
            system_role=SystemRole.SYSTEM_ADMIN,
            memberships=[(county["shiqiao"], Role.DRAFTER)],
        ),
    }


@pytest.fixture
def report_errors(monkeypatch):
    """Points the dashboard at a stand-in for the reports app's selector with a fixed
    count, so the dashboard tests do not depend on the reports app's tables (the real
    module is left alone: other code imports it); returns a setter for the count."""
    state = {"count": 0}
    fake = types.ModuleType("gongkai_test_fake_report_selectors")
    fake.unexplained_error_count = lambda person: state["count"]
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    monkeypatch.setattr(
        "gongkai.web.selectors.REPORT_ERRORS_SELECTOR", (fake.__name__, "unexplained_error_count")
    )

    def set_count(n: int) -> None:
        state["count"] = n

    return set_count
