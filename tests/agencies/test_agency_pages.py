"""The agency management pages: who may use which, and what they show.

"ok" is a success (a page, or a redirect somewhere other than the sign-in page), "login"
is the redirect of an anonymous visitor to the sign-in page, 403 is refused. Each change
is tried on an agency of the supervisor's own county and on one of the other county, so
no answer depends on whose agency it is.
"""

import pytest
from django.urls import reverse

from gongkai.accounts.testing import sign_in
from gongkai.agencies.models import Agency, Kind, Level
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "drafter", "supervisor", "auditor", "security", "sysadmin"]
TARGETS = ["town_b", "other_town"]


def _list(w, target):
    return "get", reverse("agencies:list"), None


def _create_page(w, target):
    return "get", reverse("agencies:create"), None


def _create(w, target):
    parent = getattr(w, target).parent
    data = {"name": "新设镇", "level": Level.TOWNSHIP, "kind": Kind.GOVERNMENT, "parent": parent.pk}
    return "post", reverse("agencies:create"), data


def _edit_page(w, target):
    return "get", reverse("agencies:edit", args=[getattr(w, target).pk]), None


def _edit_data(agency, **changes):
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "level": agency.level,
        "kind": agency.kind,
        "parent": agency.parent_id,
    }
    return {**data, **changes}


def _edit(w, target):
    agency = getattr(w, target)
    return "post", reverse("agencies:edit", args=[agency.pk]), _edit_data(agency, name="改名镇")


def _move(w, target):
    agency = getattr(w, target)
    other = w.other_county if agency.parent == w.county else w.county
    return "post", reverse("agencies:edit", args=[agency.pk]), _edit_data(agency, parent=other.pk)


READERS = {"anonymous": "login", "supervisor": "ok", "sysadmin": "ok"}
SYSADMIN = {"anonymous": "login", "sysadmin": "ok"}

MATRIX = {
    "tree": (_list, READERS),
    "create page": (_create_page, SYSADMIN),
    "create": (_create, SYSADMIN),
    "edit page": (_edit_page, SYSADMIN),
    "edit": (_edit, SYSADMIN),
    "move": (_move, SYSADMIN),
}


def _outcome(response) -> str | int:
    if response.status_code == 403:
        return 403
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return "login"
    if response.status_code in (200, 302):
        return "ok"
    return response.status_code


def _changed(w) -> bool:
    agency_rows = set(Agency.objects.values_list("pk", "name", "path"))
    return (
        agency_rows != w.agency_rows_before
        or AuditEntry.objects.filter(kind__startswith="agency.").exists()
    )


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(client, world, role, action, target):
    build, allowed = MATRIX[action]
    world.agency_rows_before = set(Agency.objects.values_list("pk", "name", "path"))
    if role != "anonymous":
        sign_in(client, getattr(world, role))
    method, url, data = build(world, target)
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    expected = allowed.get(role, 403)
    assert _outcome(response) == expected, (role, action, target, response.status_code)
    if method == "post":
        # A refused request changes nothing; an allowed one does what it says.
        assert _changed(world) == (expected == "ok"), (role, action, target)


# --- the tree ----------------------------------------------------------------------------


def _rows(response) -> list[str]:
    return [row.agency.slug for row in response.context["rows"]]


def test_the_system_administrator_sees_every_agency_with_its_members_and_portal(client, world):
    sign_in(client, world.sysadmin)
    response = client.get(reverse("agencies:list"))
    assert set(_rows(response)) == set(Agency.objects.values_list("slug", flat=True))
    html = response.content.decode()
    assert 'href="/gk/qingshi/"' in html and 'href="/gk/yuanshan/"' in html
    assert f'href="{reverse("agencies:edit", args=[world.town_a.pk])}"' in html
    assert f'href="{reverse("agencies:create")}"' in html
    members = {row.agency.slug: row.agency.member_count for row in response.context["rows"]}
    assert members["qingshi"] == 1 and members["ogo"] == 1 and members["shiqiao"] == 0


def test_the_tree_lists_children_under_their_parent_and_indents_them(client, world):
    sign_in(client, world.sysadmin)
    rows = client.get(reverse("agencies:list")).context["rows"]
    slugs = [row.agency.slug for row in rows]
    assert slugs.index("county") < slugs.index("qingshi") < slugs.index("qingshi-cun")
    indent = {row.agency.slug: row.indent for row in rows}
    assert (indent["county"], indent["qingshi"], indent["qingshi-cun"]) == (0, 1, 2)


def test_the_open_government_office_has_no_portal_link(client, world):
    """It publishes through its government; /gk/ogo/ would be a 404."""
    sign_in(client, world.sysadmin)
    html = client.get(reverse("agencies:list")).content.decode()
    assert 'href="/gk/ogo/"' not in html


def test_the_supervisor_reads_their_countys_tree_and_nothing_else(client, world):
    sign_in(client, world.supervisor)
    response = client.get(reverse("agencies:list"))
    assert set(_rows(response)) == {"county", "ogo", "qingshi", "qingshi-cun", "shiqiao"}
    html = response.content.decode()
    assert "邻县" not in html and "远山镇" not in html
    assert reverse("agencies:create") not in html
    assert "/edit/" not in html
    assert "只能查看" in html


def test_the_tree_is_never_cached(client, world):
    sign_in(client, world.supervisor)
    response = client.get(reverse("agencies:list"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_tree_answers_only_reads(client, world):
    sign_in(client, world.sysadmin)
    assert client.post(reverse("agencies:list")).status_code == 405


# --- creating and changing through the pages ---------------------------------------------


def test_a_new_agency_from_the_form_appears_in_the_tree_and_the_log(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("agencies:create"),
        {
            "name": "桃源镇人民政府",
            "short_name": "桃源镇",
            "level": Level.TOWNSHIP,
            "kind": Kind.GOVERNMENT,
            "parent": world.county.pk,
            "slug": "taoyuan",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 302 and response["Location"] == reverse("agencies:list")
    town = Agency.objects.get(slug="taoyuan")
    assert town.is_within(world.county)
    entry = AuditEntry.objects.get(kind="agency.created")
    assert (entry.actor, entry.agency, entry.ip) == (world.sysadmin, town, "10.1.2.3")
    page = client.get(response["Location"]).content.decode()
    assert "已新建机构“桃源镇人民政府”" in page and 'href="/gk/taoyuan/"' in page


def test_the_create_form_starts_under_the_agency_it_was_opened_from(client, world):
    sign_in(client, world.sysadmin)
    response = client.get(reverse("agencies:create"), {"parent": world.town_a.pk})
    assert response.context["form"]["parent"].value() == str(world.town_a.pk)


def test_a_refused_agency_is_explained_on_the_form_and_not_created(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("agencies:create"),
        {"name": "某县", "level": Level.COUNTY, "kind": Kind.GOVERNMENT, "parent": world.town_a.pk},
    )
    assert response.status_code == 200
    assert "下级的层级不能高于上级" in response.content.decode()
    assert not Agency.objects.filter(name="某县").exists()


def test_a_chinese_slug_is_refused_by_the_form(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("agencies:create"),
        {"name": "某镇", "level": Level.TOWNSHIP, "kind": Kind.GOVERNMENT, "slug": "桃源"},
    )
    assert response.status_code == 200 and response.context["form"].errors["slug"]
    assert not Agency.objects.filter(name="某镇").exists()


def test_the_edit_form_shows_the_agency_and_offers_no_parent_inside_it(client, world):
    sign_in(client, world.sysadmin)
    response = client.get(reverse("agencies:edit", args=[world.town_a.pk]))
    form = response.context["form"]
    assert form["name"].value() == "青石镇人民政府"
    assert form["parent"].value() == world.county.pk
    choices = set(form.fields["parent"].queryset)
    assert world.town_a not in choices and world.village_a not in choices
    assert world.town_b in choices and world.other_county in choices


def test_moving_through_the_form_moves_the_subtree(client, world):
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("agencies:edit", args=[world.town_a.pk]),
        _edit_data(world.town_a, parent=world.other_county.pk),
    )
    assert response.status_code == 302
    village = Agency.objects.get(pk=world.village_a.pk)
    assert village.is_within(Agency.objects.get(pk=world.other_county.pk))
    assert AuditEntry.objects.filter(kind="agency.moved", agency=world.town_a).count() == 1


def test_moving_under_a_descendant_through_the_form_is_refused(client, world):
    """The form offers no such parent; a hand-made request gets a form error, not a move."""
    sign_in(client, world.sysadmin)
    response = client.post(
        reverse("agencies:edit", args=[world.town_a.pk]),
        _edit_data(world.town_a, parent=world.village_a.pk),
    )
    assert response.status_code == 200 and response.context["form"].errors["parent"]
    assert Agency.objects.get(pk=world.town_a.pk).parent == world.county


def test_an_unknown_agency_is_404_for_the_administrator_and_403_for_others(client, world):
    missing = Agency.objects.order_by("-pk").first().pk + 1000
    sign_in(client, world.sysadmin)
    assert client.get(reverse("agencies:edit", args=[missing])).status_code == 404
    sign_in(client, world.supervisor)
    assert client.get(reverse("agencies:edit", args=[missing])).status_code == 403
