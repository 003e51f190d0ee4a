"""政务新媒体 accounts (registry, last update from channel records, indicators), the
availability probe and its indicator, and the ranking's bounded number of queries."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gongkai.accounts.errors import InvalidChange, NotAllowed
from gongkai.accounts.testing import make_person, sign_in
from gongkai.agencies.models import Agency, Level, Role
from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import CatalogEntry, Channel
from gongkai.inspection import probe, selectors, services
from gongkai.inspection.models import AccountState, NewMediaAccount, Platform, SiteProbe
from gongkai.interaction.models import Message
from gongkai.publishing.models import ChannelRecord, Item, PatrolFinding, Revision

from .conftest import BEIJING, record_probes

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 9, 21)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 21, 10, tzinfo=BEIJING))
    return TODAY


_seq = iter(range(1, 100_000))


def published_item(agency, entry, author, on: dt.date, title="信息") -> Item:
    """A public item written straight to the tables (the review chain is tested elsewhere)."""
    n = next(_seq)
    moment = dt.datetime(on.year, on.month, on.day, 9, tzinfo=BEIJING)
    item = Item.objects.create(
        agency=agency, catalog_entry=entry, kind="info", index_number=f"T-{n}",
        index_year=on.year, index_seq=n, state="published", first_published_at=moment,
        created_by=author,
    )  # fmt: skip
    revision = Revision.objects.create(
        item=item, number=1, title=title, generated_on=on, author=author, state="published",
        published_at=moment,
    )  # fmt: skip
    item.published_revision = revision
    item.save(update_fields=["published_revision"])
    return item


def add_account(agency, name, **fields) -> NewMediaAccount:
    fields.setdefault("platform", Platform.WECHAT)
    fields.setdefault("responsible", "王文书")
    return NewMediaAccount.objects.create(agency=agency, name=name, **fields)


@pytest.fixture
def media(world, today):
    """青石镇's accounts, one per situation. 石桥镇 has one stale account of its own."""
    town = world.town_a
    entry = CatalogEntry.objects.create(agency=town, code="n1", name="工作动态", position=1)
    item = published_item(town, entry, world.drafter, D(2026, 9, 18), "青石镇秋收简报")
    a = SimpleNamespace(
        fresh=add_account(town, "青石发布", last_update_on=D(2026, 9, 15)),
        # The clerk's date is old, but a channel record of 18 September points at it.
        by_record=add_account(
            town, "青石镇微博", platform=Platform.WEIBO, url="https://weibo.com/qingshi",
            last_update_on=D(2026, 6, 1),
        ),  # fmt: skip
        stale=add_account(town, "青石村务", platform=Platform.MINI_PROGRAM, last_update_on=D(2026, 9, 1)),
        unreachable=add_account(town, "青石服务", platform=Platform.APP, state=AccountState.UNREACHABLE,
                                last_update_on=D(2026, 9, 20)),
        closed_quietly=add_account(town, "青石旧号", state=AccountState.CLOSED, closed_on=D(2026, 3, 1)),
        closed_with_notice=add_account(
            town, "青石老号", platform=Platform.WEIBO, state=AccountState.CLOSED,
            closed_on=D(2026, 3, 1), closure_notice_url="https://weibo.com/qslh/notice",
        ),
        other=add_account(world.town_b, "石桥发布", last_update_on=D(2026, 8, 1)),
    )  # fmt: skip
    ChannelRecord.objects.create(
        item=item, channel=Channel.NEW_MEDIA, date=D(2026, 9, 18),
        link="https://weibo.com/qingshi/5012345",
    )  # fmt: skip
    # A record for another host is nobody's update.
    ChannelRecord.objects.create(
        item=item, channel=Channel.NEW_MEDIA, date=D(2026, 9, 19), link="https://example.com/x"
    )
    a.town = town
    return a


def by_code(report) -> dict:
    return {f.code: f for f in report.findings}


def test_each_new_media_defect_is_found_and_nothing_else(media):
    report = selectors.inspect_agency(media.town, TODAY)
    found = by_code(report)
    stale = found["I-9"]
    assert stale.severity == "veto" and stale.count == 1
    assert "青石村务" in stale.details[0].text and "20 天" in stale.details[0].text
    assert stale.details[0].url == f"/inspection/qingshi/new-media/{media.stale.pk}/"
    broken = found["I-10"]
    assert broken.count == 2 and broken.points == 10
    texts = " ".join(d.text for d in broken.details)
    assert "青石服务" in texts and "无法访问" in texts and "青石旧号" in texts
    assert "青石老号" not in texts and "青石发布" not in texts and "青石镇微博" not in texts
    assert broken.url == "/inspection/qingshi/new-media/"
    # 石桥镇's stale account is 石桥镇's problem only.
    assert "石桥发布" not in " ".join(d.text for f in report.findings for d in f.details)


def test_a_channel_record_pointing_at_an_account_counts_as_its_update(media):
    accounts = list(NewMediaAccount.objects.filter(agency=media.town))
    last = selectors.account_last_updates(accounts)
    assert last[media.by_record.pk] == D(2026, 9, 18)
    assert last[media.fresh.pk] == D(2026, 9, 15)  # no record points at it: the clerk's date


def test_the_ranking_lists_the_new_media_veto(client, media, world):
    sign_in(client, world.supervisor)
    html = client.get("/inspection/").content.decode()
    row = html[html.index('data-agency="qingshi"') :]
    assert "政务新媒体更新不及时" in row[: row.index("</tr>")]


# --- the registry page -------------------------------------------------------------------------


def test_a_clerk_registers_an_account_and_the_change_is_audited(client, world, today):
    sign_in(client, world.drafter)
    url = "/inspection/qingshi/new-media/"
    assert client.get(url).status_code == 200
    r = client.post(url, {
        "name": "青石发布", "platform": "wechat", "url": "https://mp.weixin.qq.com/qs",
        "responsible": "王文书", "last_update_on": "2026-09-20", "state": "active",
    })  # fmt: skip
    assert r.status_code == 302
    account = NewMediaAccount.objects.get()
    assert account.agency == world.town_a and account.last_update_on == D(2026, 9, 20)
    entry = AuditEntry.objects.get(kind="inspection.account_saved")
    assert entry.actor == world.drafter and entry.after["name"] == "青石发布"
    r = client.post(f"{url}{account.pk}/", {
        "name": "青石发布", "platform": "wechat", "responsible": "王文书",
        "state": "closed", "closed_on": "2026-09-21",
    })  # fmt: skip
    assert r.status_code == 302
    entry = AuditEntry.objects.filter(kind="inspection.account_saved").latest("id")
    assert entry.before["state"] == "active" and entry.after["state"] == "closed"
    assert "青石发布" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "请填写账号名称。"),
        ({"responsible": ""}, "请填写负责人。"),
        ({"platform": "myspace"}, "请选择平台。"),
        ({"last_update_on": "2026-13-01"}, "请按 2026-09-21 的格式填写日期。"),
        ({"last_update_on": "2026-09-30"}, "最近更新日期不能晚于今天。"),
        ({"url": "javascript:alert(1)"}, "账号地址应以 http:// 或 https:// 开头。"),
        ({"state": "closed"}, "已关停的账号请填写关停日期。"),
    ],
)
def test_bad_registry_input_is_refused_in_chinese(client, world, today, changes, message):
    sign_in(client, world.drafter)
    data = {"name": "青石发布", "platform": "wechat", "responsible": "王文书", "state": "active"}
    data.update(changes)
    r = client.post("/inspection/qingshi/new-media/", data)
    assert r.status_code == 400 and message in r.content.decode()
    assert not NewMediaAccount.objects.exists()
    assert not AuditEntry.objects.filter(kind="inspection.account_saved").exists()


def test_a_duplicate_account_is_refused(world, today):
    add_account(world.town_a, "青石发布")
    with pytest.raises(InvalidChange, match="同名账号"):
        services.account_save(
            actor=world.drafter, agency=world.town_a, name="青石发布", platform=Platform.WECHAT,
            responsible="李",
        )  # fmt: skip


def test_other_agencies_and_counties_cannot_see_or_change_the_registry(client, world, today):
    account = add_account(world.town_a, "青石发布")
    clerk_b = make_person("clerk_b", roles=[(world.town_b, Role.DRAFTER)])
    for person in (clerk_b, world.other_supervisor):
        sign_in(client, person)
        assert client.get("/inspection/qingshi/new-media/").status_code == 403
        r = client.post(
            f"/inspection/qingshi/new-media/{account.pk}/",
            {"name": "被改了", "platform": "wechat", "responsible": "x", "state": "active"},
        )
        assert r.status_code == 403
    with pytest.raises(NotAllowed):
        services.account_save(
            actor=world.other_supervisor, agency=world.town_a, account=account, name="被改了",
            platform=Platform.WECHAT, responsible="x",
        )  # fmt: skip
    # An account of 青石镇 cannot be reached through 石桥镇's address either.
    sign_in(client, clerk_b)
    assert client.get(f"/inspection/shiqiao/new-media/{account.pk}/").status_code == 404
    assert NewMediaAccount.objects.get().name == "青石发布"
    # The county's office may.
    sign_in(client, world.supervisor)
    assert client.get("/inspection/qingshi/new-media/").status_code == 200


# --- the availability probe --------------------------------------------------------------------


def test_the_probe_checks_the_home_page_in_process_once_per_slot(world, today, settings):
    settings.GONGKAI_PROBE_URL = ""
    row = probe.probe()
    assert row is not None and row.ok and row.url == "/" and row.status == 200
    assert probe.probe() is None  # the same 30 minutes: nothing more
    assert SiteProbe.objects.count() == 1
    later = timezone.now() + dt.timedelta(minutes=30)
    assert probe.probe(now=later) is not None and SiteProbe.objects.count() == 2


def test_a_slow_or_failing_answer_is_down_and_old_rows_are_pruned(world, today):
    old = timezone.now() - dt.timedelta(days=probe.KEEP_DAYS + 1)
    SiteProbe.objects.create(slot=probe.slot_of(old), checked_at=old, url="/", ok=True)
    row = probe.probe(fetch=lambda url: probe.Outcome(200, probe.TIMEOUT_SECONDS))
    assert row is not None and not row.ok and "15 秒" in row.error
    assert not probe.Outcome(500, 0.1).ok and not probe.Outcome(None, 0.1, "refused").ok
    assert SiteProbe.objects.count() == 1  # the 91-day-old row is gone


class _Handler(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):  # noqa: N802
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write("首页".encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_with_a_probe_url_the_site_is_asked_over_http(world, today, settings, local_site):
    settings.GONGKAI_PROBE_URL = local_site
    row = probe.probe()
    assert row.ok and row.url == local_site
    _Handler.status = 502
    try:
        row = probe.probe(now=timezone.now() + dt.timedelta(minutes=30))
    finally:
        _Handler.status = 200
    assert not row.ok and row.status == 502
    settings.GONGKAI_PROBE_URL = "http://127.0.0.1:9/"  # nothing listens: refused
    row = probe.probe(now=timezone.now() + dt.timedelta(minutes=60))
    assert not row.ok and row.status is None and row.error


def test_the_share_of_failed_probes_decides_the_veto(world, today, client):
    record_probes(TODAY, 7 * 48, 17)
    # Older failures are outside the week and do not count.
    record_probes(D(2026, 9, 10), 48, 48)
    found = probe.availability(TODAY)
    assert (found.total, found.failed) == (336, 17) and found.vetoed
    finding = by_code(selectors.inspect_agency(world.town_a, TODAY))["I-8"]
    assert finding.severity == "veto" and finding.url == "/inspection/availability/"
    sign_in(client, world.supervisor)
    html = client.get("/inspection/availability/").content.decode()
    assert 'data-col="failed">17<' in html and "单项否决" in html
    SiteProbe.objects.filter(ok=False, slot__gte=found.since).order_by("slot").first().delete()
    assert "I-8" not in by_code(selectors.inspect_agency(world.town_a, TODAY))


def test_the_probe_runs_every_thirty_minutes_on_the_worker():
    from gongkai.inspection.tasks import site_probe

    runs = [dt.datetime(2026, 9, 21, 10, m) for m in range(60)]
    assert [t.minute for t in runs if site_probe.task_class().validate_datetime(t)] == [0, 30]
    assert site_probe.name == "inspection.site_probe"


def test_visitors_and_system_roles_do_not_see_the_probes(client, world):
    assert client.get("/inspection/availability/").status_code == 302
    client.force_login(world.sysadmin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/inspection/availability/").status_code == 403


# --- the ranking's queries ---------------------------------------------------------------------


def _town_with_everything(county, author, i: int) -> Agency:
    town = Agency.objects.create(
        name=f"第{i}镇", slug=f"town-{i}", level=Level.TOWNSHIP, parent=county
    )
    news = CatalogEntry.objects.create(agency=town, code="n1", name="工作动态", position=1)
    CatalogEntry.objects.create(agency=town, code="n2", name="通知公告", position=2)
    CatalogEntry.objects.create(agency=town, code="n3", name="领导信息", position=3, parent=news)
    item = published_item(town, news, author, D(2026, 9, 1))
    PatrolFinding.objects.create(
        item=item, revision=item.published_revision, rule="C-4", severity="warning",
        message="链接无法打开", fingerprint=f"f{i}", first_found_at=timezone.now(),
        last_found_at=timezone.now(),
    )  # fmt: skip
    waiting = Item.objects.create(
        agency=town, catalog_entry=news, kind="info", index_number=f"W-{i}", index_year=2026,
        index_seq=i, state="draft", created_by=author,
    )  # fmt: skip
    Revision.objects.create(
        item=waiting, number=1, title="待发布", generated_on=D(2026, 6, 1), author=author
    )
    # A draft its writer gave up: no deadline, not late.
    discarded = Item.objects.create(
        agency=town, catalog_entry=news, kind="info", index_number=f"X-{i}", index_year=2026,
        index_seq=1000 + i, state="discarded", created_by=author,
    )  # fmt: skip
    Revision.objects.create(
        item=discarded, number=1, title="放弃的稿件", generated_on=D(2026, 5, 1), author=author
    )
    account = add_account(town, f"第{i}镇发布", url=f"https://weibo.com/t{i}")
    ChannelRecord.objects.create(
        item=item, channel=Channel.NEW_MEDIA, date=D(2026, 9, 2), link=account.url + "/1"
    )
    Message.objects.create(
        agency=town, reference=f"R{i}", channel="portal", title="留言", body="内容",
        received_at=D(2026, 6, 1), first_received_at=D(2026, 6, 1),
    )  # fmt: skip
    return town


@pytest.mark.parametrize("n", [5, 30])
def test_the_county_ranking_costs_the_same_queries_for_5_or_30_agencies(
    world, today, n, django_assert_max_num_queries, client
):
    for i in range(n):
        _town_with_everything(world.county, world.drafter, i)
    record_probes(TODAY, 48, 0)
    selectors.inspect_county(world.supervisor, TODAY)  # the calendar is cached per process
    with django_assert_max_num_queries(17):
        rows = selectors.inspect_county(world.supervisor, TODAY)
    towns = [r for r in rows if r.agency.slug.startswith("town-")]
    assert len(towns) == n
    for row in towns:
        found = by_code(row.report)
        # Each town: an overdue message past 3 months, a dead link, an unpublished item
        # past its deadline, a stale account (its record of 2 September is 19 days old).
        assert {"I-4", "I-6", "I-7", "I-9"} <= set(found)
        assert found["I-6"].count == 1 and found["I-4"].count == 1 and found["I-7"].count == 1
    sign_in(client, world.supervisor)
    client.get("/inspection/")
    with django_assert_max_num_queries(45):
        html = client.get("/inspection/").content.decode()
    assert html.count('data-agency="town-') == n


def test_the_batch_reads_what_each_apps_own_selectors_read(world, today):
    """The ranking reads many agencies at once with its own queries: they must keep giving
    what the apps' per-agency selectors give (public catalogue, overdue drafts)."""
    from gongkai.catalog.selectors import public_catalog
    from gongkai.publishing.selectors import due_items

    towns = [_town_with_everything(world.county, world.drafter, i) for i in range(3)]
    batch = selectors._batch(towns, TODAY)
    for town in towns:
        site = batch.sites[town.pk]
        expected = [n.entry.code for n in selectors._leaves(public_catalog(town))]
        assert [c.code for c in site.columns] == expected
        overdue = sorted(r.revision.title for r in due_items(town, TODAY) if r.status == "overdue")
        assert sorted(p.title for p in site.publications if p.published_on is None) == overdue
