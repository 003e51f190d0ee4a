"""Uploading an annual report with a token: the same intake as the upload form (content
checks, duplicates, the check queue), only for the token's agency and those below it."""

from __future__ import annotations

import pytest

from gongkai.api import services
from gongkai.audit.models import AuditEntry
from gongkai.reports.models import ReportCheck, UploadBatch

from .conftest import D, bearer
from .reportfile import report_bytes

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_upload_returns_the_check_and_its_status(api, token, upload, people, on):
    on(D(2026, 2, 10))
    answer = upload(token[1], report_bytes("示例县青石镇", 2025))
    assert answer.status_code == 202
    data = answer.json()
    check = ReportCheck.objects.get(pk=data["check_id"])
    assert check.agency == people.world.town_a and check.year == 2025
    assert check.uploaded_by == people.head  # in the creator's name
    assert data["status_url"].endswith(f"/api/checks/{check.pk}")
    assert data["files"][0]["outcome"] == "accepted" and data["duplicate"] is False

    status = api.get(data["status_url"], **bearer(token[1]))
    assert status.status_code == 200
    result = status.json()
    assert result["status"] == "done" and result["finished"] is True
    assert result["counts"]["error"] == 0
    assert result["figures"]["table3"]["new_received"]["total"] == 6
    assert "no-store" in status["Cache-Control"]
    assert AuditEntry.objects.filter(kind="api.report_uploaded").count() == 1
    assert AuditEntry.objects.filter(kind="reports.upload", actor=people.head).count() == 1


def test_the_same_file_again_is_recognised_as_a_duplicate(token, upload):
    first = upload(token[1], report_bytes("示例县青石镇", 2025)).json()
    again = upload(token[1], report_bytes("示例县青石镇", 2025), name="另一个名字.txt")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["check_id"] == first["check_id"]
    assert "内容相同" in again.json()["files"][0]["message"]
    assert ReportCheck.objects.count() == 1


def test_a_picture_named_pdf_is_refused_by_its_content(token, upload):
    answer = upload(token[1], PNG, name="年度报告.pdf")
    assert answer.status_code == 400
    detail = answer.json()["detail"]
    assert "年度报告.pdf" in detail and "图片" in detail
    assert ReportCheck.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(token, upload, settings):
    settings.GONGKAI_REPORT_MAX_BYTES = 1000
    answer = upload(token[1], report_bytes("示例县青石镇", 2025))
    assert answer.status_code == 400
    assert "上限" in answer.json()["detail"]


def test_a_token_writes_only_for_its_own_agency(token, upload):
    answer = upload(token[1], report_bytes("示例县石桥镇", 2025), slug="shiqiao")
    assert answer.status_code == 403
    assert "只能为「青石镇人民政府」及其下级单位上传" in answer.json()["detail"]
    assert UploadBatch.objects.count() == 0


def test_a_county_token_writes_for_the_agencies_below(people, upload):
    _row, raw = services.token_create(
        actor=people.world.supervisor, agency=people.world.county, name="县里"
    )
    for slug in ("qingshi", "qingshi-cun", "shiqiao"):
        assert upload(raw, report_bytes(slug, 2025), slug=slug).status_code == 202
    assert upload(raw, report_bytes("邻县", 2025), slug="other").status_code == 403


def test_a_token_never_does_more_than_its_creator(token, upload):
    # The head answers for the township, not for its village (reports' own rule).
    answer = upload(token[1], report_bytes("青石村", 2025), slug="qingshi-cun")
    assert answer.status_code == 403
    assert "令牌的创建人「qs_head」不能为「青石村」上传" in answer.json()["detail"]
    assert UploadBatch.objects.count() == 0


@pytest.mark.parametrize(
    "header, words",
    [
        (None, "缺少接口令牌"),
        ("Bearer gk_not-a-real-token", "接口令牌无效"),
        ("Basic dXNlcjpwYXNz", "缺少接口令牌"),
    ],
)
def test_no_valid_token_is_a_401_in_chinese(api, world, header, words):
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    answer = api.post("/api/agencies/qingshi/annual-reports/2025/uploads", {}, **headers)
    assert answer.status_code == 401
    assert words in answer.json()["detail"]
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_a_check_of_another_agency_is_not_found(api, people, token, upload):
    _row, county_raw = services.token_create(
        actor=people.world.supervisor, agency=people.world.county, name="县里"
    )
    check_id = upload(county_raw, report_bytes("石桥镇", 2025), slug="shiqiao").json()["check_id"]
    assert api.get(f"/api/checks/{check_id}", **bearer(county_raw)).status_code == 200
    answer = api.get(f"/api/checks/{check_id}", **bearer(token[1]))
    assert answer.status_code == 404
    assert "无权查看" in answer.json()["detail"]


def test_uploads_are_limited_per_hour(token, upload, settings):
    settings.GONGKAI_API_UPLOADS_PER_HOUR = 2
    for n in range(2):
        assert upload(token[1], report_bytes("示例县青石镇", 2025, note=str(n))).status_code == 202
    answer = upload(token[1], report_bytes("示例县青石镇", 2025, note="3"))
    assert answer.status_code == 429
    assert "每小时最多上传 2 次" in answer.json()["detail"]
    assert int(answer["Retry-After"]) > 0


def test_using_a_token_is_noted(api, token):
    row, raw = token
    assert row.last_used_at is None
    api.get("/api/checks/1", **bearer(raw))
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_a_missing_file_is_a_422_in_chinese(api, token):
    answer = api.post("/api/agencies/qingshi/annual-reports/2025/uploads", {}, **bearer(token[1]))
    assert answer.status_code == 422
    assert "file" in answer.json()["detail"]
