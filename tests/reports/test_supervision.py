"""The county's supervision of its agencies' annual reports: every agency's status, the
reminders, the summary, the charts and the export — and nobody else's county."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.accounts.models import SystemRole
from gongkai.audit.models import AuditEntry
from gongkai.reports import platform, reminders, supervision
from gongkai.reports.cards import supervision_cards
from gongkai.reports.models import CheckStatus, ReportReminder
from gongkai.reports.services import NotAllowed
from gongkai.reports.supervision import State
from gongkai.yearreports import selectors as yr_selectors
from gongkai.yearreports.models import DeadlineSetting

from .supervision_data import (
    PASSWORD,
    YEAR,
    build_world,
    figures,
    moment,
    person,
    platform_report,
    uploaded_check,
)

BEFORE = dt.date(YEAR + 1, 1, 15)
AFTER = dt.date(YEAR + 1, 2, 3)


@pytest.fixture
def world(db):
    return build_world()


def states(rows) -> dict[str, str]:
    return {r.agency.short_name or r.agency.name: r.state for r in rows}


# --------------------------------------------------------------------------------------------
# Statuses


def test_every_agency_gets_its_state_before_the_deadline(world):
    rows = supervision.statuses(world.c.gov, YEAR, on=BEFORE)
    assert states(rows) == {
        "示例县人民政府": State.NOT_STARTED,
        "青石镇": State.NOT_STARTED,
        "石桥镇": State.DRAFTING,
        "柳溪乡": State.IN_REVIEW,
        "桃源镇": State.PUBLISHED,
        "白沙镇": State.PUBLISHED_ERRORS,
        "红旗乡": State.PUBLISHED,
    }
    # Villages and the 政务公开办 publish no report of their own.
    names = {r.agency.name for r in rows}
    assert world.c.village.name not in names and world.c.office.name not in names
    by = {r.agency.short_name: r for r in rows}
    assert by["白沙镇"].errors == 2 and by["白沙镇"].check is not None
    assert by["桃源镇"].public_url and by["桃源镇"].source == supervision.SOURCE_PLATFORM


def test_after_the_deadline_every_unpublished_report_is_late(world):
    rows = supervision.statuses(world.c.gov, YEAR, on=AFTER)
    got = states(rows)
    assert got["青石镇"] == got["石桥镇"] == got["柳溪乡"] == State.LATE
    assert got["桃源镇"] == got["红旗乡"] == State.PUBLISHED
    late = {r.agency.short_name: r for r in rows}["石桥镇"]
    assert "起草中" in late.notes  # still says where the report is


def test_a_local_deadline_keeps_a_township_on_time(world):
    DeadlineSetting.objects.create(agency=world.c.b, month=3, day=31)
    got = states(supervision.statuses(world.c.gov, YEAR, on=AFTER))
    assert got["石桥镇"] == State.DRAFTING and got["青石镇"] == State.LATE


def test_a_platform_report_published_with_errors_or_late_says_so(world):
    platform_report(
        world.c.a,
        world.clerk_a,
        stage="published",
        published_on=dt.date(YEAR + 1, 2, 2),
        errors=1,
        report=figures(world.c.a.name, 1, 1),
    )
    row = {r.agency.short_name: r for r in supervision.statuses(world.c.gov, YEAR, on=AFTER)}[
        "青石镇"
    ]
    assert row.state == State.PUBLISHED_ERRORS
    assert any("逾期发布" in n for n in row.notes)


def test_an_upload_with_every_error_explained_or_unreadable(world):
    uploaded_check(
        world.c.a, world.sup, figures(world.c.a.name, 1, 1), missing_sections=1, unexplained=0
    )
    uploaded_check(world.c.gov, world.sup, None, status=CheckStatus.UNREADABLE)
    got = states(supervision.statuses(world.c.gov, YEAR, on=BEFORE))
    assert got["青石镇"] == State.PUBLISHED
    assert got["示例县人民政府"] == State.PUBLISHED_ERRORS


def test_the_bulk_deadlines_are_those_of_the_platform(world):
    DeadlineSetting.objects.create(agency=world.c.gov, month=2, day=28)
    DeadlineSetting.objects.create(agency=world.c.b, month=3, day=31)
    DeadlineSetting.objects.create(agency=None, month=1, day=20)
    agencies = [
        *supervision.reporting_agencies(world.c.gov),
        *supervision.reporting_agencies(world.other.gov),
    ]
    bulk = platform.deadlines(agencies, 2027)  # 2028 is a leap year: 2月28日 stays
    for agency in agencies:
        assert bulk[agency.pk] == yr_selectors.deadline_for(agency, 2027), agency.name


def test_a_county_governments_own_report_is_due_on_31_march_its_townships_on_31_january(world):
    due = platform.deadlines(supervision.reporting_agencies(world.c.gov), 2026)
    assert due[world.c.gov.pk] == dt.date(2027, 3, 31)  # 条例第五十条
    assert due[world.c.a.pk] == dt.date(2027, 1, 31)


def test_the_status_page_reads_the_same_few_queries_for_any_number_of_agencies(world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            supervision.statuses(world.c.gov, YEAR, on=BEFORE)
        return len(ctx.captured_queries)

    few = queries()
    for i in range(12):
        extra = type(world.c.a).objects.create(
            name=f"示例县新镇{i}人民政府", level="township", parent=world.c.gov, slug=f"new-{i}"
        )
        platform_report(extra, world.clerk_b, stage="drafting")
        uploaded_check(extra, world.sup, figures(extra.name, 1, 1))
    assert queries() == few <= 6


def test_the_status_page_itself_makes_as_many_queries_for_19_agencies_as_for_7(world, client):
    signed_in(client, world.sup)
    url = f"/reports/supervision/{YEAR}/"
    reminders.reminder_send(actor=world.sup, agencies=[world.c.a, world.c.b], year=YEAR)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)  # sessions, caches and the like settle on the first request
    seven = queries()
    for i in range(12):
        extra = type(world.c.a).objects.create(
            name=f"示例县新镇{i}人民政府", level="township", parent=world.c.gov, slug=f"new-{i}"
        )
        platform_report(extra, world.clerk_b, stage="published", published_on=BEFORE)
        uploaded_check(extra, world.sup, figures(extra.name, 1, 1))
        reminders.reminder_send(actor=world.sup, agencies=[extra], year=YEAR)
    assert queries() == seven


# --------------------------------------------------------------------------------------------
# Pages and permissions


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def row_states(html: str) -> dict[int, str]:
    return {int(pk): s for pk, s in re.findall(r'id="agency-(\d+)" data-state="(\w+)"', html)}


@time_machine.travel(moment(AFTER), tick=False)
def test_the_supervisor_sees_every_agency_on_one_page(world, client):
    signed_in(client, world.sup)
    response = client.get(f"/reports/supervision/{YEAR}/")
    assert response.status_code == 200
    html = response.content.decode()
    got = row_states(html)
    assert got[world.c.a.pk] == State.LATE and got[world.c.e.pk] == State.PUBLISHED_ERRORS
    assert world.other.a.pk not in got and len(got) == 7
    # The county government has not started either, but its own report is due on 31 March
    # (条例第五十条): on 3 February it is not late yet.
    assert "逾期 3" in html and got[world.c.gov.pk] == State.NOT_STARTED

    only_late = client.get(f"/reports/supervision/{YEAR}/?state=late").content.decode()
    assert set(row_states(only_late)) == {world.c.a.pk, world.c.b.pk, world.c.c.pk}
    by_errors = client.get(f"/reports/supervision/{YEAR}/?sort=errors").content.decode()
    assert next(iter(row_states(by_errors))) == world.c.e.pk
    found = client.get(f"/reports/supervision/{YEAR}/?q=柳溪").content.decode()
    assert set(row_states(found)) == {world.c.c.pk}


@pytest.mark.parametrize("who", ["other_sup", "clerk_a", "auditor"])
def test_nobody_else_sees_the_countys_reports(world, client, who):
    user = (
        person("auditor", system_role=SystemRole.AUDITOR)
        if who == "auditor"
        else getattr(world, who)
    )
    signed_in(client, user)
    gov = world.c.gov.pk
    for url in (
        f"/reports/supervision/{YEAR}/?scope={gov}",
        f"/reports/supervision/{YEAR}/summary/?scope={gov}",
        f"/reports/supervision/{YEAR}/charts/?scope={gov}",
        f"/reports/supervision/{YEAR}/export.csv?scope={gov}",
        f"/reports/supervision/{YEAR}/export.xlsx?scope={gov}",
        f"/reports/supervision/agency/{world.c.e.pk}/charts/",
    ):
        assert client.get(url).status_code in (403, 404), url
    response = client.post(
        f"/reports/supervision/{YEAR}/remind/", {"scope": gov, "agency": world.c.a.pk}
    )
    assert response.status_code in (403, 404)
    assert not ReportReminder.objects.exists() and not mail.outbox


def test_the_other_countys_supervisor_sees_only_their_own(world, client):
    signed_in(client, world.other_sup)
    html = client.get(f"/reports/supervision/{YEAR}/").content.decode()
    assert set(row_states(html)) == {a.pk for a in supervision.reporting_agencies(world.other.gov)}
    response = client.post(
        f"/reports/supervision/{YEAR}/remind/",
        {"scope": world.other.gov.pk, "agency": world.c.a.pk},
    )
    assert response.status_code == 403 and not ReportReminder.objects.exists()


def test_the_system_administrator_looks_but_does_not_remind(world, client):
    admin = person("sysadmin", system_role=SystemRole.SYSTEM_ADMIN)
    signed_in(client, admin)
    response = client.get(f"/reports/supervision/{YEAR}/?scope={world.c.gov.pk}")
    assert response.status_code == 200 and len(row_states(response.content.decode())) == 7
    assert "提醒全部" not in response.content.decode()
    with pytest.raises(NotAllowed):
        reminders.reminder_send(actor=admin, agencies=[world.c.a], year=YEAR)


# --------------------------------------------------------------------------------------------
# Reminders


@time_machine.travel(moment(BEFORE), tick=False)
def test_a_reminder_is_mailed_recorded_and_audited(world, client):
    signed_in(client, world.sup)
    response = client.post(f"/reports/supervision/{YEAR}/remind/", {"agency": world.c.a.pk})
    assert response.status_code == 302
    reminder = ReportReminder.objects.get()
    assert (reminder.agency, reminder.year, reminder.sent_by) == (world.c.a, YEAR, world.sup)
    assert reminder.status == "未开始"
    assert reminder.mailed == ["clerk_a", "head_a"] and reminder.not_mailed == ["nomail_a"]
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk_a@example.cn", "head_a@example.cn"]
    assert f"{YEAR}年政府信息公开工作年度报告" in mail.outbox[0].subject
    assert f"{YEAR + 1}年1月31日前发布" in mail.outbox[0].body
    entry = AuditEntry.objects.get(kind="reports.reminder_sent")
    assert entry.actor == world.sup and entry.agency_id == world.c.a.pk
    assert entry.after["to"] == ["clerk_a", "head_a"]

    page = client.get(response.url).content.decode()
    assert "nomail_a" in page  # the people who could not be mailed are named
    assert "由 ogo_admin 提醒（共 1 次）" in page and "再次提醒" in page


@time_machine.travel(moment(BEFORE), tick=False)
def test_not_twice_the_same_day_unless_asked(world, client):
    signed_in(client, world.sup)
    url = f"/reports/supervision/{YEAR}/remind/"
    client.post(url, {"agency": world.c.a.pk})
    client.post(url, {"agency": world.c.a.pk})
    assert ReportReminder.objects.count() == 1 and len(mail.outbox) == 2
    client.post(url, {"agency": world.c.a.pk, "again": "1"})
    assert ReportReminder.objects.count() == 2 and len(mail.outbox) == 4
    with time_machine.travel(moment(BEFORE + dt.timedelta(days=1)), tick=False):
        signed_in(client, world.sup)  # a day later the session has expired
        client.post(url, {"agency": world.c.a.pk})
    assert ReportReminder.objects.count() == 3


@time_machine.travel(moment(BEFORE), tick=False)
def test_remind_all_reaches_only_the_unpublished(world, client):
    signed_in(client, world.sup)
    client.post(f"/reports/supervision/{YEAR}/remind/", {"agency": "all"})
    names = set(ReportReminder.objects.values_list("agency__name", flat=True))
    assert names == {world.c.gov.name, world.c.a.name, world.c.b.name, world.c.c.name}
    assert AuditEntry.objects.filter(kind="reports.reminder_sent").count() == 4


# --------------------------------------------------------------------------------------------
# The dashboard card


def test_the_card_counts_the_unpublished_from_december_to_the_deadline(world, client):
    with time_machine.travel(moment(dt.date(YEAR + 1, 1, 20)), tick=False):
        [card] = supervision_cards(world.sup)
    assert card.count == 4 and card.needs_action
    assert f"/reports/supervision/{YEAR}/" in card.url
    # The last deadline is the county government's own, 31 March (条例第五十条).
    with time_machine.travel(moment(dt.date(YEAR + 1, 3, 31)), tick=False):
        assert len(supervision_cards(world.sup)) == 1
    with time_machine.travel(moment(dt.date(YEAR + 1, 4, 1)), tick=False):
        assert supervision_cards(world.sup) == []
    with time_machine.travel(moment(dt.date(YEAR + 1, 12, 2)), tick=False):
        [card] = supervision_cards(world.sup)  # the next year's: nobody has published yet
    assert card.count == 7 and f"/reports/supervision/{YEAR + 1}/" in card.url
    assert supervision_cards(world.clerk_a) == []
    with time_machine.travel(moment(dt.date(YEAR + 1, 1, 20)), tick=False):
        signed_in(client, world.sup)
        home = client.get("/").content.decode()
    assert "尚未发布年度报告的单位" in home and "7 个单位中 4 个尚未发布" in home


# --------------------------------------------------------------------------------------------
# Summary, charts, export


def test_the_summary_page_sums_the_reports_of_record(world, client):
    signed_in(client, world.sup)
    html = client.get(f"/reports/supervision/{YEAR}/summary/").content.decode()
    # 桃源镇 14 + 白沙镇 5 + 红旗乡 3 new applications; granted 10 + 5 + 1.
    assert re.search(r'data-location="table3\.new_received\.total"[^>]*>\s*22\s*<', html)
    assert re.search(r'data-location="table3\.granted\.total"[^>]*>\s*16\s*<', html)
    assert "汇总了 7 个单位中 3 个单位的报告" in html
    missing = re.search(r'id="missing".*?</div>', html, re.S).group(0)
    for name in ("青石镇", "石桥镇", "柳溪乡"):
        assert name in missing
    assert "✓ 汇总数据的勾稽关系正确" in html


def test_an_error_in_one_agency_shows_in_the_summary_checks(world, client):
    wrong = figures(world.c.a.name, 4, 2)
    wrong.table3["granted"]["total"] = 3  # the applicant columns say 2
    check = uploaded_check(world.c.a, world.sup, wrong)
    assert {f["rule"] for f in check.findings} == {"T3-2", "T3-3"}  # in 青石镇's own report
    signed_in(client, world.sup)
    html = client.get(f"/reports/supervision/{YEAR}/summary/").content.decode()
    assert "汇总数据有" in html and "T3-3" in html
    cell = re.search(r'<td[^>]*data-location="table3\.granted\.total"[^>]*>', html).group(0)
    assert "mark-error" in cell


def test_the_year_charts_carry_the_figures(world, client):
    signed_in(client, world.sup)
    html = client.get(f"/reports/supervision/{YEAR}/charts/").content.decode()
    assert html.count("<svg") == 3
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "桃源镇 · 本年新收申请：14 件" in svg and "红旗乡 · 本年新收申请：3 件" in svg
    table = re.search(r'id="chart-outcomes-data".*?</table>', html, re.S).group(0)
    assert re.search(r"桃源镇</th><td[^>]*>10</td>", table)


def test_an_agencys_years_side_by_side(world, client):
    for year, received in ((YEAR - 2, 8), (YEAR - 1, 11)):
        uploaded_check(
            world.c.f, world.sup, figures(world.c.f.name, received, 2, year=year), year=year
        )
    signed_in(client, world.sup)
    html = client.get(f"/reports/supervision/agency/{world.c.f.pk}/charts/").content.decode()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    for year, received in ((YEAR - 2, 8), (YEAR - 1, 11), (YEAR, 3)):
        assert f"本年新收申请 · {year} 年：{received} 件" in svg


def test_the_export_has_one_row_per_agency_with_its_figures(world, client):
    signed_in(client, world.sup)
    response = client.get(f"/reports/supervision/{YEAR}/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    keys, labels, data = rows[0], rows[1], rows[2:]
    assert labels[1] == "单位" and len(keys) == len(labels)
    assert len(data) == 7
    by = {r[1]: dict(zip(keys, r, strict=True)) for r in data}
    assert by[world.c.d.name]["table3.new_received.total"] == "14"
    assert by[world.c.e.name]["table3.granted.total"] == "5"
    assert by[world.c.e.name]["status"] == "已发布但有错误"
    assert by[world.c.e.name]["errors"] == "2" and by[world.c.e.name]["rules"] == "S-1"
    assert by[world.c.a.name]["table3.new_received.total"] == ""
    assert by[world.c.a.name]["read_error"] == "没有可用的报告"

    xlsx = client.get(f"/reports/supervision/{YEAR}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 2 + 7
    col = list(values[0]).index("table3.new_received.total")
    by_x = {r[1]: r for r in values[2:]}
    assert by_x[world.c.f.name][col] == 3 and by_x[world.c.a.name][col] is None


@time_machine.travel(moment(dt.date(YEAR + 1, 3, 1)), tick=False)
def test_the_supervision_address_leads_to_the_year_just_ended(world, client):
    signed_in(client, world.sup)
    response = client.get("/reports/supervision/")
    assert response.status_code == 302
    assert response.url == f"/reports/supervision/{YEAR}/?scope={world.c.gov.pk}"
    assert "各单位年度报告情况（督查）" in client.get("/reports/").content.decode()


def test_odd_addresses_get_a_clear_answer_not_a_traceback(world, client):
    signed_in(client, world.sup)
    assert client.get("/reports/supervision/1999/").status_code == 404
    assert client.get(f"/reports/supervision/{YEAR}/?scope=abc").status_code == 404
    page = client.get(f"/reports/supervision/{YEAR}/?state=nonsense&sort=nonsense")
    assert page.status_code == 200 and len(row_states(page.content.decode())) == 7
    response = client.post(f"/reports/supervision/{YEAR}/remind/", {"agency": ""}, follow=True)
    assert "请选择要提醒的单位" in response.content.decode()
    assert not ReportReminder.objects.exists()


def test_a_file_name_that_looks_like_a_formula_stays_text_in_the_export(world, client):
    name = '=HYPERLINK("http://evil.example","点我").docx'
    uploaded_check(world.c.a, world.sup, figures(world.c.a.name, 1, 1), name=name)
    signed_in(client, world.sup)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/reports/supervision/{YEAR}/export.csv").content.decode("utf-8-sig")
            )
        )
    )
    source = rows[0].index("source")
    assert [r[source] for r in rows if world.c.a.name in r] == ["'" + name]
    book = load_workbook(io.BytesIO(client.get(f"/reports/supervision/{YEAR}/export.xlsx").content))
    cells = [c for row in book.active.iter_rows() for c in row if c.value == name]
    assert cells and all(c.data_type == "s" for c in cells)
