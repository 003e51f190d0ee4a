"""Creating, changing and moving agencies: who may, what the tree allows, what the log says."""

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.agencies.models import Agency, Kind, Level
from gongkai.agencies.selectors import supervises
from gongkai.agencies.services import agency_create, agency_update
from gongkai.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def assert_paths_consistent():
    """Every agency's path is its parent's path plus its own id: the tree the prefix
    queries see is the tree the parent links describe."""
    for agency in Agency.objects.select_related("parent"):
        prefix = agency.parent.path if agency.parent else ""
        assert agency.path == f"{prefix}{agency.pk:06d}/", agency.name


def entries(kind):
    return list(AuditEntry.objects.filter(kind=kind).order_by("id"))


# --- creating ----------------------------------------------------------------------------


def test_the_system_administrator_creates_a_township_under_the_county(world):
    town = agency_create(
        actor=world.sysadmin,
        name="桃源镇人民政府",
        short_name="桃源镇",
        level=Level.TOWNSHIP,
        kind=Kind.GOVERNMENT,
        parent=world.county,
        slug="taoyuan",
    )
    town.refresh_from_db()
    assert town.parent == world.county
    assert town.path == f"{world.county.path}{town.pk:06d}/"
    assert (town.slug, town.short_name) == ("taoyuan", "桃源镇")
    assert supervises(world.supervisor, town)


def test_creating_an_agency_is_recorded_with_what_was_created(world):
    town = agency_create(
        actor=world.sysadmin,
        name="桃源镇人民政府",
        level=Level.TOWNSHIP,
        kind=Kind.GOVERNMENT,
        parent=world.county,
        slug="taoyuan",
    )
    [entry] = entries("agency.created")
    assert entry.actor == world.sysadmin
    assert entry.agency == town
    assert entry.object_id == str(town.pk)
    assert entry.before is None
    assert entry.after == {
        "name": "桃源镇人民政府",
        "short_name": "",
        "level": "township",
        "kind": "government",
        "parent": "示例县人民政府",
        "slug": "taoyuan",
    }


def test_an_agency_without_a_chosen_slug_gets_a_plain_ascii_one_from_its_id(world):
    town = agency_create(
        actor=world.sysadmin, name="桃源镇人民政府", level=Level.TOWNSHIP, kind=Kind.GOVERNMENT,
        parent=world.county,
    )  # fmt: skip
    assert town.slug == f"a-{town.pk}"
    assert Agency.objects.get(pk=town.pk).slug == town.slug
    assert entries("agency.created")[0].after["slug"] == town.slug


def test_a_generated_slug_steps_aside_when_someone_chose_it_before(world):
    from gongkai.agencies.services import _auto_slug

    # Agency ids come from a sequence whose next value a test cannot know on PostgreSQL,
    # so the clash is set up after the fact: someone chose "a-<id>" of an existing agency.
    agency_create(
        actor=world.sysadmin, name="甲镇", level=Level.TOWNSHIP, kind=Kind.GOVERNMENT,
        parent=world.county, slug=f"a-{world.town_b.pk}",
    )  # fmt: skip
    assert _auto_slug(world.town_b) == f"a-{world.town_b.pk}-2"


def test_a_chosen_slug_is_lowercased_and_must_be_plain_ascii_and_unused(world):
    town = agency_create(
        actor=world.sysadmin, name="桃源镇", level=Level.TOWNSHIP, kind=Kind.GOVERNMENT,
        parent=world.county, slug="  TaoYuan ",
    )  # fmt: skip
    assert town.slug == "taoyuan"
    for bad in ("桃源", "tao yuan", "tao/yuan", "qingshi"):
        with pytest.raises(InvalidChange):
            agency_create(
                actor=world.sysadmin, name="某镇", level=Level.TOWNSHIP, kind=Kind.GOVERNMENT,
                parent=world.county, slug=bad,
            )  # fmt: skip


def test_an_agency_without_a_parent_is_the_top_of_a_new_tree(world):
    city = agency_create(actor=world.sysadmin, name="示例市人民政府", level=Level.CITY,
                         kind=Kind.GOVERNMENT)  # fmt: skip
    assert city.parent is None and city.path == f"{city.pk:06d}/"


@pytest.mark.parametrize(
    ("name", "level", "kind", "parent_key", "why"),
    [
        ("", Level.TOWNSHIP, Kind.GOVERNMENT, "county", "请填写名称"),
        ("某县", Level.COUNTY, Kind.GOVERNMENT, "town_a", "下级的层级不能高于上级"),
        ("某镇", Level.TOWNSHIP, Kind.GOVERNMENT, "village_a", "下级的层级不能高于上级"),
        ("某村", Level.VILLAGE, Kind.GOVERNMENT, "town_a", "必须是村（居）委会"),
        ("某委会", Level.TOWNSHIP, Kind.VILLAGE, "county", "村（居）委会也只能是村（社区）级"),
        ("某镇", Level.TOWNSHIP, Kind.GOVERNMENT, "office", "只能设政府部门"),
        ("某村", Level.VILLAGE, Kind.VILLAGE, "office", "只能设政府部门"),
        ("青石村", Level.VILLAGE, Kind.VILLAGE, "town_a", "已有名为“青石村”的机构"),
        ("某镇", "hamlet", Kind.GOVERNMENT, "county", "未知的层级"),
        ("某镇", Level.TOWNSHIP, "club", "county", "未知的机构类型"),
        ("某" * 101, Level.TOWNSHIP, Kind.GOVERNMENT, "county", "不能超过 100 个字"),
    ],
)
def test_an_agency_that_makes_no_sense_there_is_refused(world, name, level, kind, parent_key, why):
    before = Agency.objects.count()
    with pytest.raises(InvalidChange, match=why):
        agency_create(
            actor=world.sysadmin, name=name, level=level, kind=kind,
            parent=getattr(world, parent_key),
        )  # fmt: skip
    assert Agency.objects.count() == before
    assert not entries("agency.created")


@pytest.mark.parametrize(
    ("level", "kind", "parent_key"),
    [
        (Level.VILLAGE, Kind.VILLAGE, "county"),  # a village directly under a county
        (Level.TOWNSHIP, Kind.DEPARTMENT, "town_a"),  # a township's own office
        (Level.COUNTY, Kind.DEPARTMENT, "county"),  # a county bureau
        (Level.TOWNSHIP, Kind.GOVERNMENT, "county"),
        (Level.COUNTY, Kind.DEPARTMENT, "office"),  # a section under the office
    ],
)
def test_the_tree_stays_permissive_about_what_may_sit_under_a_government(
    world, level, kind, parent_key
):
    agency = agency_create(
        actor=world.sysadmin, name="新机构", level=level, kind=kind,
        parent=getattr(world, parent_key),
    )  # fmt: skip
    assert agency.parent == getattr(world, parent_key)


@pytest.mark.parametrize("who", ["drafter", "supervisor", "auditor", "security"])
def test_only_the_system_administrator_creates_agencies(world, who):
    with pytest.raises(NotAllowed):
        agency_create(
            actor=getattr(world, who), name="桃源镇", level=Level.TOWNSHIP,
            kind=Kind.GOVERNMENT, parent=world.county,
        )  # fmt: skip
    assert not Agency.objects.filter(name="桃源镇").exists()
    assert not entries("agency.created")


def test_a_disabled_system_administrator_creates_nothing(world):
    world.sysadmin.is_active = False
    world.sysadmin.save()
    with pytest.raises(NotAllowed):
        agency_create(actor=world.sysadmin, name="某镇", level=Level.TOWNSHIP,
                      kind=Kind.GOVERNMENT, parent=world.county)  # fmt: skip


# --- changing ----------------------------------------------------------------------------


def test_renaming_records_only_what_changed(world):
    agency_update(actor=world.sysadmin, agency=world.town_a, name="青石镇", short_name="青石")
    world.town_a.refresh_from_db()
    assert (world.town_a.name, world.town_a.short_name) == ("青石镇", "青石")
    [entry] = entries("agency.updated")
    assert entry.actor == world.sysadmin and entry.agency == world.town_a
    assert entry.before == {"name": "青石镇人民政府", "short_name": ""}
    assert entry.after == {"name": "青石镇", "short_name": "青石"}
    assert not entries("agency.moved")


def test_an_update_that_changes_nothing_writes_nothing(world):
    agency_update(
        actor=world.sysadmin, agency=world.town_a, name=" 青石镇人民政府 ",
        level=Level.TOWNSHIP, kind=Kind.GOVERNMENT, parent=world.county,
    )  # fmt: skip
    assert not AuditEntry.objects.filter(kind__startswith="agency.").exists()


def test_a_township_becomes_a_subdistrict(world):
    agency_update(actor=world.sysadmin, agency=world.town_b, level=Level.SUBDISTRICT)
    world.town_b.refresh_from_db()
    assert world.town_b.level == Level.SUBDISTRICT
    [entry] = entries("agency.updated")
    assert (entry.before, entry.after) == ({"level": "township"}, {"level": "subdistrict"})


@pytest.mark.parametrize(
    ("agency_key", "fields", "why"),
    [
        ("county", {"level": Level.TOWNSHIP}, "下级机构“示例县政务公开办”将不再合适"),
        ("county", {"kind": Kind.DEPARTMENT}, "将不再合适"),
        ("town_a", {"level": Level.VILLAGE}, "必须是村（居）委会"),
        ("town_a", {"level": Level.CITY}, "下级的层级不能高于上级"),
        ("town_b", {"name": "  "}, "请填写名称"),
        ("town_b", {"name": "青石镇人民政府"}, "已有名为"),
    ],
)
def test_a_change_that_breaks_the_tree_is_refused(world, agency_key, fields, why):
    agency = getattr(world, agency_key)
    before = {f: getattr(agency, f) for f in ("name", "level", "kind")}
    with pytest.raises(InvalidChange, match=why):
        agency_update(actor=world.sysadmin, agency=agency, **fields)
    agency.refresh_from_db()
    assert {f: getattr(agency, f) for f in ("name", "level", "kind")} == before
    assert not AuditEntry.objects.filter(kind__startswith="agency.").exists()


def test_a_rename_is_not_refused_for_an_oddity_that_was_already_there(world):
    odd = Agency.objects.create(
        name="旧数据", slug="odd", level=Level.VILLAGE, kind=Kind.GOVERNMENT, parent=world.town_a
    )
    agency_update(actor=world.sysadmin, agency=odd, name="旧数据（已改名）")
    odd.refresh_from_db()
    assert odd.name == "旧数据（已改名）"


def test_the_slug_is_not_changed_by_an_update(world):
    with pytest.raises(TypeError):
        agency_update(actor=world.sysadmin, agency=world.town_a, slug="new")


@pytest.mark.parametrize("who", ["drafter", "supervisor", "auditor", "security"])
def test_only_the_system_administrator_changes_or_moves_agencies(world, who):
    actor = getattr(world, who)
    with pytest.raises(NotAllowed):
        agency_update(actor=actor, agency=world.town_a, name="改名")
    with pytest.raises(NotAllowed):
        agency_update(actor=actor, agency=world.town_a, parent=world.other_county)
    world.town_a.refresh_from_db()
    assert world.town_a.name == "青石镇人民政府" and world.town_a.parent == world.county
    assert not AuditEntry.objects.filter(kind__startswith="agency.").exists()


# --- moving ------------------------------------------------------------------------------


def test_moving_a_township_moves_its_villages_with_it(world):
    old_path = world.town_a.path
    agency_update(actor=world.sysadmin, agency=world.town_a, parent=world.other_county)
    town, village = (Agency.objects.get(pk=a.pk) for a in (world.town_a, world.village_a))
    assert town.parent == world.other_county
    assert town.path == f"{world.other_county.path}{town.pk:06d}/"
    assert village.path == f"{town.path}{village.pk:06d}/"
    assert not Agency.objects.filter(path__startswith=old_path).exists()
    assert_paths_consistent()


def test_after_a_move_the_other_countys_office_supervises_the_township(world):
    agency_update(actor=world.sysadmin, agency=world.town_a, parent=world.other_county)
    village = Agency.objects.get(pk=world.village_a.pk)
    assert supervises(world.other_supervisor, village)
    assert not supervises(world.supervisor, village)


def test_a_move_is_recorded_with_the_old_and_new_parent(world):
    agency_update(actor=world.sysadmin, agency=world.town_a, parent=world.other_county)
    [entry] = entries("agency.moved")
    assert entry.actor == world.sysadmin and entry.agency == world.town_a
    assert entry.before["parent"] == "示例县人民政府"
    assert entry.before["parent_id"] == world.county.pk
    assert entry.after["parent"] == "邻县人民政府"
    assert entry.after["parent_id"] == world.other_county.pk
    assert entry.after["path"] == Agency.objects.get(pk=world.town_a.pk).path
    assert "1" in entry.note  # the village went along
    assert not entries("agency.updated")


def test_a_move_and_a_rename_together_are_two_entries(world):
    agency_update(
        actor=world.sysadmin, agency=world.town_a, name="青石镇", parent=world.other_county
    )
    assert [e.kind for e in AuditEntry.objects.order_by("id")][-2:] == [
        "agency.updated",
        "agency.moved",
    ]


def test_a_deep_subtree_moves_in_one_piece(world):
    chain = [world.town_a]
    for i in range(4):
        chain.append(
            Agency.objects.create(
                name=f"科室{i}", slug=f"ks{i}", level=Level.TOWNSHIP, kind=Kind.DEPARTMENT,
                parent=chain[-1],
            )
        )  # fmt: skip
    agency_update(actor=world.sysadmin, agency=world.town_a, parent=world.town_b)
    assert_paths_consistent()
    deepest = Agency.objects.get(pk=chain[-1].pk)
    assert deepest.is_within(Agency.objects.get(pk=world.town_b.pk))
    assert deepest.depth == world.town_b.depth + 5
    # Agencies outside the moved subtree keep their paths.
    assert Agency.objects.get(pk=world.other_town.pk).path == world.other_town.path


def test_an_agency_moves_to_the_top_of_the_tree(world):
    agency_update(actor=world.sysadmin, agency=world.town_b, parent=None)
    town = Agency.objects.get(pk=world.town_b.pk)
    assert town.parent is None and town.path == f"{town.pk:06d}/"
    assert not supervises(world.supervisor, town)
    assert_paths_consistent()


@pytest.mark.parametrize("target_key", ["county", "town_a", "village_a"])
def test_an_agency_cannot_move_under_itself_or_its_own_descendants(world, target_key):
    paths = dict(Agency.objects.values_list("pk", "path"))
    with pytest.raises(InvalidChange, match="自己或它的下级"):
        agency_update(actor=world.sysadmin, agency=world.county, parent=getattr(world, target_key))
    assert dict(Agency.objects.values_list("pk", "path")) == paths
    assert not entries("agency.moved")


def test_an_agency_cannot_move_under_an_agency_of_a_lower_level(world):
    with pytest.raises(InvalidChange, match="下级的层级不能高于上级"):
        agency_update(actor=world.sysadmin, agency=world.town_b, parent=world.village_a)
    assert Agency.objects.get(pk=world.town_b.pk).parent == world.county


def test_a_move_refused_halfway_leaves_no_trace(world):
    """The rename is valid, the move is not: neither happens."""
    with pytest.raises(InvalidChange):
        agency_update(actor=world.sysadmin, agency=world.town_b, name="石桥镇", parent=world.office)
    town = Agency.objects.get(pk=world.town_b.pk)
    assert (town.name, town.parent) == ("石桥镇人民政府", world.county)
    assert not AuditEntry.objects.filter(kind__startswith="agency.").exists()


def test_a_move_reads_the_new_parents_path_from_the_database(world):
    """A parent object read before another move must not leave a stale path behind."""
    stale_town_b = Agency.objects.get(pk=world.town_b.pk)
    agency_update(actor=world.sysadmin, agency=world.town_b, parent=world.other_county)
    agency_update(actor=world.sysadmin, agency=world.town_a, parent=stale_town_b)
    assert_paths_consistent()
    assert Agency.objects.get(pk=world.village_a.pk).is_within(world.other_county)
