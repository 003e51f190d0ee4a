"""Starter catalogues, entry writes, permissions, the guide, audit entries."""

from __future__ import annotations

import pytest

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import make_person
from gongkai.agencies.models import Role
from gongkai.audit.kinds import kind_label
from gongkai.audit.models import AuditEntry
from gongkai.catalog import selectors, services
from gongkai.catalog.data import TOWNSHIP
from gongkai.catalog.models import CatalogEntry, Channel, GuideVersion

pytestmark = pytest.mark.django_db

ARTICLE_20_ITEMS = [f"第二十条第（{n}）项" for n in "一二三四五六七八九十"] + [
    f"第二十条第（十{n}）项" for n in "一二三四五"
]


def test_township_starter_has_every_kind_of_article_20_and_21(world):
    created = services.catalog_install_starter(actor=world.drafter, agency=world.town_a)
    tops = list(CatalogEntry.objects.filter(agency=world.town_a, parent=None))
    assert created == CatalogEntry.objects.filter(agency=world.town_a).count()
    bases = " ".join(e.basis for e in tops)
    for item in ARTICLE_20_ITEMS:
        assert item in bases, item
    assert "第二十一条" in bases
    names = {e.name for e in CatalogEntry.objects.filter(agency=world.town_a)}
    for name in ("机构设置和职能", "本级规范性文件", "财政预算", "社会救助",
                 "农村土地承包经营权流转", "宅基地使用情况审核", "土地征收"):  # fmt: skip
        assert name in names
    # Two levels, every 一级 has children, positions 1..n among siblings.
    for top in tops:
        children = list(top.children.order_by("position"))
        assert children
        assert [c.position for c in children] == list(range(1, len(children) + 1))
        assert all(not c.children.exists() for c in children)
    assert all(e.body == world.town_a.name for e in tops)
    assert all(set(e.channels) <= set(Channel.values) for e in tops)


def test_village_starter_covers_three_kinds_of_disclosure(world):
    services.catalog_install_starter(actor=world.supervisor, agency=world.village_a, kind="village")
    tops = [e.name for e in CatalogEntry.objects.filter(agency=world.village_a, parent=None)]
    assert tops == ["村务公开", "党务公开", "财务公开"]
    names = set(CatalogEntry.objects.filter(agency=world.village_a).values_list("name", flat=True))
    assert {"党费收缴", "财务收支明细", "债权债务", "工程项目", "集体资产资源"} <= names


def test_starter_refuses_a_second_time_unless_merging(world):
    services.catalog_install_starter(actor=world.drafter, agency=world.town_a)
    count = CatalogEntry.objects.filter(agency=world.town_a).count()
    with pytest.raises(InvalidChange):
        services.catalog_install_starter(actor=world.drafter, agency=world.town_a)
    CatalogEntry.objects.filter(agency=world.town_a, code="t16-08").delete()
    assert (
        services.catalog_install_starter(actor=world.drafter, agency=world.town_a, merge=True) == 1
    )
    assert CatalogEntry.objects.filter(agency=world.town_a).count() == count
    assert len(TOWNSHIP) == CatalogEntry.objects.filter(agency=world.town_a, parent=None).count()


def _data(**extra):
    return {"name": "村级公益事业", "channels": ["website"], "audience": "public",
            "mode": "proactive", **extra}  # fmt: skip


def test_entry_create_update_move_delete_with_audit(world):
    top = services.entry_create(actor=world.drafter, agency=world.town_a, data=_data(name="一级"))
    a = services.entry_create(
        actor=world.drafter, agency=world.town_a, parent=top, data=_data(name="甲")
    )
    b = services.entry_create(
        actor=world.drafter, agency=world.town_a, parent=top, data=_data(name="乙")
    )
    assert (a.code, b.code) == (f"{top.code}-01", f"{top.code}-02")
    services.entry_update(
        actor=world.drafter, entry=a, data=_data(name="甲", deadline_working_days=5)
    )
    a.refresh_from_db()
    assert a.deadline_working_days == 5
    services.entry_move(actor=world.drafter, entry=b, direction="up")
    assert [e.name for e in top.children.order_by("position")] == ["乙", "甲"]
    with pytest.raises(InvalidChange):
        services.entry_move(actor=world.drafter, entry=b, direction="up")
    with pytest.raises(InvalidChange):
        services.entry_delete(actor=world.drafter, entry=top)  # has children
    services.entry_delete(actor=world.drafter, entry=a)
    kinds = list(
        AuditEntry.objects.filter(kind__startswith="catalog.").values_list("kind", flat=True)
    )
    assert set(kinds) == {"catalog.entry_created", "catalog.entry_updated",
                          "catalog.entry_moved", "catalog.entry_deleted"}  # fmt: skip
    updated = AuditEntry.objects.get(kind="catalog.entry_updated")
    assert updated.before == {"deadline_working_days": None}
    assert updated.after == {"deadline_working_days": 5}
    assert updated.agency == world.town_a
    for kind in ("catalog.entry_created", "catalog.imported", "catalog.starter_installed",
                 "guide.published", "catalog.entry_moved"):  # fmt: skip
        assert kind_label(kind) != kind


def test_depth_is_at_most_three(world):
    e1 = services.entry_create(actor=world.drafter, agency=world.town_a, data=_data(name="1"))
    e2 = services.entry_create(
        actor=world.drafter, agency=world.town_a, parent=e1, data=_data(name="2")
    )
    e3 = services.entry_create(
        actor=world.drafter, agency=world.town_a, parent=e2, data=_data(name="3")
    )
    with pytest.raises(InvalidChange):
        services.entry_create(
            actor=world.drafter, agency=world.town_a, parent=e3, data=_data(name="4")
        )


def test_validation_refuses_bad_values(world):
    for bad in (
        _data(name=""),
        _data(channels=["fax"]),
        _data(mode="x"),
        _data(deadline_working_days=0),
    ):
        with pytest.raises(InvalidChange):
            services.entry_create(actor=world.drafter, agency=world.town_a, data=bad)
    assert not CatalogEntry.objects.exists()


def test_permissions_matrix(world):
    head = make_person("head", roles=[(world.town_b, Role.DISCLOSURE_HEAD)])
    reviewer = make_person("reviewer", roles=[(world.town_a, Role.REVIEWER)])
    allowed = [(world.drafter, world.town_a), (head, world.town_b),
               (world.supervisor, world.town_a), (world.supervisor, world.town_b),
               (world.supervisor, world.village_a), (world.supervisor, world.county)]  # fmt: skip
    refused = [(world.drafter, world.town_b), (world.drafter, world.other_town),
               (head, world.town_a), (reviewer, world.town_a),
               (world.supervisor, world.other_town), (world.other_supervisor, world.town_a),
               (world.sysadmin, world.town_a), (world.auditor, world.town_a),
               (world.security, world.town_a)]  # fmt: skip
    for person, agency in allowed:
        services.entry_create(actor=person, agency=agency, data=_data())
    for person, agency in refused:
        with pytest.raises(NotAllowed):
            services.entry_create(actor=person, agency=agency, data=_data())
        with pytest.raises(NotAllowed):
            services.catalog_install_starter(actor=person, agency=agency)
        with pytest.raises(NotAllowed):
            services.guide_publish(actor=person, agency=agency, title="t", body_html="<p>x</p>")
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.entry_create(actor=AnonymousUser(), agency=world.town_a, data=_data())


def test_guide_versions_diff_and_staleness(world):
    v1 = services.guide_publish(actor=world.drafter, agency=world.town_a, title="指南",
                                body_html="<p>第一段</p><p>第二段</p><script>alert(1)</script>")  # fmt: skip
    assert "script" not in v1.body_html and v1.number == 1
    with pytest.raises(InvalidChange):
        services.guide_publish(
            actor=world.drafter, agency=world.town_a, title="指南", body_html=v1.body_html
        )
    v2 = services.guide_publish(actor=world.drafter, agency=world.town_a, title="指南",
                                body_html='<p>第一段</p><p>新的第二段</p><p onclick="x">第三段</p>', note="更新电话")  # fmt: skip
    assert v2.number == 2 and "onclick" not in v2.body_html
    assert selectors.current_guide(world.town_a) == v2
    assert GuideVersion.objects.get(number=1).body_html == v1.body_html  # kept as published
    diff = [(line.op, line.text) for line in services.guide_diff(v1, v2)]
    assert ("-", "第二段") in diff and ("+", "新的第二段") in diff and (" ", "第一段") in diff
    assert AuditEntry.objects.filter(kind="guide.published").count() == 2

    from datetime import timedelta

    from django.utils import timezone

    assert not selectors.stale_guides(365).exists()
    guide = v2.guide
    guide.reviewed_at = timezone.now() - timedelta(days=400)
    guide.save()
    assert list(selectors.stale_guides(365)) == [guide]
    services.guide_mark_reviewed(actor=world.drafter, agency=world.town_a)
    assert not selectors.stale_guides(365).exists()
    assert selectors.current_guide(world.town_b) is None


def test_public_catalog_hides_inactive(world):
    services.catalog_install_starter(actor=world.drafter, agency=world.town_a)
    top = CatalogEntry.objects.get(agency=world.town_a, code="t17")
    CatalogEntry.objects.filter(pk=top.pk).update(is_active=False)
    codes = [n.entry.code for n in selectors.flatten(selectors.public_catalog(world.town_a))]
    assert "t17" not in codes and "t17-01" not in codes and "t01" in codes


def test_dashboard_card_asks_for_a_review_after_a_year(world):
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.catalog.cards import guide_cards

    assert guide_cards(world.drafter) == []  # nothing published: no nagging on day one
    version = services.guide_publish(
        actor=world.drafter, agency=world.town_a, title="t", body_html="<p>x</p>"
    )
    assert guide_cards(world.drafter) == []
    version.guide.reviewed_at = timezone.now() - timedelta(days=400)
    version.guide.save()
    assert [c.count for c in guide_cards(world.drafter)] == [1]
    assert guide_cards(world.sysadmin) == []
