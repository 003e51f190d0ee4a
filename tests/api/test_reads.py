"""The public reads: what someone building on the API expects to get back."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications.selectors import annual_tables

from .conftest import D
from .reportfile import figures, report_bytes

pytestmark = pytest.mark.django_db


def test_the_agency_tree_lists_every_agency_with_its_parent(api, world):
    answer = api.get("/api/agencies")
    assert answer.status_code == 200
    rows = {a["slug"]: a for a in answer.json()}
    assert set(rows) >= {"county", "ogo", "qingshi", "qingshi-cun", "shiqiao", "other"}
    assert rows["qingshi-cun"]["parent"] == world.town_a.pk
    assert rows["qingshi-cun"]["parent_slug"] == "qingshi"
    assert rows["county"]["parent"] is None
    assert rows["qingshi"]["name"] == "青石镇人民政府"
    assert rows["qingshi"]["kind"] == "government" and rows["qingshi"]["level"] == "township"
    assert rows["qingshi"]["portal_url"] == "/gk/qingshi/"
    assert rows["ogo"]["portal_url"] is None  # an office publishes through its government
    order = [a["slug"] for a in answer.json()]
    assert order.index("qingshi") < order.index("qingshi-cun")


def test_one_agency_by_its_slug_and_an_unknown_one_in_chinese(api, world):
    assert api.get("/api/agencies/qingshi").json()["id"] == world.town_a.pk
    missing = api.get("/api/agencies/no-such-town")
    assert missing.status_code == 404
    assert "no-such-town" in missing.json()["detail"] and "机构" in missing.json()["detail"]


def test_published_items_come_with_their_metadata_newest_first(api, items):
    answer = api.get("/api/agencies/qingshi/items")
    assert answer.status_code == 200
    page = answer.json()
    assert page["count"] == 3
    assert [i["title"] for i in page["items"]] == [
        "《青石镇春季森林防火通知》政策解读",
        "青石镇2026年第一季度财政收支情况",
        "青石镇关于做好春季森林防火工作的通知",
    ]
    notice = page["items"][2]
    assert notice["index_number"] == items.notice.index_number
    assert notice["doc_number"] == "青政发〔2026〕3号"
    assert notice["kind"] == "document" and notice["kind_label"] == "文件"
    assert notice["doc_type"] == "normative"
    assert notice["written_on"] == "2026-03-02"
    assert notice["generated_on"] == "2026-03-03"
    assert notice["published_on"] == "2026-03-03"
    assert notice["validity"] == "valid"
    assert notice["url"] == f"/publishing/p/qingshi/{items.notice.pk}/"


def test_drafts_items_in_review_and_withdrawn_items_never_appear(api, items):
    body = api.get("/api/agencies/qingshi/items?per_page=100").content.decode()
    for hidden in (items.draft, items.in_review, items.withdrawn):
        assert hidden.index_number not in body
    for title in ("草稿", "审核中", "临时救助名单"):
        assert title not in body


def test_items_filtered_by_kind_and_by_publication_date(api, items):
    documents = api.get("/api/agencies/qingshi/items?kind=document").json()
    assert [i["id"] for i in documents["items"]] == [items.notice.pk]
    april = api.get(
        "/api/agencies/qingshi/items?published_from=2026-04-01&published_to=2026-04-30"
    ).json()
    assert [i["id"] for i in april["items"]] == [items.budget.pk]


def test_items_are_paginated(api, items):
    first = api.get("/api/agencies/qingshi/items?per_page=2").json()
    second = api.get("/api/agencies/qingshi/items?per_page=2&page=2").json()
    assert (first["count"], first["pages"], len(first["items"])) == (3, 2, 2)
    assert [i["id"] for i in second["items"]] == [items.notice.pk]
    beyond = api.get("/api/agencies/qingshi/items?per_page=2&page=9").json()
    assert beyond["items"] == [] and beyond["count"] == 3


@pytest.mark.parametrize(
    "query",
    [
        "kind=secret",
        "published_from=2026-13-01",
        "page=0",
        "per_page=1000",
        "page=abc",
    ],
)
def test_bad_parameters_are_refused_in_chinese(api, world, query):
    answer = api.get(f"/api/agencies/qingshi/items?{query}")
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert "参数不正确" in detail
    assert query.split("=")[0] in detail


def test_a_date_range_backwards_is_refused(api, world):
    answer = api.get(
        "/api/agencies/qingshi/items?published_from=2026-05-01&published_to=2026-04-01"
    )
    assert answer.status_code == 400
    assert "不能晚于" in answer.json()["detail"]


def test_public_reads_carry_an_etag_and_a_short_max_age(api, items):
    answer = api.get("/api/agencies/qingshi/items")
    assert "public" in answer["Cache-Control"] and "max-age=60" in answer["Cache-Control"]
    etag = answer["ETag"]
    again = api.get("/api/agencies/qingshi/items", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_a_withdrawal_changes_the_etag(api, items, people):
    from gongkai.publishing import services as pub

    before = api.get("/api/agencies/qingshi/items")["ETag"]
    pub.withdraw(actor=people.head, item=items.budget, reason="数据有误")
    after = api.get("/api/agencies/qingshi/items", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert items.budget.index_number not in after.content.decode()


def test_application_statistics_are_the_counts_of_tables_three_and_four(api, applications):
    answer = api.get("/api/agencies/qingshi/application-statistics/2026")
    assert answer.status_code == 200
    data = answer.json()
    expected = annual_tables([applications], 2026)
    assert data["table3"] == expected.table3
    assert data["table4"] == expected.table4
    assert data["table3"]["new_received"]["natural_person"] == 2
    assert data["table3"]["granted"]["total"] == 1
    assert data["table3"]["carried_forward"]["total"] == 1
    assert data["format"] == "v2021"
    assert api.get("/api/agencies/qingshi/application-statistics/2020").json()["format"] == "v2019"


def test_a_year_out_of_range_is_refused(api, world):
    answer = api.get("/api/agencies/qingshi/application-statistics/1999")
    assert answer.status_code == 422
    assert "year" in answer.json()["detail"]


def test_report_figures_of_an_uploaded_report(api, token, upload, on):
    on(D(2026, 2, 10))
    uploaded = upload(token[1], report_bytes("示例县青石镇", 2025))
    assert uploaded.status_code == 202
    assert api.get("/api/agencies/qingshi/annual-reports").json() == [
        {"year": 2025, "source": "uploaded"}
    ]
    data = api.get("/api/agencies/qingshi/annual-reports/2025").json()
    t2, t3, t4 = figures()
    assert data["source"] == "uploaded"
    assert data["format"] == "v2021"
    assert data["table3"] == t3
    assert data["table4"] == t4
    assert data["table2"]["normative_documents"] == t2["normative_documents"]
    assert all(data["sections"].values())
    assert data["findings"] == {"error": 0, "warning": 0, "info": 0}
    assert dt.datetime.fromisoformat(data["checked_at"])


def test_no_report_for_a_year_is_a_404_in_chinese(api, world):
    answer = api.get("/api/agencies/qingshi/annual-reports/2024")
    assert answer.status_code == 404
    assert "2024 年度还没有发布或上传年度报告" in answer.json()["detail"]


def test_the_openapi_description_and_the_docs_page_load_nothing_from_elsewhere(api, db):
    schema = api.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/agencies/{slug}/items" in schema["paths"]
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/api/agencies/{slug}/annual-reports/{year}/uploads" in page
    assert "<script" not in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_a_wrong_method_or_address_is_answered_in_json(api, db):
    wrong_method = api.delete("/api/agencies")
    assert wrong_method.status_code == 405
    assert "DELETE" in wrong_method.json()["detail"]
    assert "GET" in wrong_method["Allow"]
    nowhere = api.get("/api/agencies/qingshi/secrets")
    assert nowhere.status_code == 404
    assert "没有这个接口地址" in nowhere.json()["detail"]
