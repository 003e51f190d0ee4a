"""The audit log viewer: newest first, paginated, filtered by agency, person, kind, date."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts.testing import sign_in
from gongkai.audit.models import AuditEntry
from gongkai.audit.selectors import audit_entry_list
from gongkai.audit.services import audit_record

pytestmark = pytest.mark.django_db

LIST = reverse("audit:index")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def log(world, time_machine):
    """A small history across two counties, at known local times."""

    def record(when, kind, actor, agency=None, note=""):
        time_machine.move_to(when, tick=False)
        return audit_record(kind=kind, actor=actor, agency=agency, note=note)

    entries = {
        "login": record(at(20, 8), "auth.login", world.drafter),
        "a_item": record(at(21, 10), "item.published", world.drafter, world.town_a),
        "village": record(at(21, 23, 30), "item.published", world.drafter, world.village_a),
        "b_item": record(at(22, 0, 30), "item.drafted", world.sysadmin, world.town_b),
        "other": record(at(22, 9), "item.published", world.other_supervisor, world.other_town),
        "role": record(at(23, 9), "membership.added", world.sysadmin, world.town_a),
    }
    time_machine.move_to(at(23, 12), tick=False)
    return entries


def shown(response):
    return [e.pk for e in response.context["page"]]


def ids(*entries):
    return [e.pk for e in entries]


def test_the_auditor_sees_every_entry_newest_first(client, world, log):
    sign_in(client, world.auditor)
    response = client.get(LIST)
    assert shown(response) == ids(
        log["role"], log["other"], log["b_item"], log["village"], log["a_item"], log["login"]
    )


def test_a_supervisor_sees_only_the_agencies_of_their_county(client, world, log):
    sign_in(client, world.supervisor)
    response = client.get(LIST)
    assert shown(response) == ids(log["role"], log["b_item"], log["village"], log["a_item"])


def test_the_other_countys_supervisor_sees_only_theirs(client, world, log):
    sign_in(client, world.other_supervisor)
    assert shown(client.get(LIST)) == ids(log["other"])


def test_filtering_by_agency_includes_the_agencies_below_it(client, world, log):
    sign_in(client, world.auditor)
    response = client.get(LIST, {"agency": world.town_a.pk})
    assert shown(response) == ids(log["role"], log["village"], log["a_item"])


def test_a_supervisor_cannot_filter_their_way_into_another_county(client, world, log):
    sign_in(client, world.supervisor)
    response = client.get(LIST, {"agency": world.other_town.pk})
    # The choice is not offered, so the filter is ignored with an error, not widened.
    assert "agency" in response.context["form"].errors
    assert log["other"].pk not in shown(response)


def test_filtering_by_person(client, world, log):
    sign_in(client, world.auditor)
    response = client.get(LIST, {"actor": world.sysadmin.pk})
    assert shown(response) == ids(log["role"], log["b_item"])


def test_filtering_by_a_kind_or_a_whole_family_of_kinds(client, world, log):
    sign_in(client, world.auditor)
    exact = client.get(LIST, {"kind": "item.published"})
    assert shown(exact) == ids(log["other"], log["village"], log["a_item"])
    family = client.get(LIST, {"kind": "item"})
    assert shown(family) == ids(log["other"], log["b_item"], log["village"], log["a_item"])


def test_dates_are_whole_local_days_both_ends_included(client, world, log):
    sign_in(client, world.auditor)
    response = client.get(LIST, {"date_from": "2026-11-21", "date_to": "2026-11-21"})
    # 23:30 on the 21st in Shanghai is the 21st, though it is 15:30 UTC; 00:30 on the
    # 22nd is not, though it is still the 21st in UTC.
    assert shown(response) == ids(log["village"], log["a_item"])


def test_a_mistyped_date_is_pointed_out_and_the_other_filters_still_apply(client, world, log):
    sign_in(client, world.auditor)
    response = client.get(LIST, {"date_from": "21.11.2026", "kind": "auth.login"})
    assert "date_from" in response.context["form"].errors
    assert shown(response) == ids(log["login"])


def test_an_end_date_before_the_start_date_is_refused(client, world, log):
    sign_in(client, world.auditor)
    response = client.get(LIST, {"date_from": "2026-11-22", "date_to": "2026-11-21"})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_kinds_are_named_in_chinese(client, world, log):
    sign_in(client, world.auditor)
    page = client.get(LIST).content.decode()
    assert "添加岗位" in page and "登录" in page


def test_fifty_entries_a_page_and_the_links_keep_the_filters(client, world):
    for i in range(60):
        audit_record(kind="test.bulk", note=str(i))
    sign_in(client, world.auditor)
    first = client.get(LIST, {"kind": "test.bulk"})
    assert len(first.context["page"]) == 50
    assert [e.note for e in first.context["page"]][:2] == ["59", "58"]
    assert "kind=test.bulk&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"kind": "test.bulk", "page": 2})
    assert [e.note for e in second.context["page"]][-1] == "0"
    assert len(second.context["page"]) == 10


def test_one_entry_shows_what_changed_from_what(client, world):
    entry = audit_record(
        kind="person.unlocked",
        actor=world.security,
        obj=world.drafter,
        before={"failed_logins": 5},
        after={"failed_logins": 0},
    )
    sign_in(client, world.auditor)
    page = client.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "解除锁定" in page and "&quot;failed_logins&quot;: 5" in page


def test_a_supervisor_gets_not_found_for_entries_outside_their_county(client, world, log):
    sign_in(client, world.supervisor)
    assert client.get(reverse("audit:detail", args=[log["a_item"].pk])).status_code == 200
    assert client.get(reverse("audit:detail", args=[log["other"].pk])).status_code == 404
    assert client.get(reverse("audit:detail", args=[log["login"].pk])).status_code == 404


def test_viewing_the_log_changes_nothing_in_it(client, world, log):
    before = list(AuditEntry.objects.values())
    sign_in(client, world.auditor)
    client.get(LIST)
    client.get(reverse("audit:detail", args=[log["role"].pk]))
    assert list(AuditEntry.objects.values()) == before


def test_the_selector_refuses_people_who_may_not_read_the_log(world):
    from gongkai.accounts.errors import NotAllowed

    for who in ("drafter", "security", "sysadmin"):
        with pytest.raises(NotAllowed):
            audit_entry_list(viewer=getattr(world, who))


def test_a_supervisor_role_in_a_township_office_reads_only_that_township(world):
    """An office under a township (no county above it in the role) scopes to its parent."""
    from gongkai.accounts.testing import make_person
    from gongkai.agencies.models import Agency, Kind, Level

    office = Agency.objects.create(
        name="青石镇党政办", slug="qs-office", level=Level.TOWNSHIP,
        kind=Kind.OPEN_GOVERNMENT_OFFICE, parent=world.town_a,
    )  # fmt: skip
    person = make_person("town_super", roles=[(office, "supervisor_admin")])
    mine = audit_record(kind="x.y", agency=world.village_a)
    audit_record(kind="x.y", agency=world.town_b)
    assert list(audit_entry_list(viewer=person)) == [mine]


def test_the_day_boundaries_use_the_sites_time_zone(world, time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 0, 0, tzinfo=SHANGHAI), tick=False)
    midnight = audit_record(kind="x.y")
    time_machine.move_to(midnight.at - timedelta(seconds=1), tick=False)
    before = audit_record(kind="x.y")
    from datetime import date

    day = date(2026, 11, 22)
    found = list(audit_entry_list(viewer=world.auditor, date_from=day, date_to=day))
    assert midnight in found and before not in found
