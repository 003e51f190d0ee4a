"""The agency tree and who may see which agency's unpublished work."""

import pytest

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.agencies.selectors import (
    agencies_below,
    supervised_agencies,
    supervises,
    visible_agencies,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    county = Agency.objects.create(name="示例县人民政府", level=Level.COUNTY, slug="county")
    office = Agency.objects.create(
        name="示例县政务公开办",
        level=Level.COUNTY,
        kind=Kind.OPEN_GOVERNMENT_OFFICE,
        parent=county,
        slug="ogo",
    )
    a = Agency.objects.create(name="青石镇", level=Level.TOWNSHIP, parent=county, slug="qingshi")
    b = Agency.objects.create(name="石桥镇", level=Level.TOWNSHIP, parent=county, slug="shiqiao")
    village = Agency.objects.create(
        name="青石村", level=Level.VILLAGE, kind=Kind.VILLAGE, parent=a, slug="qingshi-village"
    )
    return {"county": county, "office": office, "a": a, "b": b, "village": village}


def person(name, agency, role):
    user = User.objects.create_user(name, password="Xx-1234567890")
    Membership.objects.create(person=user, agency=agency, role=role)
    return user


def test_everything_under_an_agency_is_one_prefix_query(county):
    assert set(agencies_below(county["a"])) == {county["a"], county["village"]}
    assert county["village"].is_within(county["county"])
    assert not county["b"].is_within(county["a"])


def test_a_township_clerk_sees_their_own_township_and_its_villages_only(county):
    clerk = person("clerk_a", county["a"], Role.DRAFTER)
    assert set(visible_agencies(clerk)) == {county["a"], county["village"]}
    assert county["b"] not in visible_agencies(clerk)


def test_the_county_open_government_office_supervises_every_agency_of_the_county(county):
    admin = person("ogo_admin", county["office"], Role.SUPERVISOR_ADMIN)
    assert set(visible_agencies(admin)) == set(Agency.objects.all())
    assert supervises(admin, county["b"])
    clerk = person("clerk_b", county["b"], Role.DRAFTER)
    assert not supervises(clerk, county["a"])


def test_a_person_without_any_role_sees_nothing(county):
    nobody = User.objects.create_user("nobody", password="Xx-1234567890")
    assert not visible_agencies(nobody).exists()


def test_the_supervised_agencies_are_everything_under_the_offices_government(county):
    admin = person("ogo_admin", county["office"], Role.SUPERVISOR_ADMIN)
    assert set(supervised_agencies(admin)) == set(Agency.objects.all())
    assert set(supervised_agencies(admin)) == set(visible_agencies(admin))


def test_a_clerk_supervises_nothing_even_in_their_own_township(county):
    clerk = person("clerk_a", county["a"], Role.DRAFTER)
    assert not supervised_agencies(clerk).exists()
    assert not supervises(clerk, county["village"])


def test_a_disabled_supervisor_supervises_and_sees_nothing(county):
    admin = person("ogo_admin", county["office"], Role.SUPERVISOR_ADMIN)
    admin.is_active = False
    admin.save()
    assert not supervised_agencies(admin).exists()
    assert not supervises(admin, county["a"])
    assert not visible_agencies(admin).exists()


def test_an_anonymous_visitor_supervises_and_sees_nothing(county):
    from django.contrib.auth.models import AnonymousUser

    assert not supervised_agencies(AnonymousUser()).exists()
    assert not supervises(AnonymousUser(), county["a"])
    assert not visible_agencies(AnonymousUser()).exists()
