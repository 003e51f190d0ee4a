"""Helpers for tests of any app: people with roles, signed in as in real life.

Lives in the package (not under tests/) so every app's tests can import it; nothing here
runs in production.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.agencies.models import Agency, Membership

from .models import User

#: Passes the password policy; used by every test person.
PASSWORD = "Lanting-Xu-2026!"


def make_person(
    username: str,
    *,
    system_role: str = "",
    roles: Iterable[tuple[Agency, str]] = (),
    password: str = PASSWORD,
    must_change_password: bool = False,
    display_name: str = "",
) -> User:
    """A person who has already changed their initial password (unless told otherwise),
    holding `roles` as (agency, role) pairs."""
    person = User.objects.create_user(
        username,
        password=password,
        display_name=display_name or username,
        system_role=system_role,
        must_change_password=must_change_password,
    )
    for agency, role in roles:
        Membership.objects.create(person=person, agency=agency, role=role)
    return person


def sign_in(client, person: User) -> None:
    """Sign in through the session machinery without the login page (fast; the login page
    has its own tests)."""
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")


class World:
    """Two fictional counties and one person per role, for authorization tests.

    Agencies: county, office (its 政务公开办), town_a (with village_a), town_b; and a
    second county other_county with other_office and other_town.
    People: drafter (town_a), supervisor (office), other_supervisor (other_office),
    auditor, security, sysadmin (the three system roles)."""

    def __init__(self) -> None:
        from gongkai.agencies.models import Kind, Level, Role

        from .models import SystemRole

        def agency(name: str, slug: str, level: str, parent=None, kind=Kind.GOVERNMENT):
            return Agency.objects.create(
                name=name, slug=slug, level=level, parent=parent, kind=kind
            )

        self.county = agency("示例县人民政府", "county", Level.COUNTY)
        self.office = agency(
            "示例县政务公开办", "ogo", Level.COUNTY, self.county, Kind.OPEN_GOVERNMENT_OFFICE
        )
        self.town_a = agency("青石镇人民政府", "qingshi", Level.TOWNSHIP, self.county)
        self.village_a = agency("青石村", "qingshi-cun", Level.VILLAGE, self.town_a, Kind.VILLAGE)
        self.town_b = agency("石桥镇人民政府", "shiqiao", Level.TOWNSHIP, self.county)
        self.other_county = agency("邻县人民政府", "other", Level.COUNTY)
        self.other_office = agency(
            "邻县政务公开办", "other-ogo", Level.COUNTY, self.other_county,
            Kind.OPEN_GOVERNMENT_OFFICE,
        )  # fmt: skip
        self.other_town = agency("远山镇人民政府", "yuanshan", Level.TOWNSHIP, self.other_county)

        self.drafter = make_person("drafter", roles=[(self.town_a, Role.DRAFTER)])
        self.supervisor = make_person("supervisor", roles=[(self.office, Role.SUPERVISOR_ADMIN)])
        self.other_supervisor = make_person(
            "other_supervisor", roles=[(self.other_office, Role.SUPERVISOR_ADMIN)]
        )
        self.auditor = make_person("auditor", system_role=SystemRole.AUDITOR)
        self.security = make_person("security", system_role=SystemRole.SECURITY_ADMIN)
        self.sysadmin = make_person("sysadmin", system_role=SystemRole.SYSTEM_ADMIN)
