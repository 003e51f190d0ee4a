"""Report checking in a real browser: upload, follow the progress, find the marked cell,
explain the finding — with JavaScript (htmx polling) and without (the page refreshes)."""

from __future__ import annotations

import re

import pytest

from gongkai.reports import services
from gongkai.reports.models import ReportCheck

from .samples import report_text, report_with_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_uploads_a_report_and_sees_the_marked_cell(site, people, county, tmp_path):
    path = tmp_path / "青石镇2023年报.txt"
    path.write_bytes(report_with_errors())
    site.sign_in_as(people.supervisor)
    site.goto("/reports/upload/")
    page = site.page
    page.get_by_label("报告文件或压缩包").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r"/reports/uploads/\d+/$"))
    assert "已检查 1 / 1 份" in page.locator("main").inner_text()

    page.get_by_role("link", name="青石镇2023年报.txt").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    cell = page.locator('td[data-location="table3.granted.total"]')
    assert "mark-error" in cell.get_attribute("class")
    assert cell.locator(".mark-symbol").inner_text() == "✗"
    described = cell.get_attribute("aria-describedby").split()
    assert "T3-3" in page.locator(f"#{described[0]}").inner_text()

    # Explain it: the finding turns grey, says who, and the cell's mark becomes ✓.
    finding = page.locator(f"#{described[0]}")
    finding.locator("summary").click()
    finding.get_by_label("说明（为什么不需要改，或已经如何处理）").fill("含一件口头申请")
    with page.expect_navigation():
        finding.get_by_role("button", name="标记为已说明").click()
    finding = page.locator(f"#{described[0]}")
    assert "finding-explained" in finding.get_attribute("class")
    assert "含一件口头申请" in finding.inner_text() and "ogo_admin" in finding.inner_text()
    cell = page.locator('td[data-location="table3.granted.total"]')
    assert cell.locator(".mark-symbol").inner_text() == "✓"
    site.screenshot("report-result")
    assert site.external_requests() == []


def _queue_without_worker(monkeypatch, people):
    monkeypatch.setattr("gongkai.reports.tasks.enqueue_check", lambda check_id: None)
    batch = services.upload_create(
        actor=people.supervisor,
        files=[_file("a.txt", report_text(extra="a")), _file("b.txt", report_text(extra="b"))],
    )
    return batch, list(ReportCheck.objects.filter(batch=batch).order_by("id"))


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_progress_updates_in_place_with_htmx(site, people, county, monkeypatch):
    batch, checks = _queue_without_worker(monkeypatch, people)
    site.sign_in_as(people.supervisor)
    site.goto(f"/reports/uploads/{batch.pk}/")
    page = site.page
    progress = page.locator("#batch-progress")
    assert "已检查 0 / 2 份" in progress.inner_text()
    for check in checks:
        services.check_run(check_id=check.pk)
    page.wait_for_function(
        "() => document.querySelector('#batch-progress').innerText.includes('已检查 2 / 2 份')",
        timeout=15_000,
    )
    assert site.external_requests() == []


def test_without_javascript_the_progress_page_refreshes_itself(
    site_without_js, people, county, monkeypatch
):
    batch, checks = _queue_without_worker(monkeypatch, people)
    site_without_js.sign_in_as(people.supervisor)
    site_without_js.goto(f"/reports/uploads/{batch.pk}/")
    page = site_without_js.page
    assert "已检查 0 / 2 份" in page.locator("main").inner_text()
    for check in checks:
        services.check_run(check_id=check.pk)
    page.wait_for_function(
        "() => document.body.innerText.includes('已检查 2 / 2 份')", timeout=15_000
    )
