"""The list of checks with its filters and counts, and the upload page's progress."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.models import CheckStatus, ReportCheck

from .conftest import upload
from .samples import report_text, report_with_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(county, people, django_capture_on_commit_callbacks):
    """青石镇 2023 (3 errors), 石桥镇 2022 (clean), and a file that is no report."""
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_create(
            actor=people.supervisor,
            files=[
                upload("青石镇2023.txt", report_with_errors("示例县青石镇", 2023)),
                upload("石桥镇2022.txt", report_text("示例县石桥镇", 2022)),
                upload("随便.txt", "不是年度报告的文字。\n".encode()),
            ],
        )
    return {c.original_name: c for c in ReportCheck.objects.all()}


def _rows(client, **params):
    response = client.get(reverse("reports:list"), params)
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content.decode())
    names = [a.text_content().strip() for a in doc.xpath('//table[@id="checks"]/tbody/tr/td[1]/a')]
    return names, doc.get_element_by_id("totals").text_content()


def test_the_list_shows_every_visible_check_with_counts(client, people, checks):
    client.force_login(people.supervisor)
    names, totals = _rows(client)
    assert sorted(names) == sorted(checks)
    assert "共 3 份" in totals and "已完成 2" in totals and "无法读取 1" in totals
    assert "有错误的报告 1 份" in totals and "错误 3 个（未说明 3 个）" in totals


def test_the_list_filters_by_agency_year_and_status(client, county, people, checks):
    client.force_login(people.supervisor)
    assert _rows(client, agency=county.a.pk)[0] == ["青石镇2023.txt"]
    assert _rows(client, year=2022)[0] == ["石桥镇2022.txt"]
    assert _rows(client, status=CheckStatus.UNREADABLE)[0] == ["随便.txt"]
    names, totals = _rows(client, agency=county.b.pk, year=2023)
    assert names == [] and "共 0 份" in totals


def test_a_township_lists_only_its_own_reports(client, county, people, checks):
    client.force_login(people.clerk_b)
    names, totals = _rows(client)
    assert names == ["石桥镇2022.txt"] and "共 1 份" in totals
    # Asking for another township's reports by filter does not show them either.
    assert "青石镇2023.txt" not in _rows(client, agency=county.a.pk)[0]


def test_the_auditor_sees_no_reports(client, people, checks):
    client.force_login(people.auditor)
    names, totals = _rows(client)
    assert names == [] and "共 0 份" in totals


def test_the_upload_page_shows_progress_and_refreshes_until_done(
    client, people, county, monkeypatch
):
    # No worker: the checks stay queued.
    monkeypatch.setattr("gongkai.reports.tasks.enqueue_check", lambda check_id: None)
    client.force_login(people.supervisor)
    response = client.post(
        reverse("reports:upload"),
        {
            "files": [
                upload("a.txt", report_text(extra="a")),
                upload("b.txt", report_text(extra="b")),
                upload("c.pdf", b"\x89PNG\r\n\x1a\nnot really"),
            ]
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "已检查 0 / 2 份" in html
    assert "1 个文件未接收" in html and "c.pdf" in html and "图片" in html
    doc = lxml.html.fromstring(html)
    (poller,) = doc.xpath('//*[@id="batch-progress"]')
    assert poller.get("hx-get") == response["Location"] and "every" in poller.get("hx-trigger")
    # Without JavaScript the page refreshes itself.
    assert doc.xpath('//noscript/meta[@http-equiv="refresh"]') or doc.xpath(
        '//meta[@http-equiv="refresh"]'
    )

    # One check finishes: the polled fragment says so and keeps polling.
    first = ReportCheck.objects.order_by("id").first()
    services.check_run(check_id=first.pk)
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "已检查 1 / 2 份" in fragment.content.decode()

    # All done: htmx is told to stop polling (286), and the page stops refreshing.
    services.check_run(check_id=ReportCheck.objects.order_by("id").last().pk)
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.status_code == 286 and "已检查 2 / 2 份" in fragment.content.decode()
    done = lxml.html.fromstring(client.get(response["Location"]).content.decode())
    assert not done.xpath('//meta[@http-equiv="refresh"]')
    assert done.xpath('//*[@id="batch-progress"]')[0].get("hx-get") is None


def test_a_queued_check_page_polls_its_status_and_reloads_when_done(
    client, people, county, monkeypatch
):
    monkeypatch.setattr("gongkai.reports.tasks.enqueue_check", lambda check_id: None)
    batch = services.upload_create(actor=people.clerk_a, files=[upload("a.txt", report_text())])
    check = batch.items.get().report_check
    client.force_login(people.clerk_a)
    html = client.get(reverse("reports:detail", args=[check.pk])).content.decode()
    assert "排队中" in html and reverse("reports:status", args=[check.pk]) in html
    status = client.get(reverse("reports:status", args=[check.pk]))
    assert "HX-Refresh" not in status
    services.check_run(check_id=check.pk)
    status = client.get(reverse("reports:status", args=[check.pk]))
    assert status["HX-Refresh"] == "true"


def test_the_upload_form_offers_a_township_only_its_own_agency(client, people, county):
    client.force_login(people.clerk_a)
    doc = lxml.html.fromstring(client.get(reverse("reports:upload")).content.decode())
    options = [o.text_content() for o in doc.xpath('//select[@name="agency"]/option')]
    assert options == [county.a.name]


def test_the_upload_form_offers_a_supervisor_every_agency_of_the_county(client, people, county):
    client.force_login(people.supervisor)
    doc = lxml.html.fromstring(client.get(reverse("reports:upload")).content.decode())
    options = [o.text_content() for o in doc.xpath('//select[@name="agency"]/option')]
    assert options[0] == "根据报告内容自动识别"
    assert set(options[1:]) == {county.gov.name, county.office.name, county.a.name, county.b.name}


def test_an_upload_without_files_says_so(client, people):
    client.force_login(people.supervisor)
    response = client.post(reverse("reports:upload"), {"year": ""})
    assert response.status_code == 400 and "请选择要上传的文件" in response.content.decode()


def test_too_large_an_upload_is_refused_before_its_body_is_read(client, people, settings):
    settings.GONGKAI_UPLOAD_MAX_TOTAL = 1000
    client.force_login(people.supervisor)
    response = client.post(
        reverse("reports:upload"), {"files": [upload("a.txt", b"x" * 2_000_000)]}
    )
    assert response.status_code == 413
    assert "超过一次上传" in response.content.decode()
    assert not ReportCheck.objects.exists()


def test_too_many_files_in_one_request_get_a_message(client, people, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client.force_login(people.supervisor)
    files = [upload(f"{i}.txt", report_text(extra=str(i))) for i in range(3)]
    response = client.post(reverse("reports:upload"), {"files": files})
    assert response.status_code == 400 and "zip" in response.content.decode()
