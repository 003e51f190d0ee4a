"""The back-office and public pages: thin views over the services."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.accounts.testing import sign_in
from gongkai.catalog import services
from gongkai.catalog.models import CatalogEntry

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get("/catalog/")
    assert response.status_code == 302


def test_clerk_installs_adds_and_exports(client, world):
    sign_in(client, world.drafter)
    response = client.get("/catalog/")
    assert "青石镇人民政府" in response.content.decode()
    response = client.post("/catalog/a/qingshi/starter/", {"kind": "township"})
    assert response.status_code == 302
    top = CatalogEntry.objects.get(agency=world.town_a, code="t02")
    page = client.get("/catalog/a/qingshi/").content.decode()
    assert "机构设置和职能" in page and "条例" in page
    response = client.post(
        f"/catalog/a/qingshi/new/?parent={top.pk}",
        {"name": "", "audience": "public", "mode": "proactive", "content": "保留的内容"},
    )
    assert response.status_code == 200 and "保留的内容" in response.content.decode()
    response = client.post(
        "/catalog/a/qingshi/new/",
        {
            "parent": top.pk,
            "name": "办公地点",
            "audience": "public",
            "mode": "proactive",
            "channels": ["website", "notice_board"],
        },  # fmt: skip
    )
    assert response.status_code == 302
    assert top.children.filter(name="办公地点").exists()
    response = client.get("/catalog/a/qingshi/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any(row[1] == "办公地点" for row in sheet.iter_rows(values_only=True))


def test_other_agencies_answer_403(client, world):
    sign_in(client, world.drafter)
    assert client.get("/catalog/a/shiqiao/").status_code == 403
    assert client.post("/catalog/a/shiqiao/starter/", {"kind": "township"}).status_code == 403
    assert client.get("/catalog/a/shiqiao/guide/").status_code == 403
    sign_in(client, world.sysadmin)
    assert client.get("/catalog/a/qingshi/").status_code == 403


def test_import_page_lists_problems(client, world):
    sign_in(client, world.drafter)
    upload = SimpleUploadedFile(
        "目录.xlsx", b"not a workbook", content_type="application/octet-stream"
    )
    response = client.post("/catalog/a/qingshi/import/", {"file": upload})
    assert response.status_code == 400
    assert "不是 Excel 工作簿" in response.content.decode()


def test_guide_editor_history_diff_and_public_page(client, world):
    sign_in(client, world.drafter)
    page = client.get("/catalog/a/qingshi/guide/").content.decode()
    assert "20个工作日" in page and "补正" in page
    body = "<p>一</p><p>二</p>"
    assert (
        client.post("/catalog/a/qingshi/guide/", {"title": "指南", "body_html": body}).status_code
        == 302
    )
    body2 = "<p>一</p><p>三</p>"
    client.post("/catalog/a/qingshi/guide/", {"title": "指南", "body_html": body2, "note": "改"})
    assert "与上一版比较" in client.get("/catalog/a/qingshi/guide/history/").content.decode()
    diff = client.get("/catalog/a/qingshi/guide/diff/?a=1&b=2").content.decode()
    assert 'data-op="removed"' in diff and 'data-op="added"' in diff
    client.logout()
    public = client.get("/gk/qingshi/guide/").content.decode()
    assert "<p>三</p>" in public
    assert "尚未发布" in client.get("/gk/shiqiao/guide/").content.decode()


def test_starter_guide_publishes_as_is(world):
    from gongkai.catalog.data.guide import STARTER_GUIDE_HTML, STARTER_GUIDE_TITLE

    version = services.guide_publish(
        actor=world.drafter, agency=world.town_a,
        title=STARTER_GUIDE_TITLE.format(agency=world.town_a.name),
        body_html=STARTER_GUIDE_HTML.format(agency=world.town_a.name),
    )  # fmt: skip
    text = "".join(services.guide_text(version.body_html))
    for phrase in (
        "网上申请",
        "信函申请",
        "当面申请",
        "20个工作日",
        "补正",
        "109号",
        "行政复议",
        "行政诉讼",
    ):
        assert phrase in text
