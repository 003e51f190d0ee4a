"""The indicators on a generated site with known defects, the pages and their permissions,
the printable report and the dashboard card."""

import datetime as dt
import re
from types import SimpleNamespace

import pypdfium2
import pytest
from django.test import Client

from gongkai.catalog.models import CatalogEntry, Mode
from gongkai.catalog.services import catalog_install_starter
from gongkai.inspection import selectors
from gongkai.publishing import services
from gongkai.publishing.models import Item, ItemKind, PatrolFinding
from gongkai.publishing.patrol import patrol
from gongkai.publishing.selectors import public_items
from gongkai.publishing.services import Content
from gongkai.web.selectors import dashboard_cards

from .conftest import record_probes

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 9, 21)


@pytest.fixture(autouse=True)
def no_interaction(monkeypatch):
    """Unless a test says otherwise the interaction app is absent (it is being built
    alongside): the indicator must say so, not count zero."""
    monkeypatch.setattr(selectors, "unanswered_selector", lambda: None)


def with_messages(monkeypatch, rows) -> None:
    monkeypatch.setattr(selectors, "unanswered_selector", lambda: lambda agencies, on: rows)


def publish(agency, people, entry, title, generated_on, body="<p>详见正文。</p>") -> Item:
    item = services.item_create(
        actor=people.drafter,
        agency=agency,
        kind=ItemKind.INFO,
        content=Content(title=title, generated_on=generated_on, body_html=body),
        catalog_entry=entry,
    )
    revision = item.revisions.get()
    services.submit(actor=people.drafter, revision=revision)
    for person in (people.reviewer, people.head, people.secrecy, people.final):
        services.approve(actor=person, revision=revision)
    services.publish_now(actor=people.head, revision=revision)
    item.refresh_from_db()
    return item


def leaves(agency) -> int:
    return (
        CatalogEntry.objects.filter(agency=agency, is_active=True, mode=Mode.PROACTIVE)
        .exclude(children__isnull=False)
        .count()
    )


@pytest.fixture
def defective(world, chains, on):
    """青石镇: the township starter catalogue, three columns used, the last publication
    three weeks before TODAY, one item published late, one dead own-site link."""
    town = world.town_a
    on(D(2026, 1, 5))
    catalog_install_starter(actor=world.drafter, agency=town)
    entry = {e.code: e for e in CatalogEntry.objects.filter(agency=town)}
    # Idle since January: 预警信息 has the default window of 6 months.
    publish(town, chains.a, entry["t12-02"], "青石镇防汛预警信息", D(2026, 1, 5))
    # Formed 1 July, due 29 July (20 working days), published 3 August: late.
    on(D(2026, 8, 3))
    late = publish(town, chains.a, entry["t01-01"], "青石镇村规民约管理办法", D(2026, 7, 1))
    # The last publication, three weeks before TODAY, links to a page that does not exist.
    on(D(2026, 8, 31))
    linked = publish(
        town,
        chains.a,
        entry["t16-08"],
        "青石镇八月临时救助情况",
        D(2026, 8, 28),
        body='<p>名单详见<a href="/gk/no-such-page/">公示页面</a>。</p>',
    )
    patrol(items=public_items(town))
    on(TODAY)
    return SimpleNamespace(town=town, late=late, linked=linked, entry=entry)


@pytest.fixture
def tidy(world, chains, on):
    """石桥镇: two columns, both updated last week, on time."""
    town = world.town_b
    news = CatalogEntry.objects.create(agency=town, code="n1", name="工作动态", position=1)
    notices = CatalogEntry.objects.create(agency=town, code="n2", name="通知公告", position=2)
    on(D(2026, 9, 14))
    publish(town, chains.b, news, "石桥镇召开秋季防火工作会议", D(2026, 9, 11))
    publish(town, chains.b, notices, "石桥镇关于秋季防火的通告", D(2026, 9, 10))
    on(TODAY)
    return town


def by_code(report) -> dict:
    return {f.code: f for f in report.findings}


def test_each_defect_of_the_generated_site_is_found_and_nothing_else(defective):
    assert PatrolFinding.objects.filter(item=defective.linked, rule="C-4").count() == 1
    report = selectors.inspect_agency(defective.town, TODAY)
    found = by_code(report)
    assert sorted(found) == ["I-1", "I-2", "I-3", "I-4", "I-6", "I-7", "I-8"]
    # 站点无法访问: no probe has run on this site yet: said so, not judged.
    assert found["I-8"].severity == "notice" and "尚未判定" in found["I-8"].message
    # 空白栏目: every proactive leaf but the three used; a veto.
    blank = found["I-1"]
    assert blank.severity == "veto" and blank.count == leaves(defective.town) - 3 >= 5
    assert f"#entry-{defective.entry['t01-02'].pk}" in " ".join(d.url for d in blank.details)
    assert blank.url == "/catalog/a/qingshi/"
    # 栏目更新不及时: only the January column.
    assert found["I-2"].count == 1 and "预警信息和应对情况" in found["I-2"].details[0].text
    # 首页长期不更新: 21 days.
    assert found["I-3"].severity == "veto" and "21 天" in found["I-3"].message
    # 链接不可用: the dead link, fixed on the item's page.
    assert found["I-4"].count == 1
    assert found["I-4"].details[0].url == f"/publishing/items/{defective.linked.pk}/"
    # 互动回应: not installed, said so.
    assert found["I-6"].severity == "notice" and "互动交流未启用" in found["I-6"].message
    # 信息发布超期: the one late item.
    late = found["I-7"]
    assert late.count == 1 and late.details[0].url == f"/publishing/items/{defective.late.pk}/"
    assert "2026年7月29日" in late.details[0].text
    assert report.vetoed and not report.passed
    assert report.score == 100 - 2 - 1 - 1


def test_a_tidy_agency_gets_a_clean_report(tidy, monkeypatch):
    record_probes(TODAY, 7 * 48, 0)
    report = selectors.inspect_agency(tidy, TODAY)
    assert [(f.code, f.severity) for f in report.findings] == [("I-6", "notice")]
    assert report.passed and report.score == 100 and report.problems == ()
    with_messages(monkeypatch, [])
    assert selectors.inspect_agency(tidy, TODAY).findings == ()


def test_an_unpublished_overdue_item_counts_as_late(world, tidy, chains, on):
    services.item_create(
        actor=chains.b.drafter,
        agency=tidy,
        kind=ItemKind.INFO,
        content=Content(title="石桥镇八月份低保名单", generated_on=D(2026, 8, 3)),
    )
    found = by_code(selectors.inspect_agency(tidy, TODAY))
    assert found["I-7"].count == 1 and "尚未发布" in found["I-7"].details[0].text


def test_unanswered_messages_from_the_interaction_app(tidy, monkeypatch):
    def row(pk, overdue, old):
        return SimpleNamespace(
            agency=tidy,
            due=SimpleNamespace(date=D(2026, 6, 1)),  # a DueDate
            overdue=overdue,
            over_three_months=old,
            message=SimpleNamespace(pk=pk, title=f"留言{pk}"),
        )

    with_messages(monkeypatch, [row(1, True, False), row(2, False, False)])
    finding = by_code(selectors.inspect_agency(tidy, TODAY))["I-6"]
    assert (finding.severity, finding.count, finding.points) == ("deduction", 1, 2)
    with_messages(monkeypatch, [row(1, True, False), row(3, True, True)])
    report = selectors.inspect_agency(tidy, TODAY)
    assert by_code(report)["I-6"].severity == "veto" and report.vetoed


def test_a_serious_error_found_by_the_patrol_is_a_veto(tidy):
    item = Item.objects.filter(agency=tidy).first()
    moment = dt.datetime(2026, 9, 20, tzinfo=dt.UTC)
    PatrolFinding.objects.create(
        item=item,
        revision=item.published_revision,
        rule="C-1",
        severity="error",
        message="领导姓名有误",
        fingerprint="x",
        first_found_at=moment,
        last_found_at=moment,
    )
    report = selectors.inspect_agency(tidy, TODAY)
    assert [f.code for f in report.problems] == ["I-5"] and report.vetoed


def test_the_county_ranking_lists_every_supervised_agency_worst_first(world, defective, tidy):
    rows = selectors.inspect_county(world.supervisor, TODAY)
    slugs = [r.agency.slug for r in rows]
    assert set(slugs) == {"county", "qingshi", "qingshi-cun", "shiqiao"}  # not the office
    assert slugs[-1] == "shiqiao" and rows[-1].report.passed
    # From a root agency: it and everything under it (the township has more vetoes).
    below = selectors.inspect_county(world.town_a, TODAY)
    assert [r.agency.slug for r in below] == ["qingshi", "qingshi-cun"]


# --- pages --------------------------------------------------------------------------------


def client_for(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_agency_people_see_their_own_report_only(world, defective, tidy):
    client = client_for(world.drafter)
    page = client.get("/inspection/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "青石镇人民政府" in html and 'data-finding="I-1"' in html
    assert "石桥镇人民政府" not in html
    assert f"/catalog/a/qingshi/#entry-{defective.entry['t01-02'].pk}" in html
    assert client.get("/inspection/qingshi/").status_code == 200
    assert client.get("/inspection/shiqiao/").status_code == 403
    assert client.get("/inspection/shiqiao/report.pdf").status_code == 403


def test_the_supervisor_sees_the_ranking_and_every_supervised_report(world, defective, tidy):
    client = client_for(world.supervisor)
    html = client.get("/inspection/").content.decode()
    assert 'href="/inspection/qingshi/"' in html and 'href="/inspection/shiqiao/"' in html
    assert "yuanshan" not in html
    assert html.index('data-agency="qingshi"') < html.index('data-agency="shiqiao"')
    assert client.get("/inspection/qingshi/").status_code == 200
    assert client.get("/inspection/yuanshan/").status_code == 403
    assert client_for(world.other_supervisor).get("/inspection/qingshi/").status_code == 403


def test_system_roles_and_strangers_are_refused(world, tidy):
    for person in (world.sysadmin, world.auditor, world.security):
        client = client_for(person)
        assert client.get("/inspection/").status_code == 403
        assert client.get("/inspection/shiqiao/").status_code == 403
    anonymous = Client().get("/inspection/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pdf))
    finally:
        pdf.close()


def test_the_printable_report_names_the_agency_and_every_finding(world, defective):
    client = client_for(world.supervisor)
    response = client.get("/inspection/qingshi/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "青石镇人民政府" in text and "不合格" in text
    for code in ("I-1", "I-2", "I-3", "I-4", "I-6", "I-7"):
        assert code in text
    docx = client.get("/inspection/qingshi/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_the_dashboard_card_counts_problems_and_says_there_is_a_veto(world, defective, tidy):
    cards = {c.key: c for c in dashboard_cards(world.drafter)}
    card = cards["inspection"]
    assert card.count == 5 and card.title == "站点检查：5 项问题（含否决项）"
    assert card.url == "/inspection/"
    assert "inspection" in {c.key for c in dashboard_cards(world.supervisor)}
    assert "inspection" not in {c.key for c in dashboard_cards(world.sysadmin)}


def test_no_card_for_an_agency_that_does_not_run_its_site_here(world):
    # 青石镇 has neither a catalogue nor anything published: the card stays away (the
    # ranking still lists it, failing).
    assert "inspection" not in {c.key for c in dashboard_cards(world.drafter)}
    rows = selectors.inspect_county(world.supervisor, TODAY)
    assert not any(r.report.passed for r in rows)


def test_with_the_real_interaction_app_an_old_message_is_a_veto(tidy, monkeypatch):
    from django.apps import apps

    if not apps.is_installed("gongkai.interaction"):
        pytest.skip("the interaction app is not installed")
    from gongkai.interaction.models import Channel, Message

    monkeypatch.undo()  # the real optional lookup, not the autouse stand-in
    assert selectors.unanswered_selector() is not None
    Message.objects.create(
        agency=tidy,
        reference="LY-TEST-1",
        channel=Channel.PORTAL,
        title="村道路灯坏了",
        body="请修一下。",
        received_at=D(2026, 5, 11),
        first_received_at=D(2026, 5, 11),
    )
    finding = by_code(selectors.inspect_agency(tidy, TODAY))["I-6"]
    assert finding.severity == "veto" and finding.count == 1
    message = Message.objects.get()
    assert finding.details[0].url == f"/interaction/{message.pk}/"
    assert "村道路灯坏了" in finding.details[0].text
